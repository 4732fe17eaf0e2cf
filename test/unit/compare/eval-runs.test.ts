// The comparison's statistics measured, not assumed: false-alarm rate and power over 100 seeded
// trials on samples with known distributions (log-normal latency with a per-conversation effect,
// so turns of one conversation are correlated as in real runs; Bernoulli memory checks).
import t from 'tap';
import { compareResults } from '../../../src/compare/eval-runs.js';
import { diffFingerprints, fingerprint } from '../../../src/compare/fingerprint.js';
import { seededRandom } from '../../../src/core/random.js';
import type { Results, RunHeader, Scenario, TurnRecord } from '../../../src/core/types.js';
import { defaultSlos } from '../../../src/metrics/slo.js';
import { buildResults } from '../../../src/score/results.js';

interface Known {
  conversations: number;
  seed: number;
  turns?: number;
  /** Multiplies every latency: 1.2 = a 20% slower server. */
  scale?: number;
  /** Chance a memory check passes. */
  accuracy?: number;
  /** Chance a conversation is interrupted at a random turn. */
  interruptions?: number;
}

const SCENARIO: Scenario = {
  name: 'known',
  file: 'known.yaml',
  hash: 'a'.repeat(64),
  params: { temperature: 0 },
  history: 'live',
  runs: 1,
  facts: [],
  turns: [],
  slo: defaultSlos(),
};

export function knownResults(k: Known): Results {
  const random = seededRandom(k.seed);
  const normal = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const turns = k.turns ?? 6;
  const scale = k.scale ?? 1;
  const records: TurnRecord[] = [];
  for (let c = 1; c <= k.conversations; c++) {
    const effect = 0.15 * normal();
    const breakAt = random() < (k.interruptions ?? 0) ? 1 + Math.floor(random() * turns) : 0;
    for (let turn = 1; turn <= turns; turn++) {
      const broken = turn === breakAt;
      const e2e = 500 * (1 + 0.05 * turn) * Math.exp(effect + 0.25 * normal()) * scale;
      const ttft = 150 * (1 + 0.1 * turn) * Math.exp(effect + 0.25 * normal()) * scale;
      const memory = turn === 4 || turn === 6;
      records.push({
        type: 'turn',
        scenario: 'known',
        conversationId: `known#${c}`,
        repetition: c,
        turn,
        turnsPlanned: turns,
        user: `turn ${turn}`,
        messagesSent: 2 * turn,
        historyTurnsSent: turn - 1,
        ok: !broken,
        content: broken ? '' : 'reply',
        timing: broken
          ? { sentAtEpochMs: 0, contentChunkOffsetsMs: [] }
          : { sentAtEpochMs: 0, firstTokenMs: ttft, endMs: Math.max(e2e, ttft + 1), contentChunkOffsetsMs: [] },
        usage: { completionTokens: 20, source: 'usage' },
        ...(broken ? { error: { cause: 'stream_cut' as const, message: 'cut' } } : {}),
        checks:
          broken || !memory
            ? []
            : [
                {
                  name: `fact ${turn}`,
                  kind: 'contains',
                  fact: `f${turn}`,
                  memory: true,
                  passed: random() < (k.accuracy ?? 0.95),
                  expected: 'x',
                  found: 'x',
                },
              ],
      });
      if (broken) break;
    }
  }
  const header: RunHeader = {
    type: 'run',
    schemaVersion: 1,
    runId: `known-${k.seed}`,
    harness: { name: 'chatproof', version: '0.1.0', node: 'v20' },
    startedAt: new Date(Date.UTC(2026, 10, 28)).toISOString(),
    target: { baseUrl: 'http://127.0.0.1:8000/v1', model: 'm', stream: true },
    scenarios: [SCENARIO],
    options: { concurrency: 1 },
    machine: { platform: 'linux', arch: 'x64', cpus: 2 },
  };
  return buildResults(header, records, new Date(Date.UTC(2026, 10, 28, 0, 10)));
}

const TRIALS = 100;
const CONVERSATIONS = 60;

