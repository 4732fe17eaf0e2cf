// Fisher's exact test, one-sided, for "is the candidate's rate worse than the baseline's?".
// Exact rather than a z-test because pass counts here are small (tens of checks) and rates sit
// near 0 or 1 (interruptions ~0%, accuracy ~95%), exactly where the normal approximation fails.

function logFactorials(n: number): Float64Array {
  const table = new Float64Array(n + 1);
  for (let i = 2; i <= n; i++) table[i] = table[i - 1] + Math.log(i);
  return table;
}

/**
 * One-sided p-value that group B has a *lower* success rate than group A, given successes
 * a of nA and b of nB. Conditional on the margins, B's successes follow a hypergeometric law
 * (Fisher 1935); p = P(X <= b). Null when either group is empty.
 */
export function fisherLowerP(a: number, nA: number, b: number, nB: number): number | null {
  if (nA <= 0 || nB <= 0) return null;
  if (a < 0 || a > nA || b < 0 || b > nB)
    throw new RangeError(`fisherLowerP: counts outside their totals (${a}/${nA}, ${b}/${nB})`);
  const n = nA + nB;
  const k = a + b;
  const lf = logFactorials(n);
  const logChoose = (m: number, r: number): number => lf[m] - lf[r] - lf[m - r];
  const logDenominator = logChoose(n, nB);
  const lowest = Math.max(0, k - nA);
  let p = 0;
  for (let x = lowest; x <= b; x++) p += Math.exp(logChoose(k, x) + logChoose(n - k, nB - x) - logDenominator);
  return Math.min(1, p);
}

/** One-sided p-value that group B has a *higher* rate (e.g. more interruptions) than group A. */
export function fisherHigherP(a: number, nA: number, b: number, nB: number): number | null {
  // Count failures instead of successes: "more interruptions" is "fewer uninterrupted".
  return fisherLowerP(nA - a, nA, nB - b, nB);
}
