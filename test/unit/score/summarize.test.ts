import t from 'tap';
import type {
  CheckResult,
  FailureCause,
  Scenario,
  TokenUsage,
  TurnRecord,
  TurnTiming,
} from '../../../src/core/types.js';
import { parseCondition } from '../../../src/metrics/slo.js';
import { conversationRow } from '../../../src/score/conversations.js';
import { summarize, summarizeRecords } from '../../../src/score/summarize.js';

// ------------------------------------------------------------------ builders

interface TurnSpec {
  sentAt: number;
  firstToken?: number;
  end?: number;
  chunks?: number[];
  thought?: number;
  headers?: number;
  tokens?: number;
  source?: TokenUsage['source'];
  fail?: FailureCause;
  checks?: CheckResult[];
}

function turn(conversationId: string, index: number, planned: number, spec: TurnSpec): TurnRecord {
  const [scenario, repetition] = conversationId.split('#');
  const timing: TurnTiming = { sentAtEpochMs: spec.sentAt, contentChunkOffsetsMs: spec.chunks ?? [] };
  if (spec.firstToken !== undefined) timing.firstTokenMs = spec.firstToken;
  if (spec.end !== undefined) timing.endMs = spec.end;
  if (spec.thought !== undefined) timing.firstThoughtMs = spec.thought;
  if (spec.headers !== undefined) timing.headersMs = spec.headers;
  const usage: TokenUsage = { source: spec.source ?? (spec.tokens === undefined ? 'none' : 'usage') };
  if (spec.tokens !== undefined) usage.completionTokens = spec.tokens;
  const record: TurnRecord = {
    type: 'turn',
    scenario,
    conversationId,
    repetition: Number(repetition),
    turn: index,
    turnsPlanned: planned,
    user: `user ${index}`,
    messagesSent: index * 2,
    historyTurnsSent: index - 1,
    ok: spec.fail === undefined,
    content: spec.fail === undefined ? 'reply' : '',
    timing,
    usage,
    checks: spec.checks ?? [],
  };
  if (spec.fail !== undefined) record.error = { cause: spec.fail, message: spec.fail };
  return record;
}

function result(name: string, passed: boolean, extra: Partial<CheckResult> = {}): CheckResult {
  return { name, kind: 'contains', memory: false, passed, expected: 'x', found: 'y', ...extra };
}
const mentions = (passed: boolean) => result('mentions film', passed);
const remembers = (passed: boolean) => result('remembers film', passed, { fact: 'film', memory: true });
const short = (passed: boolean) => result('short', passed, { kind: 'length' });
const knowsName = (passed: boolean) => result('knows name', passed, { fact: 'name', memory: true });

function scenario(name: string, turns: number, facts: Scenario['facts'], slo: Scenario['slo']): Scenario {
  return {
    name,
    file: `${name}.yaml`,
    hash: 'h',
    params: {},
    history: 'live',
    runs: 1,
    facts,
    slo,
    turns: Array.from({ length: turns }, (_, i) => ({ index: i + 1, user: 'u', checks: [] })),
  };
}

// ------------------------------------------------------------------ fixture
// breakup#1 completes; #2 fails at turn 2 (http_5xx); #3 is aborted at turn 2; #4 stops after
// turn 2 of 3; small#1 times out; small#2 completes. C2 carries a stray check that must not count.
const RECORDS: TurnRecord[] = [
  turn('breakup#1', 1, 3, {
    sentAt: 1000,
    firstToken: 100,
    end: 300,
    chunks: [100, 150, 300],
    tokens: 6,
    checks: [mentions(true)],
  }),
  turn('breakup#1', 2, 3, {
    sentAt: 2000,
    firstToken: 200,
    end: 500,
    chunks: [200, 260, 380, 500],
    tokens: 8,
    checks: [remembers(true)],
  }),
  turn('breakup#1', 3, 3, {
    sentAt: 3000,
    firstToken: 300,
    end: 700,
    chunks: [300, 700],
    tokens: 2,
    source: 'chunks',
    checks: [remembers(true), short(false)],
  }),
  turn('breakup#2', 1, 3, {
    sentAt: 4000,
    firstToken: 120,
    end: 220,
    chunks: [120, 220],
    tokens: 3,
    checks: [mentions(false)],
  }),
  turn('breakup#2', 2, 3, { sentAt: 5000, headers: 50, fail: 'http_5xx' }),
  turn('breakup#3', 1, 3, { sentAt: 6000, firstToken: 80, end: 180, chunks: [80] }),
  turn('breakup#3', 2, 3, { sentAt: 7000, firstToken: 90, chunks: [90], fail: 'aborted', checks: [remembers(true)] }),
  turn('breakup#4', 1, 3, {
    sentAt: 8000,
    firstToken: 100,
    end: 400,
    chunks: [100, 400],
    tokens: 4,
    checks: [mentions(true)],
  }),
  turn('breakup#4', 2, 3, {
    sentAt: 9000,
    firstToken: 110,
    end: 210,
    chunks: [110, 210],
    tokens: 2,
    checks: [remembers(false)],
  }),
  turn('small#1', 1, 1, { sentAt: 10000, headers: 30, fail: 'first_token_timeout' }),
  turn('small#2', 1, 1, {
    sentAt: 11000,
    firstToken: 50,
    end: 150,
    chunks: [50, 100, 150],
    thought: 20,
    tokens: 3,
    checks: [knowsName(false)],
  }),
];

