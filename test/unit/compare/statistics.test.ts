// The gate's statistical building blocks against known values.
import t from 'tap';
import { clusterBootstrapLogRatio } from '../../../src/compare/bootstrap.js';
import { fisherHigherP, fisherLowerP } from '../../../src/compare/fisher.js';
import { normalQuantile } from '../../../src/compare/normal.js';
import { newcombeDifference, samplesForProportions } from '../../../src/compare/proportions.js';
import { seededRandom } from '../../../src/core/random.js';
import { percentile, wilson } from '../../../src/metrics/stats.js';

t.test('Fisher exact, one-sided', async (t) => {
  // Fisher's lady tasting tea: 3 of 4 vs 1 of 4; P(X <= 1) = (1 + 16) / 70.
  t.ok(Math.abs(fisherLowerP(3, 4, 1, 4)! - 17 / 70) < 1e-12);
  t.equal(fisherLowerP(4, 4, 4, 4), 1, 'identical perfect rates: p = 1');
  t.ok(fisherLowerP(19, 20, 14, 20)! < 0.05, '95% -> 70% on 20 each is significant');
  t.ok(fisherLowerP(19, 20, 18, 20)! > 0.2, '95% -> 90% on 20 each is not');
  // "more interruptions": 0/30 -> 6/30 is significant, the reverse direction is not.
  t.ok(fisherHigherP(0, 30, 6, 30)! < 0.05);
  t.ok(fisherHigherP(6, 30, 0, 30)! > 0.5);
  t.equal(fisherLowerP(0, 0, 1, 2), null, 'empty group: no test');
  t.throws(() => fisherLowerP(5, 4, 1, 4), RangeError);
});

t.test('normal quantile (Acklam)', async (t) => {
  t.ok(Math.abs(normalQuantile(0.975) - 1.959964) < 1e-6);
  t.ok(Math.abs(normalQuantile(0.05) + 1.644854) < 1e-6);
  t.ok(Math.abs(normalQuantile(0.8) - 0.841621) < 1e-6);
  t.ok(Math.abs(normalQuantile(0.001) + 3.090232) < 1e-6);
  t.throws(() => normalQuantile(1), RangeError);
});

t.test('Newcombe difference interval and Cohen sample sizes', async (t) => {
  const z = 1.959964;
  const ci = newcombeDifference(48, 80, 56, 70, z)!;
  const d = 56 / 70 - 48 / 80;
  t.ok(ci.low < d && d < ci.high, 'contains the observed difference');
  // With nothing observed on either side the bound is the Wilson bound of one side.
  const zero = newcombeDifference(0, 40, 0, 40, z)!;
  t.ok(Math.abs(zero.high - wilson(0, 40, z)!.high) < 1e-12);
  const swapped = newcombeDifference(56, 70, 48, 80, z)!;
  t.ok(Math.abs(swapped.low + ci.high) < 1e-12 && Math.abs(swapped.high + ci.low) < 1e-12, 'antisymmetric');
  // h = 2 asin sqrt .95 - 2 asin sqrt .85 = 0.3444; ((1.6449 + 0.8416) / h)^2 = 52.1 -> 53.
  t.equal(samplesForProportions(0.95, 0.85, 0.05, 0.8), 53);
  t.equal(samplesForProportions(0.5, 0.5, 0.05, 0.8), Infinity);
});

t.test('cluster bootstrap: observed ratio equals the ratio of type-7 percentiles; seeded', async (t) => {
  const random = seededRandom(3);
  const clusters = (scale: number): number[][] =>
    Array.from({ length: 15 }, () => Array.from({ length: 4 }, () => scale * (100 + 50 * random())));
  const a = clusters(1);
  const b = clusters(1.3);
  const est = clusterBootstrapLogRatio(a, b, [50, 95], { resamples: 500, alpha: 0.05, random: seededRandom(1) });
  const sorted = (x: number[][]): number[] => x.flat().sort((p, q) => p - q);
  for (const [k, p] of [50, 95].entries()) {
    t.ok(
      Math.abs(est[k].observed - Math.log(percentile(sorted(b), p)! / percentile(sorted(a), p)!)) < 1e-12,
      `P${p} observed`,
    );
    t.ok(est[k].low <= est[k].observed && est[k].observed <= est[k].high, `P${p} bounds around the estimate`);
  }
  t.ok(est[0].low > 0, '30% slower: lower bound above 0');
  t.same(
    clusterBootstrapLogRatio(a, b, [50], { resamples: 200, alpha: 0.05, random: seededRandom(9) }),
    clusterBootstrapLogRatio(a, b, [50], { resamples: 200, alpha: 0.05, random: seededRandom(9) }),
    'same seed, same answer',
  );
  const same = clusterBootstrapLogRatio(a, a, [50], { resamples: 200, alpha: 0.05, random: seededRandom(2) })[0];
  t.equal(same.observed, 0);
  t.ok(same.low < 0 && same.high > 0);
});
