// Tests and intervals on pass/fail rates (context accuracy, interruption rate).
import { wilson } from '../metrics/stats.js';
import { normalQuantile } from './normal.js';

/**
 * Interval for the difference of two independent proportions, pB - pA: Newcombe's hybrid
 * score method (Newcombe 1998, Statistics in Medicine 17:873, method 10), built from the two
 * Wilson intervals. It stays sensible at 0/n and n/n, where the Wald interval collapses to a
 * point. With z = z(1 - alpha) each bound is a one-sided alpha bound.
 */
export function newcombeDifference(
  a: number,
  nA: number,
  b: number,
  nB: number,
  z: number,
): { low: number; high: number } | null {
  const wa = wilson(a, nA, z);
  const wb = wilson(b, nB, z);
  if (!wa || !wb) return null;
  const pa = a / nA;
  const pb = b / nB;
  const d = pb - pa;
  return {
    low: d - Math.sqrt((pb - wb.low) ** 2 + (wa.high - pa) ** 2),
    high: d + Math.sqrt((wb.high - pb) ** 2 + (pa - wa.low) ** 2),
  };
}

/**
 * Samples per group for a one-sided test at `alpha` to reach `power` against a change from
 * rate p0 to p1, from Cohen's arcsine effect size h = |2 asin sqrt p1 - 2 asin sqrt p0|
 * (Cohen 1988, Statistical Power Analysis, ch. 6): n = ((z(1-alpha) + z(power)) / h)^2.
 * The arcsine transform stabilises the variance, so this holds near 0 and 1 too.
 */
export function samplesForProportions(p0: number, p1: number, alpha: number, power: number): number {
  const h = Math.abs(2 * Math.asin(Math.sqrt(clamp01(p1))) - 2 * Math.asin(Math.sqrt(clamp01(p0))));
  if (h === 0) return Infinity;
  return Math.ceil(((normalQuantile(1 - alpha) + normalQuantile(power)) / h) ** 2);
}

function clamp01(x: number): number {
  return Math.min(1, Math.max(0, x));
}

/**
 * Design effect of a rate counted over clusters (memory checks within conversations): the
 * cluster-robust variance of the rate over its binomial variance (Rao & Scott 1992, Biometrics
 * 48:577), pooled over the runs given, never below 1. Each run is a list of [hits, total] per
 * conversation. Dividing counts by it gives the effective sample sizes Fisher's test and
 * Newcombe's interval then use: checks of one conversation count as fewer independent ones
 * when a model that forgets once tends to forget again.
 */
export function clusteredDesignEffect(runs: ReadonlyArray<ReadonlyArray<readonly [number, number]>>): number {
  let robust = 0;
  let binomial = 0;
  for (const run of runs) {
    const n = run.length;
    const total = run.reduce((s, [, m]) => s + m, 0);
    if (n < 2 || total === 0) continue;
    const p = run.reduce((s, [h]) => s + h, 0) / total;
    const squares = run.reduce((s, [h, m]) => s + (h - p * m) ** 2, 0);
    // Both variances of the run's rate, times total^2: n/(n-1) sum (h - p m)^2 and p(1-p) total.
    robust += (n / (n - 1)) * squares;
    binomial += p * (1 - p) * total;
  }
  return binomial > 0 ? Math.max(1, robust / binomial) : 1;
}
