// Cluster bootstrap of the ratio of two percentiles (candidate / baseline).
//
// Turns of one conversation are not independent: they share a session, a history that grows,
// and often a server state (KV cache, batch). Resampling single turns would treat 10 runs of a
// six-turn dialogue as 60 independent draws and make intervals too narrow. Resampling whole
// conversations with replacement (the cluster or "case" bootstrap, Davison & Hinkley 1997,
// Bootstrap Methods and their Application, §3.8; Field & Welsh 2007) keeps that dependence.
// Intervals are percentile intervals on the log ratio (log makes the ratio symmetric: 0.8x
// and 1.25x are the same distance from 1x).

import { randomIndex } from '../core/random.js';
import { percentile, percentileRanks } from '../metrics/stats.js';

export interface LogRatioEstimate {
  /** log(candidate percentile / baseline percentile) on the observed data. */
  observed: number;
  /** One-sided alpha lower and upper bounds (together a 1 - 2 alpha interval). */
  low: number;
  high: number;
  /** Standard deviation of the bootstrap log ratios: the estimate's standard error. */
  standardError: number;
}

/** A floor so that a 0 ms percentile (a fixture answering instantly) does not give log(0). */
const FLOOR_MS = 1e-3;

/**
 * One run's conversations as ranks into the run's sorted values, so that a resample's
 * percentiles come from a counting pass over ranks (O(n) per resample) instead of a sort:
 * the same order statistics, about 20x faster at 2,000 resamples.
 */
class RankedClusters {
  readonly sorted: Float64Array;
  readonly ranks: Int32Array[];
  private readonly counts: Int32Array;

  constructor(clusters: readonly number[][]) {
    const all = clusters.flatMap((c, ci) => c.map((v, j) => ({ v, ci, j })));
    all.sort((a, b) => a.v - b.v);
    this.sorted = Float64Array.from(all, (x) => x.v);
    this.ranks = clusters.map((c) => new Int32Array(c.length));
    all.forEach((x, rank) => {
      this.ranks[x.ci][x.j] = rank;
    });
    this.counts = new Int32Array(all.length);
  }

  /** Percentiles (metrics/stats.ts) of the pooled values of the picked clusters. */
  percentiles(picks: Int32Array | null, ps: readonly number[]): number[] {
    const counts = this.counts;
    counts.fill(0);
    let m = 0;
    const count = picks ? picks.length : this.ranks.length;
    for (let i = 0; i < count; i++) {
      const r = this.ranks[picks ? picks[i] : i];
      for (let j = 0; j < r.length; j++) counts[r[j]]++;
      m += r.length;
    }
    // Order statistics needed (two per percentile), found in one pass over the counts.
    const ranks = ps.map((p) => percentileRanks(m, p));
    const wanted = [...new Set(ranks.flatMap((r) => [r.lower, r.upper]))].sort((a, b) => a - b);
    const found = new Map<number, number>();
    let seen = 0;
    let next = 0;
    for (let rank = 0; rank < counts.length && next < wanted.length; rank++) {
      seen += counts[rank]!;
      while (next < wanted.length && seen > wanted[next]!) found.set(wanted[next++]!, this.sorted[rank]!);
    }
    return ranks.map(({ lower, upper, fraction }) => {
      const lo = found.get(lower)!;
      return Math.max(FLOOR_MS, lo + fraction * (found.get(upper)! - lo));
    });
  }
}

/** Sample quantile of an unsorted array (type 7, like every other percentile in chatproof). */
function quantileOf(values: number[], p: number): number {
  return (
    percentile(
      [...values].sort((a, b) => a - b),
      p,
    ) ?? 0
  );
}

/**
 * For each percentile p (0-100) in `ps`, the log ratio candidate/baseline with its bootstrap
 * bounds. Baseline and candidate are resampled independently (two independent runs), each
 * time drawing as many conversations as the run had. Clusters must be non-empty.
 */
export function clusterBootstrapLogRatio(
  baseline: readonly number[][],
  candidate: readonly number[][],
  ps: readonly number[],
  options: { resamples: number; alpha: number; random: () => number },
): LogRatioEstimate[] {
  const rankedB = new RankedClusters(baseline);
  const rankedC = new RankedClusters(candidate);
  const observedB = rankedB.percentiles(null, ps);
  const observedC = rankedC.percentiles(null, ps);
  const draws: number[][] = ps.map(() => []);
  const picksB = new Int32Array(baseline.length);
  const picksC = new Int32Array(candidate.length);
  for (let r = 0; r < options.resamples; r++) {
    for (let i = 0; i < picksB.length; i++) picksB[i] = randomIndex(options.random, baseline.length);
    for (let i = 0; i < picksC.length; i++) picksC[i] = randomIndex(options.random, candidate.length);
    const qb = rankedB.percentiles(picksB, ps);
    const qc = rankedC.percentiles(picksC, ps);
    for (let k = 0; k < ps.length; k++) draws[k].push(Math.log(qc[k] / qb[k]));
  }
  return ps.map((_, k) => {
    const d = draws[k];
    const mean = d.reduce((s, v) => s + v, 0) / d.length;
    const variance = d.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, d.length - 1);
    return {
      observed: Math.log(observedC[k] / observedB[k]),
      low: quantileOf(d, 100 * options.alpha),
      high: quantileOf(d, 100 * (1 - options.alpha)),
      standardError: Math.sqrt(variance),
    };
  });
}
