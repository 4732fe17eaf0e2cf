// Variance components of latency samples clustered in conversations: a random-effects ANOVA
// (method of moments) with Bancroft's sometimes-pool rule for the conversation effect. Pure;
// used by shift.ts, which explains the method.
import { fUpperTail } from './student-t.js';

/** One run's aligned log latencies, one array per conversation. */
export interface Aligned {
  clusters: number[][];
}

/**
 * Significance level of the pretest for a conversation effect (Bancroft's sometimes-pool).
 * Low on purpose: a false "conversation effect" costs a 3-conversation comparison nearly all
 * its degrees of freedom (4 instead of 35), so at 0.05 a +30% TTFT slowdown was caught 93% of
 * the time instead of 97%; the risk of pooling a real conversation effect is measured instead
 * (bench:gate, "conversation" model: false alarms within 5% at 3 conversations).
 */
export const POOL_PRETEST = 0.02;

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

export interface Components {
  /** Within-conversation and between-conversation variance of one turn. */
  within: number;
  between: number;
  /** Degrees of freedom of the variance of a group mean (Satterthwaite). */
  df: number;
  /** Variance of each group's turn-weighted mean, without the run component. */
  meanVariance: number[];
  /** Same, as if every turn were independent (for the design effect). */
  independentVariance: number[];
  /** Same, with the estimated conversation component whether or not the pretest pooled. */
  clusteredVariance: number[];
}

/**
 * Random-effects ANOVA of position-centred values on conversations, groups (runs) and turn
 * positions as fixed effects (`positions`: how many were estimated).
 */
export function components(groups: readonly Aligned[], positions: number): Components {
  let ssw = 0;
  let ssb = 0;
  let n = 0;
  let j = 0;
  let sumSquaresWeight = 0;
  for (const g of groups) {
    const ng = sum(g.clusters.map((c) => c.length));
    const gm = sum(g.clusters.map(sum)) / ng;
    for (const c of g.clusters) {
      const cm = sum(c) / c.length;
      for (const x of c) ssw += (x - cm) ** 2;
      ssb += c.length * (cm - gm) ** 2;
    }
    n += ng;
    j += g.clusters.length;
    sumSquaresWeight += sum(g.clusters.map((c) => c.length ** 2)) / ng;
  }
  const dfW = n - j - (positions - 1);
  const dfB = j - groups.length;
  const sizes = groups.map((g) => g.clusters.map((c) => c.length));
  const turnsOf = sizes.map(sum);
  const msW = dfW > 0 ? ssw / dfW : 0;
  const msB = dfB > 0 ? ssb / dfB : 0;
  const pooledVar = dfW + dfB > 0 ? (ssw + ssb) / (dfW + dfB) : 0;
  const independentVariance = turnsOf.map((ng) => pooledVar / ng);
  // One conversation per run (dfB = 0), or too few turns to see within-conversation spread:
  // the conversation effect cannot be measured and turns are treated as independent.
  const measurable = dfB > 0 && dfW > 0 && msW > 0;
  const m0 = measurable ? (n - sumSquaresWeight) / dfB : 1;
  const between = measurable ? Math.max(0, (msB - msW) / m0) : 0;
  const meanVariance = sizes.map((s, g) => msW / turnsOf[g]! + (between * sum(s.map((m) => m * m))) / turnsOf[g]! ** 2);
  const clusteredVariance = measurable ? meanVariance : independentVariance;
  if (!measurable || fUpperTail(msB / msW, dfB, dfW) > POOL_PRETEST) {
    return {
      within: pooledVar,
      between: 0,
      df: Math.max(1, dfW + dfB),
      meanVariance: independentVariance,
      independentVariance,
      clusteredVariance,
    };
  }
  // Satterthwaite on V = a MS_W + b MS_B with b = (sum of m^2 / N^2 weights) / m0, a = 1/N - b.
  const b = sum(sizes.map((s, g) => sum(s.map((m) => m * m)) / turnsOf[g]! ** 2)) / m0;
  const a = sum(turnsOf.map((ng) => 1 / ng)) - b;
  const v = a * msW + b * msB;
  const df = v ** 2 / ((a * msW) ** 2 / dfW + (b * msB) ** 2 / dfB);
  return { within: msW, between, df: Math.max(1, df), meanVariance, independentVariance, clusteredVariance };
}
