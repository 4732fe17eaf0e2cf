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
