// Pure parts of load mode: histograms, think times, option parsing, shards, harness health,
// sweep planning and the knee.
import t from 'tap';
import { parseArrivals, parseRateList, parseShard, parseThink, parseUsersList } from '../../../src/cli/flags.js';
import { seededRandom } from '../../../src/core/random.js';
import type { HarnessHealth, LoadLevel, TurnRecord } from '../../../src/core/types.js';
import { countSuspectTurns, judgeHealth } from '../../../src/load/health.js';
import { findKnee } from '../../../src/load/knee.js';
import { shardShare } from '../../../src/load/load-run.js';
import { fixedPlan, sweepPlan } from '../../../src/load/sweep.js';
import { parseThinkTime, sampleThinkMs } from '../../../src/load/think-time.js';
import {
  deserializeHistogram,
  histogramOfMs,
  mergeSerialized,
  serializedDistribution,
  serializeHistogram,
} from '../../../src/metrics/histogram.js';
import { percentile } from '../../../src/metrics/stats.js';

t.test('HDR histograms: within 0.1% of exact, serialisable, mergeable', async (t) => {
  const random = seededRandom(5);
  const a = Array.from({ length: 5000 }, () => 5 + random() * 800);
  const b = Array.from({ length: 3000 }, () => 200 + random() * 2000);
  const all = [...a, ...b].sort((x, y) => x - y);
  const merged = serializedDistribution(
    mergeSerialized([serializeHistogram(histogramOfMs(a)), serializeHistogram(histogramOfMs(b))]),
  );
  const direct = serializedDistribution(serializeHistogram(histogramOfMs(all)));
  t.same(merged, direct, 'merge of parts = histogram of the whole');
  for (const p of [50, 90, 95, 99] as const) {
    const exact = percentile(all, p)!;
    const got = merged[`p${p}`]!;
    t.ok(Math.abs(got - exact) / exact < 0.002, `p${p}: ${got} vs exact ${exact.toFixed(3)}`);
  }
  t.equal(merged.count, 8000);
  t.equal(deserializeHistogram({ unit: 'us', count: 0, encoded: '' }).totalCount, 0);
  t.same(serializedDistribution(serializeHistogram(histogramOfMs([NaN, -1]))).count, 0, 'non-samples are dropped');
});

t.test('think time specs', async (t) => {
  t.same(parseThinkTime('0'), { kind: 'none' });
  t.same(parseThinkTime('2s'), { kind: 'fixed', ms: 2000 });
  t.same(parseThinkTime('1s-3s'), { kind: 'uniform', minMs: 1000, maxMs: 3000 });
  t.same(parseThinkTime('exp:500ms'), { kind: 'exponential', meanMs: 500 });
  const r = seededRandom(1);
  const uniform = Array.from({ length: 200 }, () => sampleThinkMs(parseThinkTime('1s-3s'), r));
  t.ok(uniform.every((v) => v >= 1000 && v <= 3000));
  const exp = Array.from({ length: 4000 }, () => sampleThinkMs(parseThinkTime('exp:100ms'), r));
  const mean = exp.reduce((s, v) => s + v, 0) / exp.length;
  t.ok(Math.abs(mean - 100) < 10, `exponential mean ${mean.toFixed(1)}`);
  const again = seededRandom(1);
  t.equal(sampleThinkMs(parseThinkTime('1s-3s'), again), uniform[0], 'seeded: the same seed replays');
  t.throws(() => parseThink('soon'), { exitCode: 2, message: /\S/ });
  t.throws(() => parseThink('3s-1s'), /upper bound/);
});