const SCENARIOS = [
  scenario(
    'breakup',
    3,
    [
      { id: 'film', text: 'watched Titanic', turn: 1, probedAt: [2, 3] },
      { id: 'city', text: 'lives in Hangzhou', turn: 1, probedAt: [] },
    ],
    [parseCondition('interruptionRate', '<= 2%')],
  ),
  scenario('small', 1, [{ id: 'name', text: 'is called Li', turn: 1, probedAt: [1] }], []),
];
const SLOS = [parseCondition('contextAccuracy', '>= 90%'), parseCondition('latency.e2eMs.p95', '<= 800ms')];

const near = (a: number | null, b: number) => a !== null && Math.abs(a - b) < 1e-9;

// ------------------------------------------------------------------ tests

t.test('conversations: completed, interrupted, incomplete', async (t) => {
  const { summary, conversations } = summarize(RECORDS, SCENARIOS, SLOS);
  t.same(summary.conversations, { total: 6, completed: 2, interrupted: 2, incomplete: 2 });
  t.same(conversations, [
    { id: 'breakup#1', scenario: 'breakup', repetition: 1, status: 'completed', turnsDone: 3, turnsPlanned: 3 },
    {
      id: 'breakup#2',
      scenario: 'breakup',
      repetition: 2,
      status: 'interrupted',
      cause: 'http_5xx',
      turnsDone: 1,
      turnsPlanned: 3,
    },
    {
      id: 'breakup#3',
      scenario: 'breakup',
      repetition: 3,
      status: 'incomplete',
      cause: 'aborted',
      turnsDone: 1,
      turnsPlanned: 3,
    },
    { id: 'breakup#4', scenario: 'breakup', repetition: 4, status: 'incomplete', turnsDone: 2, turnsPlanned: 3 },
    {
      id: 'small#1',
      scenario: 'small',
      repetition: 1,
      status: 'interrupted',
      cause: 'first_token_timeout',
      turnsDone: 0,
      turnsPlanned: 1,
    },
    { id: 'small#2', scenario: 'small', repetition: 2, status: 'completed', turnsDone: 1, turnsPlanned: 1 },
  ]);
  // Interrupted / (completed + interrupted) = 2 / 4: the two incomplete ones are left out.
  t.equal(summary.interruptionRate, 0.5);
  t.same([summary.interruptions.passed, summary.interruptions.total], [2, 4]);
  t.same(summary.interruptionsByCause, { http_5xx: 1, first_token_timeout: 1 });
  t.same(summary.turns, { total: 11, ok: 8, failed: 3 });
});

t.test('conversation rules at the edges', async (t) => {
  // Aborted first, then a real failure: the real failure decides.
  const mixed = conversationRow([
    turn('s#1', 2, 3, { sentAt: 2, fail: 'idle_timeout' }),
    turn('s#1', 1, 3, { sentAt: 1, fail: 'aborted' }),
  ]);
  t.equal(mixed.status, 'interrupted');
  t.equal(mixed.cause, 'idle_timeout');
  // Turns 1 and 3 ok but 2 missing: not completed.
  const gap = conversationRow([turn('s#2', 1, 3, { sentAt: 1 }), turn('s#2', 3, 3, { sentAt: 3 })]);
  t.equal(gap.status, 'incomplete');
  t.notOk('cause' in gap);
  // Records out of order still complete.
  const shuffled = conversationRow([turn('s#3', 2, 2, { sentAt: 2 }), turn('s#3', 1, 2, { sentAt: 1 })]);
  t.equal(shuffled.status, 'completed');
  t.equal(shuffled.turnsDone, 2);
});