t.test('the same server twice: false-alarm rate over 100 seeded trials', async (t) => {
  let regressions = 0;
  let passes = 0;
  let inconclusive = 0;
  for (let i = 0; i < TRIALS; i++) {
    const c = compareResults(
      knownResults({ conversations: CONVERSATIONS, seed: 1000 + i }),
      knownResults({ conversations: CONVERSATIONS, seed: 5000 + i }),
    );
    if (c.verdict === 'regression') regressions++;
    if (c.verdict === 'pass') passes++;
    if (c.verdict === 'inconclusive') inconclusive++;
  }
  // "Passes" = the gate does not fail (exit 0): pass or inconclusive without --fail-inconclusive.
  t.comment(
    `same distribution, ${CONVERSATIONS} conversations x 6 turns: ${regressions}/${TRIALS} false alarms; ` +
      `${passes} pass, ${inconclusive} inconclusive (0 vs 0 interruptions in 60 conversations cannot rule out +5 ` +
      `points)`,
  );
  t.ok(regressions <= 5, `false alarms ${regressions}/${TRIALS} <= 5`);
  t.ok(passes + inconclusive >= 95, `gate passes in ${passes + inconclusive}/${TRIALS} >= 95`);
});

t.test('a 20% slower server is flagged: power over 100 seeded trials', async (t) => {
  let flagged = 0;
  for (let i = 0; i < TRIALS; i++) {
    const c = compareResults(
      knownResults({ conversations: CONVERSATIONS, seed: 2000 + i }),
      knownResults({ conversations: CONVERSATIONS, seed: 7000 + i, scale: 1.2 }),
    );
    if (c.verdict === 'regression') flagged++;
  }
  t.comment(`20% slower, ${CONVERSATIONS} conversations x 6 turns: flagged in ${flagged}/${TRIALS}`);
  t.ok(flagged >= 90, `power ${flagged}/${TRIALS} >= 90`);
});

t.test('an accuracy drop from 95% to 70% is flagged by the proportion test', async (t) => {
  const c = compareResults(
    knownResults({ conversations: 40, seed: 11, accuracy: 0.95 }),
    knownResults({ conversations: 40, seed: 12, accuracy: 0.7 }),
  );
  const row = c.rows.find((r) => r.metric === 'contextAccuracy')!;
  t.equal(row.verdict, 'regression', row.reason);
  t.ok(row.kind === 'proportion' && row.pValue !== null && row.pValue < 0.05, 'Fisher one-sided p < 0.05');
  t.equal(c.verdict, 'regression');
  // Latency was not changed: no latency row may call a regression.
  t.notOk(c.rows.some((r) => r.kind === 'latency' && r.verdict === 'regression'));
});

t.test('more interruptions are flagged; fewer are not', async (t) => {
  const base = knownResults({ conversations: 80, seed: 21, interruptions: 0 });
  const worse = compareResults(base, knownResults({ conversations: 80, seed: 22, interruptions: 0.2 }));
  t.equal(worse.rows.find((r) => r.metric === 'interruptionRate')!.verdict, 'regression');
  const better = compareResults(knownResults({ conversations: 80, seed: 23, interruptions: 0.2 }), base);
  t.not(better.rows.find((r) => r.metric === 'interruptionRate')!.verdict, 'regression');
});

t.test('3 conversations per run decide a doubled latency; what they cannot decide says what would', async (t) => {
  const doubled = compareResults(
    knownResults({ conversations: 3, seed: 31 }),
    knownResults({ conversations: 3, seed: 32, scale: 2 }),
  );
  for (const metric of ['latency.ttftMs.p50', 'latency.e2eMs.p50']) {
    const row = doubled.rows.find((r) => r.metric === metric)!;
    t.equal(row.verdict, 'regression', `${metric}: ${row.reason}`);
  }
  t.equal(doubled.verdict, 'regression');
  const same = compareResults(
    knownResults({ conversations: 3, seed: 33 }),
    knownResults({ conversations: 3, seed: 34 }),
  );
  t.not(same.verdict, 'regression', 'the same server is not flagged');
  for (const row of same.rows.filter((r) => r.kind === 'latency' && r.verdict === 'inconclusive')) {
    if (row.kind !== 'latency') continue;
    t.match(row.reason, /straddles the \+10\.0% tolerance/, `${row.metric} says why`);
    t.ok(row.neededConversations === null || row.neededConversations > 3, `${row.metric}: ${row.reason}`);
    t.ok(row.detectable !== null && row.detectable > 0.1, `${row.metric} can flag ${row.detectable}`);
  }
});

