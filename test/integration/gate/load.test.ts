// chatproof gate / compare on load runs: real short load runs against the fixture server on
// 127.0.0.1 (made once for the file), then the gate's exit codes and verdicts on the saved
// results.json files: per-level SLOs, --at-load, --min-knee, an invalid harness, regressions
// level by level, the knee, and the eval-vs-load mix error.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { type FixtureOptions, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { compareCommand } from '../../../src/cli/commands/compare.js';
import { evalCommand } from '../../../src/cli/commands/eval.js';
import { gateCommand } from '../../../src/cli/commands/gate.js';
import { parseLoadValue } from '../../../src/cli/flags.js';
import type { Comparison, KneeRow, LatencyRow, ProportionRow } from '../../../src/compare/types.js';
import type { Results } from '../../../src/core/types.js';
import type { LoadGate } from '../../../src/gate/types.js';
import { judgeHealth } from '../../../src/load/health.js';
import { parseSlo } from '../../../src/metrics/slo.js';
import { MEMORY_SCENARIO, tempDir, writeScenario } from '../../helpers/eval-harness.js';
import { junitValidator } from '../../helpers/junit-xsd.js';
import { memoryScenario, runLoad, testClient } from '../../helpers/load-harness.js';
import { syntheticResults } from '../../helpers/synthetic-results.js';

const dir = tempDir('chatproof-gate-load-');
const { validate, cleanup } = junitValidator();
t.teardown(() => {
  cleanup();
  rmSync(dir, { recursive: true, force: true });
});

// E2E at 50 ms TTFT + ~7 tokens x 2 ms is ~65 ms; 2 s windows give >= 11 two-turn
// conversations per level at 1 user, enough for the cluster bootstrap (8).
const BASE: FixtureOptions = { ttftMs: 50, itlMs: 2, reply: 'You live in Lisbon. Lisbon is lovely.' };
const SLOS = [parseSlo('e2e.p95<=2s', 'load'), parseSlo('contextAccuracy>=90%', 'load')];
// Capacity 1 with 2 closed-loop users: every request waits for the other's (~2x E2E, ~125 ms).
// This SLO sits between the 2-user E2E P95 of the baseline (~65 ms) and of that server.
const TIGHT = ['--slo', 'e2e.p95<=100ms'];

/** One load run (1 then 2 users) against a fresh fixture. */
async function measure(name: string, fixture: FixtureOptions): Promise<string> {
  const server = await startFixtureServer({ ...BASE, ...fixture });
  const client = testClient(server.url);
  try {
    const outDir = path.join(dir, `${name}-1`);
    await runLoad(client, [{ users: 1 }, { users: 2 }], {
      outDir,
      durationMs: 2000,
      slos: SLOS,
      scenarios: [memoryScenario(2, 'gate-load')],
    });
    return outDir;
  } finally {
    await client.close();
    await server.close();
  }
}

function read(folder: string): Results {
  return JSON.parse(readFileSync(path.join(folder, 'results.json'), 'utf8')) as Results;
}

function save(name: string, results: Results): string {
  const folder = path.join(dir, name);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'results.json'), JSON.stringify(results));
  return folder;
}

function io(): { stdout: PassThrough & { isTTY: boolean }; stderr: PassThrough; text: () => string } {
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  const chunks: string[] = [];
  stdout.on('data', (c: Buffer) => chunks.push(c.toString()));
  return { stdout, stderr: new PassThrough(), text: () => chunks.join('') };
}

let n = 0;
/** Runs gate (or compare) with --json; returns the exit code, the JSON and the terminal text. */
async function run(
  command: 'gate' | 'compare',
  argv: string[],
): Promise<{ code: number; json: { gate: LoadGate; comparison: Comparison | null }; text: string }> {
  const file = path.join(dir, `out-${++n}.json`);
  const out = io();
  const code = await (command === 'gate' ? gateCommand : compareCommand)([...argv, '--json', file], out);
  return { code, json: JSON.parse(readFileSync(file, 'utf8')), text: out.text() };
}

const row = (c: Comparison, metric: string, load: number): LatencyRow | ProportionRow =>
  c.rows.find((r) => r.kind !== 'knee' && r.metric === metric && r.level?.load === load) as LatencyRow | ProportionRow;
const knee = (c: Comparison): KneeRow => c.rows.find((r) => r.kind === 'knee') as KneeRow;

let base: string, same: string, slow: string, capped: string, forgetful: string;
t.before(async () => {
  base = await measure('base', {});
  same = await measure('same', {});
  slow = await measure('slow', { ttftMs: 75, itlMs: 3 });
  capped = await measure('capped', { capacity: 1 });
  forgetful = await measure('forgetful', { reply: 'I am not sure what you mean.' });
});

