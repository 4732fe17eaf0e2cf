// The sweep: pure planner tests on synthetic levels (loads planned, stop reasons, whole users,
// rate rounding, a harness that fell behind, the bound on levels), then real sweeps against the
// fixture server with 3 replies served at once. There, up to 3 users never wait and 4 users make
// one request in 4 wait a whole reply (~300 ms more TTFT), so a TTFT P90 SLO breaks exactly above
// the capacity: doubling alone stops at 2 users (4 broke), refinement finds 3.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { type FixtureServer, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { loadCommand } from '../../../src/cli/commands/load.js';
import { parseSweepRefine } from '../../../src/cli/flags.js';
import { LOAD_HELP } from '../../../src/cli/help/load.js';
import type { ChatClient } from '../../../src/client/index.js';
import { seededRandom } from '../../../src/core/random.js';
import type { HarnessHealth, LoadLevel, Results } from '../../../src/core/types.js';
import { judgeHealth } from '../../../src/load/health.js';
import { findKnee } from '../../../src/load/knee.js';
import {
  describeSweepBudget,
  midpoint,
  roundSignificant,
  type SweepOptions,
  sweepBudget,
  sweepPlan,
} from '../../../src/load/sweep.js';
import { parseSlo } from '../../../src/metrics/slo.js';
import { buildLoadCharts } from '../../../src/report/html/charts/load.js';
import { renderLoadSection } from '../../../src/report/html/sections/load.js';
import { renderLoadSummary } from '../../../src/report/terminal/load.js';
import { tempDir, writeScenario } from '../../helpers/eval-harness.js';
import { memoryScenario, runLoad, testClient } from '../../helpers/load-harness.js';

const healthy: HarnessHealth = judgeHealth({
  eventLoopLagMs: { p50: 0.1, p99: 2, max: 5 },
  scheduleLagMs: { count: 10, p50: 1, p99: 3, max: 4 },
  cpuCores: 0.3,
});
const behind: HarnessHealth = judgeHealth({ ...healthy, cpuCores: 2 });

interface Outcome {
  pass: boolean;
  harnessBehind?: boolean;
}

/** Runs the planner to its end on synthetic levels; `outcome` decides each level from its load. */
function drive(
  options: SweepOptions,
  outcome: (load: number) => Outcome,
  limit = 100,
): { loads: number[]; levels: LoadLevel[]; stop: string } {
  const plan = sweepPlan(options);
  const levels: LoadLevel[] = [];
  for (let i = 0; i < limit; i++) {
    const next = plan.next(levels);
    if ('stop' in next) return { loads: levels.map((l) => l.users ?? l.ratePerSecond!), levels, stop: next.stop };
    const load = next.users ?? next.ratePerSecond!;
    const o = outcome(load);
    levels.push({
      index: levels.length + 1,
      ...next,
      verdict: o.pass ? 'pass' : 'fail',
      health: [o.harnessBehind ? behind : healthy],
    } as unknown as LoadLevel);
  }
  throw new Error(`the planner did not stop within ${limit} levels`);
}

const upTo =
  (capacity: number) =>
  (load: number): Outcome => ({ pass: load <= capacity });

