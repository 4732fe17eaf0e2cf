// The gate's statistical building blocks against known values.
import t from 'tap';
import { fisherHigherP, fisherLowerP } from '../../../src/compare/fisher.js';
import { normalQuantile } from '../../../src/compare/normal.js';
import { clusteredDesignEffect, newcombeDifference, samplesForProportions } from '../../../src/compare/proportions.js';
import { type Cluster, shiftEstimates } from '../../../src/compare/shift.js';
import { fUpperTail, incompleteBeta, studentTCdf, studentTQuantile } from '../../../src/compare/student-t.js';
import { seededRandom } from '../../../src/core/random.js';
import { wilson } from '../../../src/metrics/stats.js';

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

t.test('Student t and F tails against published values', async (t) => {
  t.ok(Math.abs(studentTQuantile(0.975, 10) - 2.228139) < 1e-5, 't(0.975, 10)');
  t.ok(Math.abs(studentTQuantile(0.95, 1) - 6.313752) < 1e-5, 't(0.95, 1)');
  t.ok(Math.abs(studentTQuantile(0.975, 1e6) - 1.959964) < 1e-4, 'large df: the normal quantile');
  t.ok(Math.abs(studentTCdf(-2, 5) - 0.0509697) < 1e-6, 'P(T5 <= -2)');
  t.ok(Math.abs(fUpperTail(3, 4, 40) - 0.02955) < 2e-4, 'P(F(4, 40) >= 3)');
  t.ok(Math.abs(incompleteBeta(0.5, 2, 2) - 0.5) < 1e-12, 'symmetric beta at its middle');
  t.throws(() => studentTQuantile(1, 3), RangeError);
});

function clusters(n: number, scale: number, random: () => number, conversationEffect = 0): Cluster[] {
  return Array.from({ length: n }, () => {
    const c = 1 + conversationEffect * (2 * random() - 1);
    // Depth effect: turn k takes k x 40 ms more, as a growing history would.
    const positions = [1, 2, 3, 4, 5, 6, 7, 8];
    return { positions, values: positions.map((k) => scale * c * (150 + 40 * k) * (0.7 + 0.6 * random())) };
  });
}

t.test('shift estimate: the log ratio, turn position aligned, with a t interval', async (t) => {
  const random = seededRandom(3);
  const [p50, p95] = shiftEstimates([clusters(3, 1, random)], clusters(3, 1.3, random), [50, 95], [0.01, 0.01], 0);
  t.ok(Math.abs(p50!.estimate - Math.log(1.3)) < 0.12, `P50 shift ${p50!.estimate} near log 1.3`);
  t.ok(p50!.low > 0, `3 conversations: +30% is significant (low ${p50!.low})`);
  t.ok(p50!.low < p50!.estimate && p50!.estimate < p50!.high);
  t.ok(p95!.high - p95!.low > p50!.high - p50!.low, 'P95 of 24 turns is less certain than the shift');
  const same = shiftEstimates([clusters(3, 1, random)], clusters(3, 1, random), [50], [0.01], 0)[0]!;
  t.ok(same.low < 0 && same.high > 0, 'the same server: the interval holds 0');
  t.same(
    shiftEstimates([clusters(3, 1, seededRandom(9))], clusters(3, 1.2, seededRandom(8)), [50], [0.01], 0.02),
    shiftEstimates([clusters(3, 1, seededRandom(9))], clusters(3, 1.2, seededRandom(8)), [50], [0.01], 0.02),
    'deterministic: same samples, same answer',
  );
});

t.test('shift estimate: aligning turn positions removes depth from the spread', async (t) => {
  // Strong depth effect, tiny jitter: aligned, the interval is narrow; the raw spread of E2E-like
  // values across turns (150..470 ms) would make it wide.
  const random = seededRandom(5);
  const est = shiftEstimates([clusters(3, 1, random)], clusters(3, 1.1, random), [50], [0.01], 0)[0]!;
  t.ok(est.high - est.low < 0.3, `interval width ${est.high - est.low}`);
});

t.test('shift estimate: a conversation effect widens the interval (design effect above 1)', async (t) => {
  const random = seededRandom(7);
  const est = shiftEstimates([clusters(10, 1, random, 0.4)], clusters(10, 1, random, 0.4), [50], [0.01], 0)[0]!;
  t.ok(est.designEffect > 1.5, `design effect ${est.designEffect}`);
  t.ok(est.df < 40, `degrees of freedom fall towards the conversations: ${est.df}`);
});

t.test('shift estimate: the noise floor and a baseline history are run-to-run variance', async (t) => {
  const random = seededRandom(11);
  const base = clusters(30, 1, random);
  const cand = clusters(30, 1, random);
  const without = shiftEstimates([base], cand, [50], [0.01], 0)[0]!;
  const floor = shiftEstimates([base], cand, [50], [0.01], 0.05)[0]!;
  t.ok(floor.standardError > without.standardError, 'a floor widens the interval');
  t.ok(Math.abs(floor.runVariance - Math.log(1.05) ** 2) < 1e-12, 'floor as a variance');
  // Five baseline runs whose whole-run level differs by up to +-20%: the drift is measured.
  const drift = [0.8, 1.2, 0.9, 1.1, 1].map((s) => clusters(10, s, random));
  const history = shiftEstimates(drift, clusters(10, 1, random), [50], [0.01], 0.02)[0]!;
  t.ok(history.runVarianceMeasured, 'measured above the floor');
  t.ok(history.runVariance > 0.005, `run variance ${history.runVariance}`);
});

t.test('Rao-Scott design effect of clustered checks', async (t) => {
  // Every conversation all right or all wrong: 8 checks of one conversation are one observation.
  const allOrNothing = [
    [
      [8, 8],
      [0, 8],
      [8, 8],
      [0, 8],
    ] as Array<[number, number]>,
  ];
  t.ok(clusteredDesignEffect(allOrNothing) > 6, `${clusteredDesignEffect(allOrNothing)}`);
  const independent = [
    [
      [4, 8],
      [4, 8],
      [4, 8],
      [4, 8],
    ] as Array<[number, number]>,
  ];
  t.equal(clusteredDesignEffect(independent), 1, 'never below 1');
});