t.test('the runs measured what the tests rely on', async (t) => {
  for (const folder of [base, same, slow, capped, forgetful]) {
    const levels = read(folder).load!.levels;
    t.same(
      levels.map((l) => l.users),
      [1, 2],
    );
    t.ok(
      levels.every((l) => l.counts.conversations >= 8),
      `${folder}: enough conversations for the bootstrap (${levels.map((l) => l.counts.conversations).join(', ')})`,
    );
    t.ok(
      levels.every((l) => l.health.every((h) => h.valid)),
      `${folder}: harness kept up (${levels.flatMap((l) => l.health.flatMap((h) => h.problems)).join('; ')})`,
    );
  }
});

t.test('every level meets its SLOs: exit 0; a stricter --slo fails every level: exit 1', async (t) => {
  const junit = path.join(dir, 'pass.xml');
  const md = path.join(dir, 'pass.md');
  const ok = await run('gate', [base, '--junit', junit, '--markdown', md]);
  t.equal(ok.code, 0, ok.text);
  t.same(
    ok.json.gate.levels.map((l) => [l.load, l.status, l.gated]),
    [
      [1, 'pass', true],
      [2, 'pass', true],
    ],
  );
  t.same(
    ok.json.gate.checks.map((c) => [c.kind, c.outcome]),
    [['every-level', 'pass']],
  );
  t.equal(ok.json.gate.knee.load, 2);
  const xml = readFileSync(junit, 'utf8');
  t.doesNotThrow(() => validate(xml, 'pass.xml'));
  t.match(xml, /<testsuite name="chatproof.load.slo" tests="4" failures="0" errors="0"/, 'a case per level x SLO');
  t.notMatch(xml, /chatproof.conversations/, 'no case per conversation for a load run');
  t.match(readFileSync(md, 'utf8'), /### Load levels \(closed loop\)[\s\S]*\| ✅ \| 2 \| 2 users \| PASS \| yes \|/);
  const strict = await run('gate', [base, '--slo', 'e2e.p50<=1ms', '--junit', junit]);
  t.equal(strict.code, 1);
  t.same(
    strict.json.gate.levels.map((l) => l.status),
    ['fail', 'fail'],
  );
  t.match(strict.text, /FAIL {2}every level meets its SLOs/);
  t.match(readFileSync(junit, 'utf8'), /<testsuite name="chatproof.load.slo" tests="6" failures="2"/);
});

t.test('--at-load gates one level; a missing load is exit 2 naming the loads available', async (t) => {
  const at1 = await run('gate', [capped, ...TIGHT, '--at-load', '1', '--junit', path.join(dir, 'at1.xml')]);
  t.equal(at1.code, 0, at1.text);
  t.same(
    at1.json.gate.levels.map((l) => [l.status, l.gated]),
    [
      ['pass', true],
      ['fail', false],
    ],
    'level 2 fails but is not asked about',
  );
  const xml = readFileSync(path.join(dir, 'at1.xml'), 'utf8');
  t.doesNotThrow(() => validate(xml, 'at1.xml'));
  t.match(
    xml,
    /<testsuite name="chatproof.load.slo" tests="4" failures="0" errors="0" skipped="1"/,
    'the ungated miss is skipped, not failed',
  );
  const at2 = await run('gate', [capped, ...TIGHT, '--at-load', '2']);
  t.equal(at2.code, 1, at2.text);
  t.match(at2.json.gate.checks[0]!.message, /level 2 \(2 users\): missed e2e.p95<=100ms \(measured \d+/);
  await t.rejects(gateCommand([capped, '--at-load', '3'], io()), {
    exitCode: 2,
    message: /--at-load 3: .*results.json has no level at 3 users \(closed loop\); levels available: 1 user, 2 users/,
  });
  await t.rejects(gateCommand([capped, '--at-load', 'many'], io()), {
    exitCode: 2,
    message: /--at-load: expected a load above 0/,
  });
  t.equal(parseLoadValue('--at-load', '2/s'), 2);
  // Without options the failing level fails the run; as a sweep (which stops where an SLO broke) it passes with its
  // knee.
  t.equal((await run('gate', [capped, ...TIGHT])).code, 1);
  const sweep = read(capped);
  sweep.run.options = { ...sweep.run.options, sweep: true };
  const swept = await run('gate', [save('capped-sweep', sweep), ...TIGHT]);
  t.equal(swept.code, 0, swept.text);
  t.same(
    swept.json.gate.checks.map((c) => [c.kind, c.outcome]),
    [['sweep-knee', 'pass']],
  );
});

t.test('--min-knee: pass at or below the knee, fail above it', async (t) => {
  const ok = await run('gate', [capped, ...TIGHT, '--min-knee', '1']);
  t.equal(ok.code, 0, ok.text);
  t.equal(ok.json.gate.knee.load, 1);
  const low = await run('gate', [capped, ...TIGHT, '--min-knee', '2']);
  t.equal(low.code, 1);
  t.match(low.json.gate.checks[0]!.message, /the knee is 1 user \(level 1\), below 2 users/);
  t.equal((await run('gate', [base, '--min-knee', '2'])).code, 0, 'the unthrottled server holds 2 users');
});

t.test('a level whose harness fell behind never counts as a pass (exit 4)', async (t) => {
  const results = read(base);
  results.load!.levels[1]!.health = [
    judgeHealth({
      eventLoopLagMs: { p50: 2, p99: 80, max: 120 },
      scheduleLagMs: { count: 10, p50: 1, p99: 2, max: 3 },
      timingSuspect: { turns: 9, of: 60, worstStallMs: 120, limitMs: 10 },
      cpuCores: 0.4,
    }),
  ];
  const behind = save('behind', results);
  const all = await run('gate', [behind, '--junit', path.join(dir, 'behind.xml')]);
  t.equal(all.code, 4, all.text);
  t.equal(all.json.gate.levels[1]!.status, 'invalid');
  t.equal(all.json.gate.levels[1]!.sloVerdict, 'pass', 'its SLOs were met as measured, and still it does not pass');
  t.match(all.text, /INVALID[\s\S]*9 of 60 turns \(15\.0%\) timed through an event-loop stall[\s\S]*never counts/);
  const xml = readFileSync(path.join(dir, 'behind.xml'), 'utf8');
  t.doesNotThrow(() => validate(xml, 'behind.xml'));
  t.match(xml, /<testsuite name="chatproof.load.slo" tests="4" failures="0" errors="2"/);
  t.equal((await run('gate', [behind, '--at-load', '1'])).code, 0, 'the valid level alone passes');
  t.equal((await run('gate', [behind, '--at-load', '2'])).code, 4);
  const kneeGate = await run('gate', [behind, '--min-knee', '2']);
  t.equal(kneeGate.code, 4, 'the knee may be high enough; the measurement cannot say');
  t.equal(kneeGate.json.gate.knee.load, 1);
  // An SLO miss at a valid level is a definite failure and wins over the invalid one.
  t.equal((await run('gate', [behind, '--slo', 'e2e.p50<=1ms'])).code, 1);
});

t.test("goodput SLOs are counted again from the level's turns with the gate's SLOs", async (t) => {
  t.equal((await run('gate', [base, '--slo', 'goodputRate>=90%'])).code, 0);
  // Stored goodput (counted against e2e.p95<=2s) is ~100%; against e2e<=1ms per turn it is 0.
  const strict = await run('gate', [base, '--slo', 'e2e.p95<=1ms', '--slo', 'goodputRate>=50%']);
  t.equal(strict.code, 1);
  const goodput = strict.json.gate.levels[1]!.slo.find((v) => v.metric === 'goodputRate')!;
  t.equal(goodput.actual, 0);
  t.equal(goodput.passed, false);
});

t.test('a slower candidate is a regression at every level; the same server twice is not', async (t) => {
  const html = path.join(dir, 'slow.html');
  const junit = path.join(dir, 'slow.xml');
  const md = path.join(dir, 'slow.md');
  const slower = await run('compare', [base, slow, '--html', html, '--junit', junit, '--markdown', md]);
  t.equal(slower.code, 1, slower.text);
  const c = slower.json.comparison!;
  t.equal(c.verdict, 'regression');
  t.same(c.load!.compared, [1, 2]);
  for (const load of [1, 2]) {
    const e2e = row(c, 'latency.e2eMs.p50', load) as LatencyRow;
    t.equal(e2e.verdict, 'regression', `${load} users: ${e2e.reason}`);
    t.equal(e2e.method, 'shift');
    t.ok(e2e.change! > 0.2 && e2e.change! < 1, `E2E P50 change ${e2e.change} near +40%`);
    t.ok(e2e.ci!.low > 0, 'significant');
  }
  t.equal(
    c.figureAlpha,
    0.05 / 16,
    'Bonferroni over 8 figures (TTFT, E2E, ITL P50/P95, accuracy, interruptions) x 2 levels',
  );
  t.doesNotThrow(() => validate(readFileSync(junit, 'utf8'), 'slow.xml'));
  t.match(readFileSync(junit, 'utf8'), /name="2 users: P50 end-to-end latency vs baseline"[^>]*>\s*<failure/);
  const page = readFileSync(html, 'utf8');
  t.match(page, /Figures by load level/);
  t.match(page, /2 users: P95 time to first token/);
  t.match(page, /knee \(largest load meeting every SLO\)/);
  t.match(readFileSync(md, 'utf8'), /levels compared \(users\): 1, 2/);

  const twice = await run('compare', [base, same]);
  t.equal(twice.code, 0, twice.text);
  t.notOk(
    twice.json.comparison!.rows.some((r) => r.verdict === 'regression'),
    'no figure flagged',
  );
  t.equal(knee(twice.json.comparison!).verdict, 'pass');
});

t.test("a knee lower than the baseline's is a regression, unless the candidate never ran there", async (t) => {
  const lower = await run('compare', [base, capped, ...TIGHT]);
  t.equal(lower.code, 1, lower.text);
  const k = knee(lower.json.comparison!);
  t.same([k.baseline, k.candidate, k.verdict], [2, 1, 'regression'], k.reason);
  t.match(k.reason, /at 2 users the candidate missed an SLO/);
  t.equal(
    (await run('compare', [base, base, ...TIGHT])).json.comparison!.rows.find((r) => r.kind === 'knee')!.verdict,
    'pass',
  );
  // The candidate ran 1 user only: the baseline's knee load was never tried, nothing to conclude.
  const short = read(capped);
  short.load!.levels = short.load!.levels.filter((l) => l.users === 1);
  short.turns = short.turns.filter((r) => r.conversationId.endsWith('@L1'));
  short.conversations = short.conversations.filter((r) => r.id.endsWith('@L1'));
  const partial = await run('compare', [base, save('capped-1', short), ...TIGHT]);
  const kp = knee(partial.json.comparison!);
  t.equal(kp.verdict, 'inconclusive', kp.reason);
  t.match(kp.reason, /never ran at 2 users/);
  t.same(partial.json.comparison!.load!.baselineOnly, [2], 'the level in one run only is listed');
  t.match(partial.text, /only in the baseline, not compared: 2/);
});

t.test("accuracy is compared per level with Fisher's exact test", async (t) => {
  const worse = await run('compare', [base, forgetful]);
  t.equal(worse.code, 1);
  for (const load of [1, 2]) {
    const acc = row(worse.json.comparison!, 'contextAccuracy', load) as ProportionRow;
    t.equal(acc.verdict, 'regression', acc.reason);
    t.ok(acc.pValue! < worse.json.comparison!.figureAlpha);
  }
});

t.test('without turn records a level is compared as points, and says so', async (t) => {
  const strip = (folder: string, name: string): string => {
    const r = read(folder);
    r.turns = [];
    return save(name, r);
  };
  const b = strip(base, 'base-points');
  const slower = await run('compare', [b, strip(slow, 'slow-points')]);
  t.equal(slower.code, 1);
  const e2e = row(slower.json.comparison!, 'latency.e2eMs.p50', 2) as LatencyRow;
  t.same([e2e.method, e2e.verdict, e2e.ci], ['point', 'regression', null]);
  t.match(e2e.reason, /no confidence interval/);
  t.match(slower.text, /none \(point\)/);
  const twice = await run('compare', [b, strip(same, 'same-points')]);
  t.equal(twice.code, 0, twice.text);
  t.notOk(twice.json.comparison!.rows.some((r) => r.verdict === 'regression'));
});

t.test('an eval run and a load run are never compared: one paragraph naming both, exit 2', async (t) => {
  const evalDir = save('eval', syntheticResults({ conversations: 10, turns: 4, seed: 9, lang: 'en' }));
  const evalFile = path.join(evalDir, 'results.json');
  const loadFile = path.join(base, 'results.json');
  for (const argv of [
    [evalDir, base],
    [base, evalDir],
  ]) {
    const error = await compareCommand(argv, io()).then(
      () => undefined,
      (e: unknown) => e as { exitCode: number; message: string },
    );
    t.equal(error?.exitCode, 2);
    t.match(error?.message, evalFile);
    t.match(error?.message, loadFile);
    const expected =
      argv[0] === evalDir
        ? new RegExp(
            'The baseline .* is an eval run .*; the candidate .* is a load run ' +
              '\\("chatproof load": closed loop, 2 load levels\\)',
          )
        : /The baseline .* is a load run .*; the candidate .* is an eval run/;
    t.match(error?.message, expected);
    t.notMatch(error?.message, /\n/, 'one paragraph');
  }
  await t.rejects(gateCommand([base, '--baseline', evalDir], io()), { exitCode: 2, message: /cannot compare/ });
  await t.rejects(gateCommand([evalDir, '--at-load', '2'], io()), {
    exitCode: 2,
    message: /judge the levels of a load run/,
  });
  // eval --baseline <load run> is refused before the run: the target (a closed port) is never tried.
  const scenario = writeScenario(tempDir(), 'memory-mini', MEMORY_SCENARIO);
  const quiet = { stdout: io().stdout, stderr: new PassThrough() };
  await t.rejects(evalCommand([scenario, '--target', 'http://127.0.0.1:9/v1', '--baseline', base, '--quiet'], quiet), {
    exitCode: 2,
    message: /--baseline .* is a load run/,
  });
});
