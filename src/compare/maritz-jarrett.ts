// The standard error of a sample quantile without a density estimate: the Maritz-Jarrett
// estimator (Maritz & Jarrett 1978, JASA 73:194), a Beta-weighted moment of the order
// statistics, valid at the small sizes a CI run has (24 turns for a P95). Pure.
import { incompleteBeta } from './student-t.js';

const mjCache = new Map<string, Float64Array>();

/** Maritz-Jarrett weights of the order statistics for the p quantile of n values. */
function mjWeights(n: number, p: number): Float64Array {
  const key = `${n}:${p}`;
  let w = mjCache.get(key);
  if (w) return w;
  const m = Math.min(n - 1, Math.max(1, Math.floor(p * n + 0.5)));
  w = new Float64Array(n);
  let previous = 0;
  for (let i = 1; i <= n; i++) {
    const next = incompleteBeta(i / n, m, n - m);
    w[i - 1] = next - previous;
    previous = next;
  }
  if (mjCache.size > 5000) mjCache.clear();
  mjCache.set(key, w);
  return w;
}

/** Maritz-Jarrett variance of the p quantile (0-1) of sorted values (n >= 2; 0 below). */
export function quantileVariance(sorted: readonly number[], p: number): number {
  const n = sorted.length;
  if (n < 2) return 0;
  const w = mjWeights(n, p);
  let c1 = 0;
  let c2 = 0;
  for (let i = 0; i < n; i++) {
    c1 += w[i]! * sorted[i]!;
    c2 += w[i]! * sorted[i]! ** 2;
  }
  return Math.max(0, c2 - c1 * c1);
}
