// The benchmark summary must call a goal met or missed from the figures, never by default.
import t from 'tap';
import { goalsOf } from '../../../bench/goals.js';

const accuracyRow = (streams: number, mean: number, p99: number, errors = 0) => ({
  streams,
  errors,
  ttftErrorMs: { meanMs: mean, p99Ms: p99 },
  e2eErrorMs: { meanMs: mean, p99Ms: p99 },
});

t.test('client: accuracy limits per stream count, errors at 1,000, capacity ratio', async (t) => {
  const goals = goalsOf('client', {
    accuracy: [accuracyRow(1, 0.5, 0.6), accuracyRow(64, 3.5, 4), accuracyRow(256, 9, 24), accuracyRow(1000, 2, 30, 1)],
    capacity: { replayServer: { ratio: 0.59, ratioRange: [0.55, 0.62] } },
  });
  const byGoal = new Map(goals.map((g) => [g.goal, g]));
  t.equal(byGoal.get('TTFT error at 1 streams: mean <= 3 ms, p99 <= 10 ms')?.met, true);
  t.equal(byGoal.get('TTFT error at 64 streams: mean <= 3 ms, p99 <= 10 ms')?.met, false, 'a mean of 3.5 ms misses');
  t.equal(byGoal.get('E2E error at 256 streams: p99 <= 25 ms')?.met, true);
  t.equal(byGoal.get('no client errors at 1000 concurrent streams')?.met, false, 'one error misses');
  const capacity = goals.find((g) => g.goal.startsWith('parse capacity'))!;
  t.equal(capacity.met, false);
  t.equal(capacity.measured, '0.59 (range 0.55-0.62)');
  t.notOk(
    goals.some((g) => g.goal.includes('1000 streams: p99')),
    'no latency limit is invented at 1,000 streams',
  );
});

t.test('server: every parallel level and the KV reuse speedup', async (t) => {
  const goals = goalsOf('server', {
    throughput: {
      rows: [
        { parallel: 1, ratio: 0.95 },
        { parallel: 8, ratio: 0.85 },
      ],
    },
    kvReuse: { ttftWithReuseMs: 480, ttftWithoutReuseMs: 2900, speedup: 6.04 },
  });
  t.same(
    goals.map((g) => g.met),
    [true, false, true],
  );
  t.match(goals[2]!.measured, /480 ms vs 2900 ms \(6x\)/);
});

t.test('report: size budget; a missing figure is never met', async (t) => {
  t.equal(
    goalsOf('report', { htmlBytes: 1_200_000, conversations: 1000, turns: 6, browserReadyMsMedian: 900 })[0]!.met,
    true,
  );
  t.equal(goalsOf('report', { htmlBytes: 6 * 1024 * 1024 })[0]!.met, false);
  const missing = goalsOf('report', {})[0]!;
  t.equal(missing.met, false);
  t.match(missing.measured, /missing/);
  t.same(goalsOf('client', {}), [], 'no sections, no goals');
  t.same(goalsOf('nonsense', { a: 1 }), []);
});