t.test('context accuracy counts memory checks of ok turns only', async (t) => {
  const { summary } = summarize(RECORDS, SCENARIOS, SLOS);
  // Memory checks on ok turns: A2 pass, A3 pass, D2 fail, S2 fail (C2's check is on a failed turn).
  t.equal(summary.contextAccuracy, 0.5);
  t.same([summary.memoryChecks.passed, summary.memoryChecks.total], [2, 4]);
  t.ok(summary.memoryChecks.ci95 && summary.memoryChecks.ci95.low < 0.5 && summary.memoryChecks.ci95.high > 0.5);
  // All checks: A1 +, A2 +, A3 + -, B1 -, D1 +, D2 -, S2 - = 4 of 8.
  t.same([summary.allChecks.passed, summary.allChecks.total, summary.allChecks.rate], [4, 8, 0.5]);
});

t.test('latency over ok turns', async (t) => {
  const { latency } = summarize(RECORDS, SCENARIOS, SLOS).summary;
  // TTFT of ok turns: 50 80 100 100 110 120 200 300 (sum 1060).
  t.equal(latency.ttftMs.count, 8);
  t.equal(latency.ttftMs.mean, 132.5);
  t.equal(latency.ttftMs.p50, 105); // rank 3.5 between 100 and 110
  t.ok(near(latency.ttftMs.p95, 265)); // rank 6.65: 200 + 0.65 * 100
  t.same([latency.ttftMs.min, latency.ttftMs.max], [50, 300]);
  // E2E: 150 180 210 220 300 400 500 700 (sum 2660).
  t.equal(latency.e2eMs.mean, 332.5);
  t.equal(latency.e2eMs.p50, 260);
  t.ok(near(latency.e2eMs.p95, 630)); // rank 6.65: 500 + 0.65 * 200
  // ITL pooled: A1 50 150 | A2 60 120 120 | A3 400 | B1 100 | D1 300 | D2 100 | S2 50 50.
  // The aborted C2's chunk and single-chunk C1 add no gap.
  t.equal(latency.itlMs.count, 11);
  t.ok(near(latency.itlMs.mean, 1500 / 11));
  t.equal(latency.itlMs.p50, 100); // sorted 50 50 50 60 100 100 120 120 150 300 400: rank 5
  t.same([latency.itlMs.min, latency.itlMs.max], [50, 400]);
  // TPOT = (end - firstToken) / (tokens - 1): A1 40, A2 300/7, A3 400, B1 50, D1 100, D2 100, S2 50.
  t.equal(latency.tpotMs.count, 7);
  t.equal(latency.tpotMs.min, 40);
  t.equal(latency.tpotMs.max, 400);
  t.ok(near(latency.tpotMs.mean, (40 + 300 / 7 + 400 + 50 + 100 + 100 + 50) / 7));
  t.equal(latency.tpotMs.p50, 50);
  t.same([latency.ttfoMs.count, latency.ttfoMs.p50], [1, 20]);
});

t.test('tokens and throughput', async (t) => {
  const { summary } = summarize(RECORDS, SCENARIOS, SLOS);
  t.equal(summary.outputTokens, 28); // 6 + 8 + 2 + 3 + 4 + 2 + 3
  // First send 1000; last end is small#2 at 11000 + 150.
  t.equal(summary.durationMs, 10150);
  t.ok(near(summary.outputTokensPerSecond, (28 / 10150) * 1000));
  t.same(summary.tokenCountSource, { usage: 6, chunks: 1, none: 1 });
  // Only usage-counted turns: tokens 6+8+3+4+2+3 = 26 over chunks 3+4+2+2+2+3 = 16.
  t.equal(summary.tokensPerChunk, 26 / 16);
  // Per turn tokens / e2e seconds: 20, 16, 2/0.7, 3/0.22, 10, 2/0.21, 20.
  t.equal(summary.tokensPerSecond.count, 7);
  t.equal(summary.tokensPerSecond.max, 20);
  t.ok(near(summary.tokensPerSecond.min, 2 / 0.7));
  // Sorted 2.86 9.52 10 13.64 16 20 20: the median is B1's 3 tokens in 0.22 s.
  t.ok(near(summary.tokensPerSecond.p50, 3 / 0.22));
});

t.test('a failed turn without endMs ends at its last known moment', async (t) => {
  const records = [
    turn('x#1', 1, 1, { sentAt: 0, firstToken: 10, end: 20, chunks: [10, 20], tokens: 2 }),
    turn('x#2', 1, 1, { sentAt: 100, chunks: [5, 70], firstToken: 5, fail: 'stream_cut' }),
  ];
  t.equal(summarizeRecords(records, []).durationMs, 170);
});

