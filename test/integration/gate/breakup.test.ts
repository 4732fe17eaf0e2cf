// The gate at CI size, end to end: scenarios/breakup.yaml at its default 3 runs, played by
// `chatproof eval` against a jittered fixture server (+-30% on TTFT and on every chunk gap,
// seeded) on 127.0.0.1. The same server twice is not flagged; the same server with a 30% longer
// TTFT is, as TTFT and not as anything else; a folder of earlier runs is a pooled baseline with
// its trend in compare.html and trend.png; `chatproof trend` draws the same chart on its own.
// No timing is asserted: only verdicts, exit codes and files.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { type FixtureOptions, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { compareCommand } from '../../../src/cli/commands/compare.js';
import { evalCommand } from '../../../src/cli/commands/eval.js';
import { gateCommand } from '../../../src/cli/commands/gate.js';
import { trendCommand } from '../../../src/cli/commands/trend.js';
import type { Comparison, LatencyRow } from '../../../src/compare/types.js';
import { ROOT, tempDir } from '../../helpers/eval-harness.js';

const dir = tempDir('chatproof-gate-breakup-');
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

const BREAKUP = path.join(ROOT, 'scenarios', 'breakup.yaml');
// 150 ms to the first token and 20 ms a chunk, each drawn +-30% per request: the noise model of
// bench:gate's "jitter" rows, on a real server.
const SERVER: FixtureOptions = { ttftMs: 150, itlMs: 20, jitter: 0.3 };

function io(): { stdout: PassThrough & { isTTY: boolean }; stderr: PassThrough; text: () => string } {
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const chunks: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stdout, stderr: new PassThrough(), text: () => chunks.join('') };
}

/** `chatproof eval breakup.yaml` (its default 3 runs) against a fresh jittered fixture. */
async function evalRun(folder: string, fixture: FixtureOptions): Promise<string> {
  const server = await startFixtureServer({ ...SERVER, ...fixture });
  try {
    // Exit 1 is expected: the fixture's echo replies miss the scenario's SLOs and checks.
    await evalCommand([BREAKUP, '--target', server.url, '--out', folder, '--no-report', '--concurrency', '3'], io());
    return folder;
  } finally {
    await server.close();
  }
}

// The fixture echoes the user, so the scenario's own accuracy and latency SLOs fail by design;
// loosened here so that the exit code is the comparison's alone.
const LOOSE = ['--slo', 'contextAccuracy>=0%', '--slo', 'e2e.p95<=60s'];

let n = 0;
async function compare(args: string[], command = compareCommand): Promise<{ code: number; json: Comparison }> {
  const file = path.join(dir, `cmp-${++n}.json`);
  const code = await command([...args, ...LOOSE, '--json', file, '--quiet'], io());
  return { code, json: JSON.parse(readFileSync(file, 'utf8')) as Comparison };
}

const row = (c: Comparison, metric: string): LatencyRow =>
  c.rows.find((r) => r.kind === 'latency' && r.metric === metric) as LatencyRow;

const history = path.join(dir, 'main-runs');
let base: string;
let same: string;
let slow: string;
t.before(async () => {
  mkdirSync(history, { recursive: true });
  await evalRun(path.join(history, 'run-1'), { seed: 11 });
  base = await evalRun(path.join(history, 'run-2'), { seed: 12 });
  same = await evalRun(path.join(dir, 'same'), { seed: 13 });
  slow = await evalRun(path.join(dir, 'slow'), { seed: 14, ttftMs: 195 });
});

t.test('breakup.yaml at its default 3 runs: the same server is not flagged', async (t) => {
  const { code, json } = await compare([base, same]);
  t.equal(code, 0, 'exit 0');
  t.not(json.verdict, 'regression');
  for (const r of json.rows) t.not(r.verdict, 'regression', `${r.metric}: ${'reason' in r ? r.reason : ''}`);
  const ttft = row(json, 'latency.ttftMs.p50');
  t.equal(ttft.size.baseline.conversations, 3, 'three conversations a run');
  t.ok(ttft.ci !== null && ttft.ci.low < 0.1, `the interval reaches below the tolerance: ${ttft.reason}`);
});