t.test('the suggested sample size does decide', async (t) => {
  // Without run-to-run drift (--noise-floor 0: a dedicated machine), more conversations decide.
  const quiet = { noiseFloor: 0 };
  const small = compareResults(
    knownResults({ conversations: 8, seed: 41 }),
    knownResults({ conversations: 8, seed: 42 }),
    quiet,
  );
  const e2e = small.rows.find((r) => r.metric === 'latency.e2eMs.p50')!;
  t.equal(e2e.verdict, 'inconclusive', e2e.reason);
  const n = e2e.neededConversations!;
  t.ok(n > 8 && n < 400, `needs ${n}`);
  let decided = 0;
  for (let i = 0; i < 10; i++) {
    const big = compareResults(
      knownResults({ conversations: n, seed: 100 + i }),
      knownResults({ conversations: n, seed: 200 + i }),
      quiet,
    );
    if (big.rows.find((r) => r.metric === 'latency.e2eMs.p50')!.verdict === 'pass') decided++;
  }
  t.comment(`with the suggested ${n} conversations, P50 E2E passed in ${decided}/10 (target power 80%)`);
  t.ok(decided >= 6, `${decided}/10 decided`);
});

t.test('one baseline run cannot rule out the tolerance against the noise floor; it says so', async (t) => {
  // Drift of 5% a run: the upper bound can never fall below +10% with one baseline run.
  const c = compareResults(
    knownResults({ conversations: 30, seed: 45 }),
    knownResults({ conversations: 30, seed: 46 }),
    {
      noiseFloor: 0.05,
    },
  );
  const e2e = c.rows.find((r) => r.metric === 'latency.e2eMs.p50')!;
  t.equal(e2e.verdict, 'inconclusive', e2e.reason);
  t.match(e2e.reason, /pool a baseline history/);
  t.equal(e2e.kind === 'latency' && e2e.neededConversations, null);
});

t.test('same inputs give the same comparison; the tolerance is honoured', async (t) => {
  const a = knownResults({ conversations: 30, seed: 51 });
  const b = knownResults({ conversations: 30, seed: 52, scale: 1.2 });
  t.same(compareResults(a, b), compareResults(a, b));
  const lenient = compareResults(a, b, { tolerance: 0.5 });
  t.notOk(
    lenient.rows.some((r) => r.kind === 'latency' && r.verdict === 'regression'),
    'a 20% slowdown is within a 50% tolerance',
  );
});

t.test('environment differences that make a comparison unfair are reported', async (t) => {
  const a = knownResults({ conversations: 10, seed: 61 });
  const b = knownResults({ conversations: 10, seed: 62 });
  t.same(diffFingerprints(fingerprint(a), fingerprint(b)), [], 'identical setups: no differences');
  const changed: Results = structuredClone(b);
  changed.run.target.stream = false;
  changed.run.machine.cpus = 16;
  changed.run.scenarios[0].hash = 'b'.repeat(64);
  changed.run.scenarios[0].params = { temperature: 0.7 };
  changed.run.harness.version = '0.2.0';
  changed.run.server = { models: { data: [{ id: 'other' }] } };
  changed.turns[0].responseHeaders = { server: 'vllm/0.9' };
  const diffs = compareResults(a, changed).differences;
  const unfair = diffs.filter((d) => d.severity === 'unfair').map((d) => d.field);
  t.same(
    unfair.sort(),
    ['machine.cpus', 'scenario.known.hash', 'scenario.known.params.temperature', 'target.stream'].sort(),
  );
  const notes = diffs.filter((d) => d.severity === 'note').map((d) => d.field);
  t.ok(
    notes.includes('harness.version') && notes.includes('server.models') && notes.includes('headers.server'),
    notes.join(', '),
  );
  t.equal(diffs[0].severity, 'unfair', 'unfair differences come first');
});

t.test('runs with no scenario in common cannot be compared', async (t) => {
  const a = knownResults({ conversations: 5, seed: 71 });
  const b: Results = structuredClone(a);
  b.run.scenarios[0].name = 'other';
  t.throws(() => compareResults(a, b), { message: /share no scenario/, exitCode: 2 });
});

t.test('figures not measured in both runs are "no-data" and not counted in the Bonferroni split', async (t) => {
  const a = knownResults({ conversations: 20, seed: 81 });
  const b = knownResults({ conversations: 20, seed: 82 });
  for (const turn of b.turns) delete turn.timing.firstTokenMs; // e.g. a non-streamed run
  const c = compareResults(a, b);
  t.same(
    c.rows.filter((r) => r.verdict === 'no-data').map((r) => r.metric),
    ['latency.ttftMs.p50', 'latency.ttftMs.p95'],
  );
  t.equal(c.figureAlpha, 0.05 / 4);
  t.match(c.method, /^4 figures are compared/);
});