t.test('planner: doubling, then bisection between the last pass and the first failure', async (t) => {
  const users: SweepOptions = { start: 1, max: 256, kind: 'users' };
  const refined = drive(users, upTo(28));
  t.same(refined.loads, [1, 2, 4, 8, 16, 32, 24, 28], 'two refinement levels by default');
  t.equal(
    findKnee(refined.levels, refined.stop).users,
    28,
    'the knee is the largest passing load, not the last one run',
  );
  t.equal(
    refined.stop,
    'an SLO broke at level 6 (32 users); refined between 16 and 32 users in 2 more levels ' +
      '(the --sweep-refine limit of 2): knee 28 users, fails at 32 users',
  );

  const doublingOnly = drive({ ...users, refine: 0 }, upTo(28));
  t.same(doublingOnly.loads, [1, 2, 4, 8, 16, 32], '--sweep-refine 0: the old doubling');
  t.equal(findKnee(doublingOnly.levels, '').users, 16);
  t.match(doublingOnly.stop, /^an SLO broke at level 6 \(32 users\); not refined \(--sweep-refine 0\): knee 16 users$/);

  const long = drive({ ...users, refine: 10 }, upTo(28));
  t.same(long.loads, [1, 2, 4, 8, 16, 32, 24, 28, 30, 29], 'stops at a gap of 1 user before the limit');
  t.match(long.stop, /in 4 more levels \(gap down to 1 user\): knee 28 users, fails at 29 users$/);

  t.same(drive(users, upTo(5)).loads, [1, 2, 4, 8, 6, 5]);
  t.same(drive({ start: 3, max: 100, kind: 'users' }, upTo(7)).loads, [3, 6, 12, 9, 7], 'whole users from any start');
  t.same(
    drive({ start: 1, max: 24, kind: 'users' }, upTo(20)).loads,
    [1, 2, 4, 8, 16, 24, 20, 22],
    'capped doubling refines below the cap',
  );

  const none = drive(users, upTo(0));
  t.same(none.loads, [1]);
  t.match(none.stop, /^an SLO broke at level 1 \(1 user\); no level passed, so there is nothing to refine$/);
  const adjacent = drive(users, upTo(1));
  t.same(adjacent.loads, [1, 2]);
  t.match(
    adjacent.stop,
    /^an SLO broke at level 2 \(2 users\); nothing to refine \(gap down to 1 user\): knee 1 user$/,
  );
  const all = drive({ start: 1, max: 16, kind: 'users' }, upTo(99));
  t.same(all.loads, [1, 2, 4, 8, 16]);
  t.match(all.stop, /every level up to the sweep's maximum \(16\) met all SLOs/);
});

t.test('planner: rates are bisected to 2 significant digits, down to a 5% gap', async (t) => {
  const rates = drive({ start: 0.5, max: 64, kind: 'rate', refine: 10 }, upTo(2.9));
  t.same(rates.loads, [0.5, 1, 2, 4, 3, 2.5, 2.8, 2.9]);
  t.match(
    rates.stop,
    new RegExp(
      'refined between 2 and 4 conv/s in 4 more levels \\(gap under 5% of the load\\): ' +
        'knee 2\\.9 conv/s, fails at 3 conv/s$',
    ),
  );
  const small = drive({ start: 0.1, max: 64, kind: 'rate', refine: 10 }, upTo(0.13));
  t.same(small.loads, [0.1, 0.2, 0.15, 0.13, 0.14, 0.135], 'a third digit only where two would repeat a load');
  t.equal(midpoint('rate', 2, 4), 3);
  t.equal(midpoint('rate', 16, 32), 24);
  t.equal(midpoint('rate', 10, 10.6), 10.3, '10.3 rounds to 10 at 2 digits, which already ran');
  t.equal(midpoint('rate', 27, 28), null, 'a gap of 3.7% is not worth a level');
  t.equal(midpoint('users', 16, 32), 24);
  t.equal(midpoint('users', 4, 7), 5);
  t.equal(midpoint('users', 5, 6), null);
  t.equal(roundSignificant(0.1 + 0.2, 2), 0.3);
  t.equal(roundSignificant(2.449, 2), 2.4);
});

t.test('planner: a level where the harness fell behind caps the bisection', async (t) => {
  // The server would hold 1000 users; the harness falls behind from 24 on.
  const harness = drive({ start: 1, max: 256, kind: 'users' }, (n) => ({ pass: true, harnessBehind: n >= 24 }));
  t.same(harness.loads, [1, 2, 4, 8, 16, 32, 24, 20]);
  t.equal(findKnee(harness.levels, '').users, 20, 'a level with the harness behind is never the knee');
  t.match(
    harness.stop,
    /^the harness fell behind at level 6 \(32 users\); refined between 16 and 32 users in 2 more levels/,
  );
  t.match(
    harness.stop,
    new RegExp(
      'knee 20 users; the harness fell behind at 24 users, so no load above it was tried ' +
        '\\(the harness, not the server, was the limit there\\)$',
    ),
  );
  t.notMatch(harness.stop, /fails at/, 'an invalid level is not called a failure of the server');
  const first = drive({ start: 1, max: 256, kind: 'users' }, (n) => ({ pass: n <= 20, harnessBehind: n >= 32 }));
  t.same(first.loads, [1, 2, 4, 8, 16, 32, 24, 20]);
  t.match(
    first.stop,
    /fails at 24 users; no load above 32 users was tried \(the harness, not the server, was the limit there\)$/,
  );
  const off = drive({ start: 1, max: 256, kind: 'users', refine: 0 }, (n) => ({ pass: true, harnessBehind: n >= 32 }));
  t.match(
    off.stop,
    new RegExp(
      '^the harness fell behind at level 6 \\(32 users\\); not refined \\(--sweep-refine 0\\): knee 16 users; ' +
        'no load above 32 users',
    ),
  );
});

t.test('planner: bounded whatever the levels do', async (t) => {
  const random = seededRandom(11);
  const broken: string[] = [];
  for (let trial = 0; trial < 300; trial++) {
    const kind = trial % 2 === 0 ? 'users' : 'rate';
    const start = kind === 'users' ? 1 + Math.floor(random() * 5) : 0.1 + random();
    const max = start * (1 + random() * 300);
    const options: SweepOptions = {
      start,
      max: kind === 'users' ? Math.floor(max) : max,
      kind,
      refine: Math.floor(random() * 8),
    };
    // Noisy, non-monotone outcomes and a harness that sometimes falls behind.
    const { loads } = drive(options, () => ({ pass: random() < 0.8, harnessBehind: random() < 0.05 }));
    const problems = [
      loads.length > sweepBudget(options).levels ? `more levels than the bound of ${sweepBudget(options).levels}` : '',
      loads.some((n) => n > options.max || n < start) ? 'a load outside start..max' : '',
      kind === 'users' && !loads.every(Number.isInteger) ? 'fractional users' : '',
      new Set(loads).size !== loads.length ? 'a load ran twice' : '',
    ].filter(Boolean);
    if (problems.length) broken.push(`${JSON.stringify(options)} -> ${loads.join(', ')}: ${problems.join('; ')}`);
  }
  t.same(broken, [], '300 random sweeps: within the bound, start..max, whole users, no load twice');
  t.same(sweepBudget({ start: 1, max: 256, kind: 'users' }), { doubling: 9, refine: 2, levels: 11 });
  t.same(sweepBudget({ start: 3, max: 20, kind: 'users', refine: 0 }), { doubling: 4, refine: 0, levels: 4 });
  const text = describeSweepBudget(
    { start: 1, max: 256, kind: 'users' },
    { warmupMs: 5000, durationMs: 30_000, drainMs: 60_000, maxRequests: 100_000 },
  );
  t.equal(
    text,
    'sweep: at most 11 levels (9 doubling up to 256 users + 2 refinement), each at most 95s (warmup + duration + ' +
      'drain) ' +
      'and 100000 requests: at most 17.4 min and 1100000 requests in all',
  );
});

t.test('--sweep-refine: option value and help', async (t) => {
  t.equal(parseSweepRefine(undefined, true), undefined);
  t.equal(parseSweepRefine('0', true), 0);
  t.equal(parseSweepRefine('5', true), 5);
  t.throws(() => parseSweepRefine('-1', true), { exitCode: 2, message: /--sweep-refine: expected a whole number/ });
  t.throws(() => parseSweepRefine('2', false), { exitCode: 2, message: /only applies to a sweep/ });
  t.match(LOAD_HELP, /--sweep-refine N +bisection levels after the first failing level \(default 2; 0: doubling/);
});

let server: FixtureServer;
let client: ChatClient;
const CAPACITY = 3;
const SLO = 'ttft.p90 <= 450ms';
t.before(async () => {
  server = await startFixtureServer({ ttftMs: 300, itlMs: 5, reply: 'You live in Lisbon.', capacity: CAPACITY });
  client = testClient(server.url);
});
t.teardown(async () => {
  await client.close();
  await server.close();
});

const sweepOnce = () =>
  runLoad(client, [], {
    planner: sweepPlan({ start: 1, max: 16, kind: 'users' }),
    slos: [parseSlo(SLO)],
    durationMs: 1500,
    warmupMs: 300,
    scenarios: [memoryScenario(1)],
  });
const allValid = (results: Results) => results.load!.levels.every((l) => l.health.every((h) => h.valid));

t.test("a refined sweep finds the fixture server's capacity between powers of two", async (t) => {
  const run = await sweepOnce();
  t.ok(allValid(run.results), 'no level is invalid under the test harness limits');
  const load = run.results.load!;
  t.same(
    load.levels.map((l) => l.users),
    [1, 2, 4, 3],
    'doubling, then one bisection (the gap is then 1 user)',
  );
  t.same(
    load.levels.map((l) => l.verdict),
    ['pass', 'pass', 'fail', 'pass'],
  );
  t.same(
    load.levels.map((l) => l.index),
    [1, 2, 3, 4],
    'results.json keeps the run order, each level with its index',
  );
  t.equal(load.knee?.users, CAPACITY, 'the knee is the capacity, above the 2 users doubling alone reports');
  t.equal(load.knee?.level, 4);
  t.equal(
    load.knee?.reason,
    'an SLO broke at level 3 (4 users); refined between 2 and 4 users in 1 more level (gap down to 1 user): knee 3 ' +
      'users, fails at 4 users',
  );
  t.ok(load.levels[2]!.figures.latency.ttftMs.p90! > 450, 'at 4 users queued requests wait a whole reply');
  checkSortedByLoad(t, run.results);
});

/** Terminal table, report table and charts go by load (1, 2, 3, 4), not by run order (1, 2, 4, 3). */
function checkSortedByLoad(t: Test, results: Results): void {
  const text = renderLoadSummary(results.load!, {
    green: String,
    red: String,
    yellow: String,
    dim: String,
    bold: String,
  } as never);
  const rows = text
    .split('\n')
    .filter((l) => /^\s+\d+\s+\d+ users?\s/.test(l))
    .map((l) => Number(/^\s+\d+\s+(\d+) user/.exec(l)![1]));
  t.same(rows, [1, 2, 3, 4], 'terminal rows by load');
  t.match(text, /Knee: 3 users \(level 4\)/);
  const charts = buildLoadCharts(results, 'en');
  t.same(charts[0]!.config.data.labels, ['1 user', '2 users', '3 users ★ knee', '4 users'], 'chart x axis by load');
  t.same(
    charts[4]!.config.data.datasets.map((d) => d.label),
    ['1 user', '2 users', '3 users', '4 users'],
    'depth lines by load',
  );
  const html = renderLoadSection(results, 'en', charts);
  const cells = [...html.matchAll(/<tr><td>(\d+)<\/td><td>(\d+) users?<\/td>/g)].map((m) => [
    Number(m[1]),
    Number(m[2]),
  ]);
  t.same(
    cells,
    [
      [1, 1],
      [2, 2],
      [4, 3],
      [3, 4],
    ],
    'report rows by load, each with its run index',
  );
}

t.test('--sweep-refine 0 keeps the doubling-only sweep (CLI)', async (t) => {
  const dir = tempDir();
  // Only the TTFT objective: the defaults' context accuracy has nothing to read in one turn.
  const scenario = writeScenario(
    dir,
    'one-turn',
    'name: one-turn\nturns:\n  - user: I live in Lisbon.\n' +
      'slo: { contextAccuracy: off, e2e.p95: off, interruptionRate: off }\n',
  );
  // The harness's own lag is not this test's subject: a shared test machine must not end the
  // sweep early, so the limit is far above anything a busy machine shows.
  const out = path.join(dir, 'run');
  const err: string[] = [];
  const code = await loadCommand(
    [
      scenario,
      '--target',
      server.url,
      '--sweep',
      '--sweep-max',
      '16',
      '--sweep-refine',
      '0',
      '--duration',
      '1500ms',
      '--warmup',
      '300ms',
      '--drain',
      '5s',
      '--slo',
      SLO,
      '--out',
      out,
      '--no-report',
      '--max-harness-lag',
      '5s',
      '--max-timing-stall',
      '5s',
    ],
    { stdout: { write: () => true }, stderr: { write: (s: string) => err.push(s) } },
  );
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
  t.ok(allValid(results), 'no level is invalid under --max-harness-lag 5s --max-timing-stall 5s');
  t.equal(results.run.options.maxHarnessLagMs, 5000);
  t.equal(results.run.options.maxTimingStallMs, 5000);
  t.equal(code, 0, `a knee was found ${err.join('')}`);
  const load = results.load!;
  t.same(
    load.levels.map((l) => l.users),
    [1, 2, 4],
  );
  t.equal(load.knee?.users, 2, 'doubling alone stops below the capacity of 3');
  t.equal(load.knee?.reason, 'an SLO broke at level 3 (4 users); not refined (--sweep-refine 0): knee 2 users');
  t.equal(results.run.options.sweepRefine, 0);
  t.match(
    err.join(''),
    /sweep: at most 5 levels \(5 doubling up to 16 users \+ 0 refinement\), each at most 6\.8s/,
    'the bound, said before it starts',
  );
});

t.test('a fixture in another process is read through its control routes', async (t) => {
  const { request } = await import('undici');
  const origin = new URL(server.url).origin;
  const before = server.log.length;
  const log = (await (await request(`${origin}/_fixture/log`)).body.json()) as unknown[];
  t.equal(log.length, before, 'the log as JSON');
  await (await request(`${origin}/_fixture/reset`, { method: 'POST' })).body.text();
  t.equal(server.log.length, 0, 'reset clears it; control calls are not logged');
});
