import t from 'tap';
import { distribution, percentile, proportion, wilson } from '../../../src/metrics/stats.js';

t.test('percentile interpolates linearly between closest ranks (numpy default)', async (t) => {
  // [1, 2, 3, 4]: rank = (n-1)*p/100. p50 -> 1.5 -> 2 + 0.5*(3-2) = 2.5 (np.percentile gives 2.5).
  t.equal(percentile([1, 2, 3, 4], 50), 2.5);
  // p90 -> 2.7 -> 3 + 0.7*(4-3) = 3.7.
  t.ok(Math.abs((percentile([1, 2, 3, 4], 90) as number) - 3.7) < 1e-12);
  // [10, 20, 30, 40, 50] p95 -> rank 3.8 -> 40 + 0.8*10 = 48; p99 -> 3.96 -> 49.6.
  t.ok(Math.abs((percentile([10, 20, 30, 40, 50], 95) as number) - 48) < 1e-9);
  t.ok(Math.abs((percentile([10, 20, 30, 40, 50], 99) as number) - 49.6) < 1e-9);
  t.equal(percentile([10, 20, 30, 40, 50], 0), 10);
  t.equal(percentile([10, 20, 30, 40, 50], 100), 50);
  t.equal(percentile([7], 95), 7, 'one sample is every percentile');
  t.equal(percentile([], 50), null);
  t.throws(() => percentile([1], 101), RangeError);
  t.throws(() => percentile([1], Number.NaN), RangeError);
});

t.test('percentile differs from nearest-rank on small samples', async (t) => {
  // 20 samples 1..20: nearest-rank p95 would be 19; linear: rank 18.05 -> 19 + 0.05*1 = 19.05.
  const sorted = Array.from({ length: 20 }, (_, i) => i + 1);
  t.ok(Math.abs((percentile(sorted, 95) as number) - 19.05) < 1e-9);
});

t.test('distribution sorts its input and summarises it', async (t) => {
  const d = distribution([400, 100, 300, 200]);
  t.equal(d.count, 4);
  t.equal(d.mean, 250);
  t.equal(d.min, 100);
  t.equal(d.max, 400);
  t.equal(d.p50, 250); // rank 1.5 between 200 and 300
  t.ok(Math.abs((d.p95 as number) - 385) < 1e-9); // rank 2.85: 300 + 0.85*100
  t.ok(Math.abs((d.p99 as number) - 397) < 1e-9); // rank 2.97: 300 + 0.97*100
  t.ok(Math.abs((d.p90 as number) - 370) < 1e-9); // rank 2.7
});

t.test('distribution of nothing is all nulls; non-finite values are dropped', async (t) => {
  t.same(distribution([]), { count: 0, mean: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null });
  const d = distribution([Number.NaN, 5, Infinity, 15]);
  t.equal(d.count, 2);
  t.equal(d.mean, 10);
  t.equal(d.max, 15);
});

t.test('Wilson interval matches published values', async (t) => {
  const close = (a: number, b: number) => Math.abs(a - b) < 5e-5;
  // 9/10: [0.5958, 0.9821] (Wilson 1927; e.g. statsmodels proportion_confint(9, 10, method="wilson")).
  const nine = wilson(9, 10)!;
  t.ok(close(nine.low, 0.5958) && close(nine.high, 0.9821), `9/10 -> ${JSON.stringify(nine)}`);
  // 0/10: [0, 0.2775]; 10/10: [0.7225, 1] (symmetric).
  const zero = wilson(0, 10)!;
  t.equal(zero.low, 0);
  t.ok(close(zero.high, 0.2775), `0/10 -> ${zero.high}`);
  const all = wilson(10, 10)!;
  t.ok(close(all.low, 0.7225));
  t.equal(all.high, 1);
  // 50/100: centre 0.5, half-width 1.96*sqrt(.0025 + 3.8415/40000)/1.038415 = 0.0962 -> [0.4038, 0.5962].
  const half = wilson(50, 100)!;
  t.ok(close(half.low, 0.4038) && close(half.high, 0.5962), `50/100 -> ${JSON.stringify(half)}`);
  t.equal(wilson(0, 0), null);
  t.throws(() => wilson(3, 2), RangeError);
});

t.test('proportion carries rate and interval, null rate when empty', async (t) => {
  const p = proportion(9, 10);
  t.equal(p.passed, 9);
  t.equal(p.total, 10);
  t.equal(p.rate, 0.9);
  t.same(p.ci95, wilson(9, 10));
  t.same(proportion(0, 0), { passed: 0, total: 0, rate: null, ci95: null });
});
