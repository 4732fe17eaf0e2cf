// `chatproof load` and its errors end to end: bad input (exit 2, one paragraph), a short run,
// Ctrl-C keeping every level measured so far, and --raw against autocannon.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type FixtureServer, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { loadCommand } from '../../../src/cli/commands/load.js';
import type { Results } from '../../../src/core/types.js';
import { MEMORY_SCENARIO, tempDir, writeScenario } from '../../helpers/eval-harness.js';

let server: FixtureServer;
let scenario: string;
t.before(async () => {
  server = await startFixtureServer({ ttftMs: 20, itlMs: 2, reply: 'You live in Lisbon. Lisbon is lovely.' });
  scenario = writeScenario(tempDir(), 'memory-mini', MEMORY_SCENARIO);
});
t.teardown(() => server.close());

const valid = (level: { health: Array<{ valid: boolean }> }): boolean => level.health.every((h) => h.valid);

function io(): { out: string[]; err: string[]; io: Parameters<typeof loadCommand>[1] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
  };
}

t.test('bad input is one clear paragraph and exit 2', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [[], /name at least one scenario/],
    [[scenario], /say how much load/],
    [[scenario, '--users', '2', '--rate', '1'], /not both/],
    [[scenario, '--users', '0'], /--users: expected whole numbers/],
    [[scenario, '--users', '2', '--think', 'later'], /--think: "later" is not a think time/],
    [[scenario, '--sweep', '--shard', '1/2'], /--sweep with --shard/],
    [[scenario, '--users', '2', '--duraton', '1s'], /did you mean --duration/],
    [[scenario, '--users', '2', '--duration', '0'], /--duration: expected a duration above 0/],
  ];
  for (const [argv, message] of cases) {
    await t.rejects(loadCommand(argv, io().io), { exitCode: 2, message }, argv.join(' '));
  }
});

t.test('a short closed-loop run writes results.json with a load section', async (t) => {
  const out = path.join(tempDir(), 'run');
  const o = io();
  const code = await loadCommand(
    [
      scenario,
      '--target',
      server.url,
      '--users',
      '1,3',
      '--duration',
      '600ms',
      '--warmup',
      '100ms',
      '--slo',
      'e2e.p95<=2s',
      '--slo',
      'contextAccuracy>=90%',
      '--out',
      out,
    ],
    o.io,
  );
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
  const load = results.load!;
  // 4 only when this (shared, busy) machine stalled the harness itself, and then it says so.
  const behind = load.levels.some((l) => l.health.some((h) => !h.valid));
  t.equal(code, behind ? 4 : 0, o.err.join(''));
  if (behind) t.match(o.err.join(''), /harness fell behind/);
  t.same(
    load.levels.map((l) => l.users),
    [1, 3],
  );
  t.same(
    load.levels.map((l) => l.verdict),
    ['pass', 'pass'],
  );
  // A level the harness could not keep up with is never the knee.
  t.equal(load.knee?.users, behind ? (valid(load.levels[1]!) ? 3 : valid(load.levels[0]!) ? 1 : undefined) : 3);
  t.equal(load.levels[1]!.figures.contextAccuracy, 1);
  const lines = readFileSync(path.join(out, 'turns.jsonl'), 'utf8').trim().split('\n');
  t.equal(lines.length - 1, results.turns.length, 'turns.jsonl holds every counted turn after its header');
  const text = o.out.join('');
  t.match(text, /Load \(closed loop/);
  t.match(text, /Harness health/);
  if (!behind) t.match(text, /Knee: 3 users \(level 2\)/);
  t.match(o.err.join(''), /level 1: 1 user for/);
});

t.test('Ctrl-C stops cleanly and keeps the results so far', async (t) => {
  const out = path.join(tempDir(), 'run');
  const o = io();
  const running = loadCommand(
    [scenario, '--target', server.url, '--users', '2,4', '--duration', '30s', '--warmup', '0', '--out', out, '--quiet'],
    o.io,
  );
  // Ctrl-C once the level is under way (a few replies served), however long this machine took.
  server.reset();
  while (server.log.filter((r) => r.path === '/v1/chat/completions' && r.endAt !== undefined).length < 4) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  process.emit('SIGINT');
  const code = await running;
  t.equal(code, 130);
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
  const level = results.load!.levels[0]!;
  t.equal(results.load!.levels.length, 1, 'no level after the interrupted one');
  t.equal(level.cut, 'interrupted');
  t.ok(level.durationMs < 5000, `window cut short (${level.durationMs} ms)`);
  t.ok(level.counts.turns > 0, 'turns measured before Ctrl-C are kept');
  t.equal(
    level.counts.turns,
    results.turns.filter((r) => r.timing.queuedMs !== undefined).length,
    'every sent turn is counted',
  );
  t.equal(level.counts.interrupted, 0, 'conversations cut by Ctrl-C are incomplete, not interruptions');
  t.match(o.err.join(''), /Stopping/);
});

t.test("--raw drives autocannon and cross-checks chatproof's client", async (t) => {
  const out = path.join(tempDir(), 'run');
  const o = io();
  const code = await loadCommand(
    [scenario, '--target', server.url, '--raw', '--connections', '4', '--duration', '1s', '--out', out],
    o.io,
  );
  t.equal(code, 0, o.err.join(''));
  const raw = (JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results).load!.raw!;
  t.equal(raw.tool, 'autocannon');
  // Counts in a fixed second depend on how busy this machine is: that both ran is the fact here.
  t.ok(raw.requests > 0, `${raw.requests} requests`);
  t.equal(raw.errors + raw.non2xx, 0);
  t.ok(raw.latencyMs.p50 >= 20, 'autocannon sees the server delay');
  t.ok(raw.chatproof!.requests > 0, `${raw.chatproof!.requests} requests through chatproof's client`);
  t.ok(raw.chatproof!.e2eMs.p50! >= 20, 'and so does chatproof');
  t.match(o.out.join(''), /Raw capacity \(autocannon, 4 connections/);
});