t.test('breakup.yaml at its default 3 runs: a 30% longer TTFT is flagged, as TTFT', async (t) => {
  const { code, json } = await compare([base, slow]);
  t.equal(code, 1, 'exit 1');
  t.equal(json.verdict, 'regression');
  const ttft = row(json, 'latency.ttftMs.p50');
  t.equal(ttft.verdict, 'regression', ttft.reason);
  t.ok(ttft.ci!.low > 0, 'significant');
  t.ok(ttft.change! > 0.1, 'beyond the tolerance');
  t.match(ttft.reason, /estimate \+\d+\.\d%, interval .* tolerance/);
  // Chunk gaps did not change, so the inter-token rows must not call a regression.
  for (const p of ['p50', 'p95']) t.not(row(json, `latency.itlMs.${p}`).verdict, 'regression', `ITL ${p}`);
});

t.test('a folder of earlier runs is a pooled baseline, with the trend in compare.html and trend.png', async (t) => {
  const html = path.join(dir, 'gate-compare.html');
  const { code, json } = await compare([slow, '--baseline', history, '--html', html], gateCommand);
  t.equal(code, 1, 'the slower server is still flagged against the history');
  t.equal(row(json, 'latency.ttftMs.p50').verdict, 'regression');
  t.equal(json.baselineHistory?.runIds.length, 2, 'both earlier runs pooled');
  t.equal(row(json, 'latency.ttftMs.p50').size.baseline.conversations, 6, 'their conversations pooled');
  const page = readFileSync(html, 'utf8');
  t.match(page, /Across releases/);
  t.match(page, /"id":"trend"/);
  t.ok(existsSync(path.join(dir, 'trend.png')), 'trend.png beside compare.html');
  // --baseline-runs 1: only the newest run of the folder.
  const newest = await compare([slow, '--baseline', history, '--baseline-runs', '1', '--html', html], gateCommand);
  t.same(newest.json.baselineHistory?.runIds, [newest.json.baselineRunId]);
  t.match(newest.json.baselineHistory?.skipped[0]?.reason ?? '', /older than the newest 1/);
});

t.test('chatproof trend draws the runs oldest to newest, as HTML and PNG', async (t) => {
  const out = path.join(dir, 'trend-out');
  const cli = io();
  const code = await trendCommand([history, same, slow, same, '--out', out], cli);
  t.equal(code, 0);
  const page = readFileSync(path.join(out, 'trend.html'), 'utf8');
  t.match(page, /Latency and context accuracy across 4 runs/, 'a run given twice counts once');
  const png = readFileSync(path.join(out, 'trend.png'));
  t.same([...png.subarray(1, 4)], [...Buffer.from('PNG')], 'a PNG file');
  const rows = cli
    .text()
    .split('\n')
    .filter((l) => /^\s+\d{4}-\d\d-\d\d/.test(l));
  t.equal(rows.length, 4);
  t.same(
    rows.map((l) => l.trim().slice(0, 16)),
    [...rows.map((l) => l.trim().slice(0, 16))].sort(),
    'oldest first',
  );
  await t.rejects(trendCommand([path.join(dir, 'nothing-here')], io()), { message: /no such file or folder/ });
});

t.test('a history folder without runs is an input error naming it', async (t) => {
  const empty = path.join(dir, 'empty-history');
  mkdirSync(empty, { recursive: true });
  await t.rejects(compare([slow, '--baseline', empty], gateCommand), {
    message: /neither a results\.json nor run folders/,
    exitCode: 2,
  });
  // A run folder moved into a history folder keeps working as a history of one.
  const lone = path.join(dir, 'lone');
  mkdirSync(lone, { recursive: true });
  renameSync(same, path.join(lone, 'same'));
  const { json } = await compare([slow, '--baseline', lone], gateCommand);
  t.equal(json.baselineHistory?.runIds.length, 1);
  renameSync(path.join(lone, 'same'), same);
});
