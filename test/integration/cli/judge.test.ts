// Judged checks end to end: the real CLI, the fixture target and the fixture judge (a real HTTP
// server with a known, deterministic policy) on 127.0.0.1.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { startJudgeServer } from '../../../fixtures/judge-server/index.js';
import { type ReceivedRequest, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import type { Results } from '../../../src/core/types.js';
import { readResultsFile } from '../../../src/store/results-file.js';
import { readTurnLog } from '../../../src/store/turn-log-reader.js';
import { runCli, tempDir, writeScenario } from '../../helpers/eval-harness.js';

const SCENARIO = `
name: judged
facts:
  film: { turn: 1, text: 我们一起看了《泰坦尼克号》 }
  order: { turn: 1, text: "order NW-40917" }
turns:
  - user: 我们一起看了《泰坦尼克号》, order NW-40917.
  - user: 还记得吗?
    checks:
      - fact: film
        judge: true
      - fact: film
        contains: [泰坦尼克]
      - fact: order
        judge: true
      - fact: order
        contains: NW-40917
      - name: polite
        judge: { rubric: 'The reply says "记得"', min_score: 4 }
`;

/** Remembers the film in other words than the rule expects, and the order number exactly. */
function target(req: ReceivedRequest): string {
  if (req.userTurns === 1) return '好的。';
  return '记得,是 Titanic……哦不,是《泰坦尼克号》。Order NW40917.';
}

async function servers(t: Test) {
  const model = await startFixtureServer({ reply: target });
  const judge = await startJudgeServer();
  t.teardown(async () => {
    await model.close();
    await judge.close();
  });
  return { model, judge };
}

/** results.json through the validated reader: every judged field must match schemas/results.schema.json. */
const results = (out: string): Results => {
  const raw = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
  readResultsFile(out);
  return raw;
};

t.test('judged memory probes: verdicts and reasons in results, turns.jsonl and the terminal', async (t) => {
  const { model, judge } = await servers(t);
  const dir = tempDir();
  const out = path.join(dir, 'run');
  const run = await runCli([
    'eval',
    '--warm-up',
    '0',
    writeScenario(dir, 'judged', SCENARIO),
    '--target',
    model.url,
    '--judge-target',
    judge.url,
    '--judge-model',
    'judge',
    '--out',
    out,
    '--no-report',
  ]);
  t.equal(run.code === 0 || run.code === 1, true, run.stderr);
  t.notMatch(run.stderr, /model under test/, 'no self-judge warning with a separate judge');
  const r = results(out);
  const checks = r.turns[1].checks;
  const judged = checks.filter((c) => c.kind === 'judge');
  t.equal(judged.length, 3);
  t.same(
    judged.map((c) => [c.fact ?? null, c.passed, c.judge?.verdict, c.judge?.score ?? null]),
    [
      ['film', true, 'pass', null],
      ['order', true, 'pass', null],
      [null, true, 'pass', 5],
    ],
  );
  t.match(judged[0].found, /^judge: pass: the reply mentions "泰坦尼克号"/);
  t.match(judged[0].expected, /recalls what the user said earlier: "我们一起看了《泰坦尼克号》"/);
  t.equal(judged[0].judge?.key.length, 64, 'cache key is a sha256');
  t.equal(r.summary.memoryChecks.total, 4, 'judged fact probes count toward context accuracy');
  t.equal(r.summary.contextAccuracy, 1);
  t.equal(r.judge?.verdicts, 3);
  t.equal(r.judge?.requests, 3);
  t.equal(r.judge?.selfJudged, false);
  t.same(r.judge?.models, ['judge']);
  t.equal(r.judge?.agreement.pairs, 2);
  t.equal(r.judge?.agreement.agreed, 2);
  t.equal(r.judge?.latencyMs.count, 3);
  t.equal(r.summary.latency.e2eMs.count, 2, 'the target latency counts the two target turns only');
  t.equal(model.log.filter((q) => q.path.endsWith('/chat/completions')).length, 2, 'no judge request hit the target');
  t.equal(judge.asked('judge'), 3);
  const log = await readTurnLog(path.join(out, 'turns.jsonl'));
  t.same(
    log.records[1].checks.map((c) => c.judge?.reason ?? null),
    judged.length === 3 ? checks.map((c) => c.judge?.reason ?? null) : [],
    'turns.jsonl carries the same verdicts',
  );
  t.match(run.stdout, /Judge judge at http:\/\/127\.0\.0\.1:\d+\/v1/);
  t.match(run.stdout, /verdicts 3 \(3 pass, 100%\)/);
  t.match(run.stdout, /rule vs judge on the same fact: agree 2\/2/);
});

t.test('malformed answers are asked again; a judge that never answers well is a judge failure', async (t) => {
  const { model, judge } = await servers(t);
  const dir = tempDir();
  const file = writeScenario(dir, 'judged', SCENARIO);
  const retried = path.join(dir, 'retried');
  await runCli([
    'eval',
    '--warm-up',
    '0',
    file,
    '--target',
    model.url,
    '--judge-target',
    judge.url,
    '--judge-model',
    'judge-malformed-2',
    '--out',
    retried,
    '--no-report',
  ]);
  const r = results(retried);
  t.same(
    r.turns[1].checks.filter((c) => c.kind === 'judge').map((c) => c.judge?.attempts),
    [3, 3, 3],
    'two prose answers, then JSON on the third request',
  );
  t.equal(r.judge?.requests, 9);

  const fenced = path.join(dir, 'fenced');
  await runCli([
    'eval',
    '--warm-up',
    '0',
    file,
    '--target',
    model.url,
    '--judge-target',
    judge.url,
    '--judge-model',
    'judge-fenced',
    '--out',
    fenced,
    '--no-report',
  ]);
  t.same(
    results(fenced)
      .turns[1].checks.filter((c) => c.kind === 'judge')
      .map((c) => c.judge?.attempts),
    [1, 1, 1],
    'JSON in a fence after <think> is read at once',
  );

  const broken = path.join(dir, 'broken');
  const run = await runCli([
    'eval',
    '--warm-up',
    '0',
    file,
    '--target',
    model.url,
    '--judge-target',
    judge.url,
    '--judge-model',
    'judge-malformed',
    '--out',
    broken,
    '--no-report',
  ]);
  const b = results(broken);
  t.equal(b.turns[1].checks.filter((c) => c.kind === 'judge').length, 0, 'no verdict is invented');
  t.same(
    b.turns[1].judgeFailures?.map((f) => [f.fact ?? null, f.cause, f.attempts]),
    [
      ['film', 'judge_malformed', 3],
      ['order', 'judge_malformed', 3],
      [null, 'judge_malformed', 3],
    ],
  );
  t.equal(b.summary.memoryChecks.total, 2, 'unjudged probes count neither as passes nor as model failures');
  t.equal(b.summary.contextAccuracy, 1);
  t.equal(b.summary.interruptionRate, 0, 'a judge failure is not an interruption');
  t.same(b.judge?.failuresByCause, { judge_malformed: 3 });
  t.match(run.stdout, /3 judged check\(s\) without a verdict \(judge_malformed 3\)/);
});

t.test('a judge that hangs times out; one that answers HTTP 500 is an outage', async (t) => {
  const { model, judge } = await servers(t);
  const dir = tempDir();
  const file = writeScenario(dir, 'judged', SCENARIO);
  const hung = path.join(dir, 'hung');
  await runCli([
    'eval',
    '--warm-up',
    '0',
    file,
    '--target',
    model.url,
    '--judge-target',
    judge.url,
    '--judge-model',
    'judge-hang',
    '--judge-timeout',
    '300ms',
    '--out',
    hung,
    '--no-report',
  ]);
  const h = results(hung);
  t.same(
    h.turns[1].judgeFailures?.map((f) => f.cause),
    ['judge_timeout', 'judge_timeout', 'judge_timeout'],
  );
  t.equal(h.summary.turns.ok, 2, 'the target turns are unaffected');
  const errored = path.join(dir, 'errored');
  await runCli([
    'eval',
    '--warm-up',
    '0',
    file,
    '--target',
    model.url,
    '--judge-target',
    judge.url,
    '--judge-model',
    'judge-error',
    '--out',
    errored,
    '--no-report',
  ]);
  const e = results(errored);
  t.same(
    e.turns[1].judgeFailures?.map((f) => f.cause),
    ['judge_http_error', 'judge_http_error', 'judge_http_error'],
  );
  t.equal(e.summary.interruptionRate, 0);
});

t.test('without a judge the model under test judges itself, with a warning', async (t) => {
  const judge = await startJudgeServer();
  t.teardown(() => judge.close());
  const dir = tempDir();
  const out = path.join(dir, 'self');
  const run = await runCli([
    'eval',
    '--warm-up',
    '0',
    writeScenario(dir, 'judged', SCENARIO),
    '--target',
    judge.url,
    '--model',
    'judge',
    '--out',
    out,
    '--no-report',
  ]);
  t.match(run.stderr, /warning: judged checks are graded by the model under test \(judge at http:\/\/127\.0\.0\.1/);
  t.equal(results(out).judge?.selfJudged, true);
});

t.test('the bundled server can be the judge (generated model: plumbing, its gibberish is malformed)', async (t) => {
  const model = await startFixtureServer({ reply: target });
  t.teardown(() => model.close());
  const dir = tempDir();
  const out = path.join(dir, 'bundled');
  const scenario = SCENARIO.replace(/ {6}- name: polite\n.*\n/, '').replace(/ {6}- fact: order\n {8}judge: true\n/, '');
  const run = await runCli(
    [
      'eval',
      '--warm-up',
      '0',
      writeScenario(dir, 'judged', scenario),
      '--target',
      model.url,
      '--judge-target',
      'bundled',
      '--out',
      out,
      '--no-report',
    ],
    { env: { CHATPROOF_OFFLINE: '1' }, timeoutMs: 180_000 },
  );
  t.match(run.stderr, /judge: Started the bundled server on http:\/\/127\.0\.0\.1:\d+/);
  const r = results(out);
  t.not(r.judge?.target, r.run.target.baseUrl, 'the judge is not the target');
  t.equal(r.judge?.selfJudged, false);
  t.equal((r.judge?.verdicts ?? 0) + (r.judge?.failures ?? 0), 1, 'one judged check');
  t.ok((r.judge?.requests ?? 0) >= 1, 'the bundled server was asked');
  t.equal(model.log.filter((q) => q.path.endsWith('/chat/completions')).length, 2, 'the target saw only its turns');
});