t.test('SLO verdicts: overall against the run SLOs, per scenario against its own', async (t) => {
  const { summary, byScenario } = summarize(RECORDS, SCENARIOS, SLOS);
  t.same(
    summary.slo.map((v) => [v.metric, v.actual, v.passed]),
    [
      ['contextAccuracy', 0.5, false],
      ['latency.e2eMs.p95', summary.latency.e2eMs.p95, true],
    ],
  );
  t.equal(summary.verdict, 'fail');
  t.same(
    byScenario.map((s) => s.scenario),
    ['breakup', 'small'],
  );
  const breakup = byScenario[0].summary;
  t.same(breakup.conversations, { total: 4, completed: 1, interrupted: 1, incomplete: 2 });
  t.same(
    breakup.slo.map((v) => [v.metric, v.actual, v.passed]),
    [['interruptionRate', 0.5, false]],
  );
  t.equal(breakup.verdict, 'fail');
  const small = byScenario[1].summary;
  t.equal(small.contextAccuracy, 0);
  t.same(small.slo, []);
  t.equal(small.verdict, 'pass');
});

t.test('byTurn: per scenario and turn depth', async (t) => {
  const rows = summarize(RECORDS, SCENARIOS, SLOS).byTurn;
  t.same(
    rows.map((r) => [r.scenario, r.turn, r.samples]),
    [
      ['breakup', 1, 4],
      ['breakup', 2, 4],
      ['breakup', 3, 1],
      ['small', 1, 2],
    ],
  );
  const [first, second, third, small] = rows;
  t.same([first.ttftMs.count, first.ttftMs.p50, first.ttftMs.max], [4, 100, 120]); // 80 100 100 120
  t.same([first.memoryChecks.total, first.memoryChecks.rate], [0, null]);
  t.same([first.allChecks.passed, first.allChecks.total], [2, 3]);
  t.same([second.ttftMs.count, second.e2eMs.mean], [2, 355]); // A2 500, D2 210
  t.same([second.memoryChecks.passed, second.memoryChecks.total], [1, 2]);
  t.same([third.memoryChecks.passed, third.allChecks.passed, third.allChecks.total], [1, 1, 2]);
  t.same([small.ttftMs.count, small.memoryChecks.total, small.memoryChecks.passed], [1, 1, 0]);
});

t.test('byFact and byCheck', async (t) => {
  const { byFact, byCheck } = summarize(RECORDS, SCENARIOS, SLOS);
  t.same(
    byFact.map((f) => [f.scenario, f.fact, f.text, f.statedAt, f.probedAt, f.checks.passed, f.checks.total]),
    [
      ['breakup', 'film', 'watched Titanic', 1, [2, 3], 2, 3],
      ['breakup', 'city', 'lives in Hangzhou', 1, [], 0, 0],
      ['small', 'name', 'is called Li', 1, [1], 0, 1],
    ],
  );
  t.same(
    byCheck.map((c) => [c.scenario, c.turn, c.name, c.kind, c.fact ?? '-', c.memory, c.checks.passed, c.checks.total]),
    [
      ['breakup', 1, 'mentions film', 'contains', '-', false, 2, 3],
      ['breakup', 2, 'remembers film', 'contains', 'film', true, 1, 2],
      ['breakup', 3, 'remembers film', 'contains', 'film', true, 1, 1],
      ['breakup', 3, 'short', 'length', '-', false, 0, 1],
      ['small', 1, 'knows name', 'contains', 'name', true, 0, 1],
    ],
  );
});

t.test('no records: zeros and nulls, verdict unknown', async (t) => {
  const parts = summarize([], [SCENARIOS[1]], SLOS);
  const s = parts.summary;
  t.same(s.conversations, { total: 0, completed: 0, interrupted: 0, incomplete: 0 });
  t.same(
    [s.contextAccuracy, s.interruptionRate, s.outputTokensPerSecond, s.tokensPerChunk, s.durationMs, s.outputTokens],
    [null, null, null, null, 0, 0],
  );
  t.equal(s.latency.e2eMs.count, 0);
  t.same(
    s.slo.map((v) => v.passed),
    [null, null],
  );
  t.equal(s.verdict, 'unknown');
  t.same(
    parts.byScenario.map((b) => b.scenario),
    ['small'],
    'a declared scenario with no records still gets a row',
  );
  t.same(parts.byFact[0].checks.total, 0);
  t.same([parts.byTurn, parts.byCheck, parts.conversations], [[], [], []]);
});