t.test('option values: clear errors', async (t) => {
  t.same(parseUsersList('1, 8,32'), [1, 8, 32]);
  t.same(parseRateList('2/s'), [2]);
  t.same(parseRateList('0.5,1'), [0.5, 1]);
  t.same(parseShard('2/3'), { index: 2, count: 3 });
  t.equal(parseArrivals('constant'), 'constant');
  for (const bad of [
    () => parseUsersList('0'),
    () => parseUsersList('a'),
    () => parseRateList('-1'),
    () => parseShard('3/2'),
    () => parseShard('x'),
    () => parseArrivals('burst'),
  ]) {
    t.throws(bad, { exitCode: 2, message: /\S/ });
  }
});

t.test('shards split the load', async (t) => {
  const users = [1, 2, 3].map((index) => shardShare({ users: 8 }, { index, count: 3 }).users);
  t.same(users, [3, 3, 2]);
  t.equal(
    users.reduce((s, n) => s! + n!, 0),
    8,
  );
  t.equal(shardShare({ ratePerSecond: 6 }, { index: 2, count: 3 }).ratePerSecond, 2);
});

const healthy: HarnessHealth = judgeHealth({
  eventLoopLagMs: { p50: 0.1, p99: 2, max: 5 },
  scheduleLagMs: { count: 10, p50: 1, p99: 3, max: 4 },
  cpuCores: 0.3,
});

t.test('harness health marks a level invalid when the harness falls behind', async (t) => {
  t.equal(healthy.valid, true);
  const behind = judgeHealth({
    eventLoopLagMs: { p50: 30, p99: 120, max: 300 },
    scheduleLagMs: { count: 10, p50: 40, p99: 90, max: 99 },
    timingSuspect: { turns: 5, of: 100, worstStallMs: 145.2, limitMs: 10 },
    cpuCores: 0.99,
  });
  t.equal(behind.valid, false);
  t.equal(behind.problems.length, 3);
  t.match(
    behind.problems.join(' '),
    /5 of 100 turns \(5\.0%\) timed through an event-loop stall over 10 ms \(worst 145 ms\), more than 1\.0%/,
  );
  t.match(behind.problems.join(' '), /send-schedule lag P99 90\.0 ms > 50 ms/);
});

t.test('suspect turns, not a percentile of loop delay, decide: one stall spoiling 1.2% of turns', async (t) => {
  // A single ~145 ms stall: loop-delay P99 stays low, yet 24 of 2,000 first tokens were late.
  const records = Array.from({ length: 2000 }, (_, i) => ({
    timing: { sentAtEpochMs: 0, contentChunkOffsetsMs: [], ...(i < 24 ? { stallMs: 140 + (i % 6) } : {}) },
  })) as unknown as TurnRecord[];
  const suspect = countSuspectTurns(records, 10);
  t.same(suspect, { turns: 24, of: 2000, worstStallMs: 145, limitMs: 10 });
  const h = judgeHealth({
    eventLoopLagMs: { p50: 0.2, p99: 35, max: 145 },
    scheduleLagMs: { count: 0, p50: null, p99: null, max: null },
    timingSuspect: suspect,
    cpuCores: 0.5,
  });
  t.equal(h.valid, false, 'more than 1% of turns suspect');
  t.equal(h.problems.length, 1);
  // Under the share: valid, and the count is still there for the report.
  const few = judgeHealth({
    ...h,
    timingSuspect: countSuspectTurns(records.slice(0, 10).concat(records.slice(24)), 10),
  });
  t.equal(few.valid, true, '10 of 1,986 turns (0.5%)');
  t.equal(few.timingSuspect!.turns, 10);
  // Stalls under the limit are noted on the turn but are not suspect.
  t.same(countSuspectTurns(records, 200), { turns: 0, of: 2000, worstStallMs: 145, limitMs: 200 });
});

function level(index: number, users: number, verdict: LoadLevel['verdict'], health = healthy): LoadLevel {
  return { index, users, verdict, health: [health] } as unknown as LoadLevel;
}

