// End to end: the real CLI against the real fixture server on 127.0.0.1.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import t from 'tap';
import { type ReceivedRequest, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import type { Results } from '../../../src/core/types.js';
import { readTurnLog } from '../../../src/store/turn-log-reader.js';
import { MEMORY_SCENARIO, ROOT, runCli, tempDir, writeScenario } from '../../helpers/eval-harness.js';

/** Answers "Where do I live?" from whatever history it was sent, like a model with perfect recall. */
function recallingReply(req: ReceivedRequest): string {
  const messages = req.body.messages ?? [];
  if (/where do i live/i.test(req.lastUser)) {
    const said = messages.some((m) => m.role === 'user' && String(m.content).includes('Lisbon'));
    return said ? 'You live in Lisbon.' : 'I do not know where you live.';
  }
  return `Noted: ${req.lastUser}`;
}

const readResults = (dir: string): Results =>
  JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results;

t.test('a passing run: results.json valid against its schema, every turn logged, exit 0', async (t) => {
  const server = await startFixtureServer({ reply: recallingReply, ttftMs: 5, itlMs: 1 });
  t.teardown(() => server.close());
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const out = path.join(dir, 'run');
  const run = await runCli(['eval', file, '--target', server.url, '--out', out, '--no-report']);
  t.equal(run.code, 0, run.stderr);
  const results = readResults(out);
  t.equal(results.summary.contextAccuracy, 1);
  t.same(results.summary.memoryChecks, { ...results.summary.memoryChecks, passed: 2, total: 2 });
  t.equal(results.summary.interruptionRate, 0);
  t.equal(results.summary.verdict, 'pass');
  t.equal(results.summary.conversations.completed, 2);
  t.equal(results.run.target.model, 'fixture-model', 'model taken from /v1/models');
  const log = await readTurnLog(path.join(out, 'turns.jsonl'));
  t.equal(log.records.length, 6, 'two runs of three turns');
  t.ok(
    log.records.every((r) => r.timing.contentChunkOffsetsMs.length > 0),
    'chunk times kept in turns.jsonl',
  );
  const schema = JSON.parse(readFileSync(path.join(ROOT, 'schemas/results.schema.json'), 'utf8'));
  const ajv = new Ajv({ strict: true, allowUnionTypes: true, allErrors: true });
  addFormatsModule.default(ajv);
  const validate = ajv.compile(schema);
  t.ok(validate(results), JSON.stringify(validate.errors?.slice(0, 3)));
  t.match(run.stdout, /PASS\s+context accuracy/);
  t.match(run.stdout, /PASS — all 3 SLOs met/);
});

t.test('a forgetful target fails the context-accuracy SLO: exit 1', async (t) => {
  const server = await startFixtureServer({ reply: recallingReply, ttftMs: 1, itlMs: 0 });
  t.teardown(() => server.close());
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const out = path.join(dir, 'run');
  // A window of one turn drops "I live in Lisbon" before turn 3 asks about it.
  const run = await runCli([
    'eval',
    file,
    '--target',
    server.url,
    '--out',
    out,
    '--no-report',
    '--set',
    'params.max_history_turns=1',
  ]);
  t.equal(run.code, 1, run.stderr);
  const results = readResults(out);
  t.equal(results.summary.contextAccuracy, 0);
  t.match(run.stdout, /FAIL\s+context accuracy/);
  const turn3 = server.log.filter((r) => r.body?.messages?.some((m) => /where do i live/i.test(String(m.content))));
  t.equal(turn3.length, 2);
  // system + one kept turn (2 messages) + the new user message
  t.ok(turn3.every((r) => r.body?.messages?.length === 4));
});

t.test('live history feeds back the model replies, recorded history the scripted ones', async (t) => {
  const server = await startFixtureServer({ reply: recallingReply, ttftMs: 1, itlMs: 0 });
  t.teardown(() => server.close());
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const assistantAt3 = () =>
    server.log
      .filter((r) => r.body?.messages?.length === 6)
      .map((r) => (r.body?.messages ?? []).filter((m) => m.role === 'assistant').map((m) => String(m.content)));
  await runCli(['eval', file, '--target', server.url, '--out', path.join(dir, 'live'), '--no-report', '--runs', '1']);
  t.same(assistantAt3(), [['Noted: I live in Lisbon.', 'Noted: What should I pack for a weekend?']]);
  server.reset();
  await runCli([
    'eval',
    file,
    '--target',
    server.url,
    '--out',
    path.join(dir, 'rec'),
    '--no-report',
    '--runs',
    '1',
    '--set',
    'history=recorded',
  ]);
  t.same(assistantAt3(), [['Lisbon is lovely.', 'Pack light layers.']]);
});

t.test('a failing turn interrupts its conversation with its cause, and the run goes on', async (t) => {
  const server = await startFixtureServer({
    reply: recallingReply,
    ttftMs: 1,
    itlMs: 0,
    // The very first conversation's second turn is cut mid-stream.
    fault: (req) => (req.index === 1 ? 'cut' : undefined),
  });
  t.teardown(() => server.close());
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const out = path.join(dir, 'run');
  // No warm-up request: the fault is placed by request index.
  const run = await runCli([
    'eval',
    file,
    '--target',
    server.url,
    '--out',
    out,
    '--no-report',
    '--runs',
    '4',
    '--warm-up',
    '0',
  ]);
  t.equal(run.code, 1, 'interruption rate 25% breaks the 2% SLO');
  const results = readResults(out);
  t.same(results.summary.conversations, { total: 4, completed: 3, interrupted: 1, incomplete: 0 });
  t.same(results.summary.interruptionsByCause, { stream_cut: 1 });
  t.equal(results.summary.interruptionRate, 0.25);
  t.equal(results.turns.length, 2 + 3 * 3, 'the interrupted conversation stops at its failed turn');
  t.match(run.stdout, /stream_cut/);
});

t.test('measured TTFT and end-to-end match the injected delays', async (t) => {
  const server = await startFixtureServer({
    reply: 'one two three four five six seven eight nine ten',
    ttftMs: 120,
    itlMs: 10,
  });
  t.teardown(() => server.close());
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const out = path.join(dir, 'run');
  await runCli([
    'eval',
    file,
    '--target',
    server.url,
    '--out',
    out,
    '--no-report',
    '--runs',
    '1',
    '--slo',
    'contextAccuracy>=0',
  ]);
  const { latency } = readResults(out).summary;
  // Lower bounds are causal (the client cannot see a token before the server sends it); how close
  // to the send the client stamps is a machine-dependent figure measured by `npm run bench:client`.
  t.ok(latency.ttftMs.p50! >= 120, `ttft p50 ${latency.ttftMs.p50}`);
  // ten tokens: 9 gaps of 10 ms after the first
  t.ok(latency.e2eMs.p50! >= 210, `e2e p50 ${latency.e2eMs.p50}`);
  t.ok(latency.itlMs.count > 0 && latency.itlMs.mean! > 0, `itl mean ${latency.itlMs.mean}`);
  t.equal(latency.itlMs.count, 9 * 3, 'nine gaps per turn, pooled over three turns');
});

t.test('an unreachable target exits 3 before running anything', async (t) => {
  const server = await startFixtureServer();
  const url = server.url;
  await server.close();
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const run = await runCli(['eval', file, '--target', url, '--out', path.join(dir, 'run')]);
  t.equal(run.code, 3);
  t.match(run.stderr, /unreachable \(connection_refused/);
  t.notOk(existsSync(path.join(dir, 'run', 'turns.jsonl')));
});

t.test('bad input exits 2 with one clear paragraph and no stack trace', async (t) => {
  const dir = tempDir();
  const bad = writeScenario(dir, 'bad', 'name: x\nturns:\n  - user: hi\n    checks:\n      - contians: [a]\n');
  const run = await runCli(['eval', bad, '--target', 'http://127.0.0.1:9/v1']);
  t.equal(run.code, 2);
  t.match(run.stderr, /bad\.yaml:5:9/);
  t.match(run.stderr, /did you mean "contains"/);
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace');
  const flag = await runCli(['eval', bad, '--targte', 'x']);
  t.equal(flag.code, 2);
  t.match(flag.stderr, /unknown option --targte \(did you mean --target\?\)/);
  const slo = await runCli(['eval', bad, '--slo', 'e2e.p95 <= fast']);
  t.equal(slo.code, 2);
});

t.test('the API key is sent but never written to any output', async (t) => {
  const key = 'sk-test-SECRET-1234567890';
  const server = await startFixtureServer({ reply: recallingReply, ttftMs: 1, itlMs: 0, requireApiKey: key });
  t.teardown(() => server.close());
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const out = path.join(dir, 'run');
  const run = await runCli(['eval', file, '--target', server.url, '--out', out, '--no-report', '--runs', '1'], {
    env: { CHATPROOF_API_KEY: key },
  });
  t.equal(run.code, 0, run.stderr);
  t.ok(server.log.every((r) => r.hadAuthorization));
  for (const name of ['results.json', 'turns.jsonl']) t.notMatch(readFileSync(path.join(out, name), 'utf8'), key);
  t.notMatch(run.stdout + run.stderr, key);
});

t.test('several scenarios in one command: one run, a summary per scenario', async (t) => {
  const server = await startFixtureServer({ reply: recallingReply, ttftMs: 1, itlMs: 0 });
  t.teardown(() => server.close());
  const dir = tempDir();
  const first = writeScenario(dir, 'first', MEMORY_SCENARIO);
  const second = writeScenario(
    dir,
    'second',
    MEMORY_SCENARIO.replace('name: memory-mini', 'name: memory-two').replace('runs: 2', 'runs: 1'),
  );
  const out = path.join(dir, 'run');
  const run = await runCli(['eval', first, second, '--target', server.url, '--out', out, '--no-report']);
  t.equal(run.code, 0, run.stderr);
  const results = readResults(out);
  t.same(
    results.run.scenarios.map((s) => s.name),
    ['memory-mini', 'memory-two'],
  );
  t.same(
    results.byScenario.map((s) => [s.scenario, s.summary.conversations.total]),
    [
      ['memory-mini', 2],
      ['memory-two', 1],
    ],
  );
  t.equal(results.summary.conversations.total, 3);
  const clash = await runCli(['eval', first, first, '--target', server.url, '--out', path.join(dir, 'clash')]);
  t.equal(clash.code, 2);
  t.match(clash.stderr, /both named "memory-mini"/);
});

t.test('--no-stream: one JSON reply per turn, TTFT equals end-to-end, tokens from usage', async (t) => {
  const server = await startFixtureServer({ reply: recallingReply, ttftMs: 30, itlMs: 2 });
  t.teardown(() => server.close());
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const out = path.join(dir, 'run');
  const run = await runCli([
    'eval',
    file,
    '--target',
    server.url,
    '--out',
    out,
    '--no-report',
    '--no-stream',
    '--runs',
    '1',
  ]);
  t.equal(run.code, 0, run.stderr);
  t.ok(server.log.filter((r) => r.body).every((r) => r.body?.stream === false));
  const results = readResults(out);
  t.equal(results.run.target.stream, false);
  for (const turn of results.turns) {
    t.equal(turn.timing.firstTokenMs, turn.timing.endMs, 'the whole reply arrives at once');
    t.equal(turn.usage.source, 'usage');
  }
  t.equal(results.summary.latency.itlMs.count, 0, 'no inter-token figures without a stream');
});
