// Exact sample statistics, pure. Percentiles are computed from the whole sorted sample, not from
// histogram buckets, so small runs (a six-turn dialogue repeated ten times) report exact figures.

import type { Distribution, Proportion } from '../core/types.js';

/** z for a two-sided 95% interval. */
export const Z_95 = 1.959964;

/**
 * The p-th percentile (p in [0, 100]) of an ascending sample, by linear interpolation between
 * the closest ranks: rank h = (n - 1) * p / 100, value = x[floor h] + (h - floor h) * (x[ceil h] - x[floor h]).
 * This is numpy.percentile's default ("linear", Hyndman & Fan type 7), the method vLLM's
 * benchmark_serving uses, so figures compare one to one. Null for an empty sample.
 */
export function percentile(sorted: readonly number[], p: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const { lower, upper, fraction } = percentileRanks(n, p);
  return sorted[lower]! + fraction * (sorted[upper]! - sorted[lower]!);
}

/**
 * Where the p-th percentile of n sorted values lies: the two ranks it interpolates between and
 * the fraction of the way from the first to the second. Resampling code that counts ranks instead
 * of sorting uses it, so every percentile in chatproof is this one definition.
 */
export function percentileRanks(n: number, p: number): { lower: number; upper: number; fraction: number } {
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be within [0, 100], got ${p}`);
  const rank = ((n - 1) * p) / 100;
  const lower = Math.floor(rank);
  return { lower, upper: Math.min(lower + 1, n - 1), fraction: rank - lower };
}

/**
 * count, mean, min, p50/p90/p95/p99, max. Non-finite values (NaN, Infinity) are not samples
 * and are dropped rather than poisoning the sort and the mean. All nulls when empty.
 */
export function distribution(values: readonly number[]): Distribution {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  const count = sorted.length;
  if (count === 0) return { count: 0, mean: null, min: null, p50: null, p90: null, p95: null, p99: null, max: null };
  return {
    count,
    mean: sorted.reduce((sum, v) => sum + v, 0) / count,
    min: sorted[0],
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
    max: sorted[count - 1],
  };
}

/**
 * Wilson score interval for a binomial proportion (Wilson 1927). Unlike the normal
 * approximation it stays inside [0, 1] and is honest for small samples and rates near 0 or 1:
 * 9/10 passes gives [0.596, 0.982], not "90%". Null when total is 0.
 */
export function wilson(passed: number, total: number, z = Z_95): { low: number; high: number } | null {
  if (total <= 0) return null;
  if (passed < 0 || passed > total) throw new RangeError(`wilson: passed ${passed} outside [0, ${total}]`);
  const rate = passed / total;
  const z2 = z * z;
  const denominator = 1 + z2 / total;
  const centre = (rate + z2 / (2 * total)) / denominator;
  const halfWidth = (z / denominator) * Math.sqrt((rate * (1 - rate)) / total + z2 / (4 * total * total));
  // At 0/n and n/n the bound is exactly 0 or 1 algebraically; floating point lands a hair off.
  return {
    low: passed === 0 ? 0 : Math.max(0, centre - halfWidth),
    high: passed === total ? 1 : Math.min(1, centre + halfWidth),
  };
}

export function proportion(passed: number, total: number): Proportion {
  return { passed, total, rate: total > 0 ? passed / total : null, ci95: wilson(passed, total) };
}