t.test('sweep plan and knee', async (t) => {
  const plan = sweepPlan({ start: 1, max: 6, kind: 'users' });
  t.same(plan.next([]), { users: 1 });
  t.same(plan.next([level(1, 1, 'pass')]), { users: 2 });
  t.same(plan.next([level(1, 4, 'pass')]), { users: 6 }, 'capped at the maximum');
  t.match(plan.next([level(1, 6, 'pass')]), { stop: /up to the sweep's maximum/ });
  t.match(plan.next([level(1, 1, 'pass'), level(2, 2, 'fail')]), { stop: /SLO broke at level 2/ });
  const invalid = judgeHealth({ ...healthy, cpuCores: 2 });
  t.match(plan.next([level(1, 2, 'pass', invalid)]), { stop: /harness fell behind/ });
  t.same(sweepPlan({ start: 0.5, max: 2, kind: 'rate' }).next([]), { ratePerSecond: 0.5 });
  t.match(fixedPlan([{ users: 1 }]).next([level(1, 1, 'pass')]), { stop: /every requested level/ });

  t.same(findKnee([level(1, 1, 'pass'), level(2, 8, 'pass'), level(3, 32, 'fail')], 'r'), {
    level: 2,
    users: 8,
    reason: 'r',
  });
  t.same(findKnee([level(1, 1, 'fail')], 'r'), { level: null, reason: 'r' });
  t.equal(
    findKnee([level(1, 1, 'pass'), level(2, 8, 'pass', invalid)], 'r').level,
    1,
    'a level whose harness fell behind is no knee',
  );
});

t.test('load SLOs: queue, latency from the intended start, goodput', async (t) => {
  const { parseSlo } = await import('../../../src/metrics/slo.js');
  t.same(parseSlo('queue.p99<=50ms', 'load'), {
    metric: 'latency.queuedMs.p99',
    op: '<=',
    threshold: 50,
    source: 'queue.p99<=50ms',
  });
  t.equal(parseSlo('e2e_from_intended.p95 <= 1.5s', 'load').threshold, 1500);
  t.same(parseSlo('goodput>=2/s', 'load'), { metric: 'goodput', op: '>=', threshold: 2, source: 'goodput>=2/s' });
  t.equal(parseSlo('goodputRate>=90%', 'load').threshold, 0.9);
  t.equal(parseSlo('e2e.p95<=800ms', 'load').metric, 'latency.e2eMs.p95', 'everything eval accepts');
  t.throws(() => parseSlo('goodputRate>=90', 'load'), /did you mean "90%"/);
  t.throws(() => parseSlo('latncy.p95<=1s', 'load'), /unknown SLO metric/);
});

t.test('open-loop arrivals: the seed fixes the schedule', async (t) => {
  const { openLoop } = await import('../../../src/load/shapes/open.js');
  const { epochNowMs } = await import('../../../src/load/clock.js');
  const schedule = async (seed: number, arrivals: 'poisson' | 'constant'): Promise<number[]> => {
    const start = epochNowMs();
    const offsets: number[] = [];
    await openLoop(200, arrivals, 4).run({
      startEpochMs: start,
      windowStartEpochMs: start,
      windowEndEpochMs: start + 250,
      signal: new AbortController().signal,
      stopped: () => false,
      halted: () => false,
      nextSlot: () => ({}) as never,
      random: seededRandom(seed),
      thinkMs: () => 0,
      play: async (_slot, intended) => {
        offsets.push(intended - start);
      },
      onScheduleLagMs: () => undefined,
      onDropped: () => undefined,
    });
    return offsets;
  };
  const a = await schedule(3, 'poisson');
  t.same(await schedule(3, 'poisson'), a, 'same seed, same arrivals');
  t.notSame(await schedule(4, 'poisson'), a, 'another seed, other arrivals');
  t.ok(a.every((x) => x >= 0 && x < 250));
  t.same(
    await schedule(3, 'constant'),
    Array.from({ length: 50 }, (_, i) => i * 5),
    'constant: every 5 ms from the start',
  );
});
