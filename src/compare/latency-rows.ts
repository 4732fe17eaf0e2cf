// Latency rows of a comparison: has a percentile got slower beyond the tolerance?
//
// Decision rule, per percentile (change = candidate / baseline - 1 from shift.ts: turn position
// aligned, run-to-run drift included, bounds one-sided at the figure's alpha):
//   regression    the lower bound is above 0 AND the estimate is beyond the tolerance:
//                 significantly slower, by enough to matter;
//   pass          the upper bound is below the tolerance: a slowdown beyond it is ruled out;
//   inconclusive  neither: the interval straddles the tolerance. The row then says how many
//                 conversations per run would decide, and what slowdown this size can flag.
// The tolerance is relative, but never finer than the harness can time (RESOLUTION_MS).

import { percentile } from '../metrics/stats.js';
import { normalQuantile, TARGET_POWER } from './normal.js';
import type { LatencyClusters } from './samples.js';
import { type Cluster, shiftEstimates } from './shift.js';
import { studentTQuantile } from './student-t.js';
import type { CompareOptions, LatencyRow } from './types.js';

/**
 * Smallest slowdown of a percentile that can count, in ms: the client's timing error is about
 * 0.5-1 ms at one stream (docs/load.md, "Timing accuracy") and Node timers tick in whole ms.
 * Without it a relative tolerance is finer than the measurement for millisecond figures:
 * inter-token gaps of a fast server (2 ms) moved by 0.5-0.7 ms, +20-45%, between two runs of
 * the same fixture server.
 */
export const RESOLUTION_MS = 1;

/** Fewest samples for percentile p in a point comparison (load levels without turn records). */
export function minSamplesFor(p: number): number {
  return Math.max(10, Math.ceil(100 / (100 - p)));
}

/**
 * The relative slowdown tolerated for a percentile of `baselineMs`: the tolerance, or the
 * timing resolution when that is larger (1 ms on a 2 ms gap is +50%). From 10 ms up with the
 * default 10% (TTFT, E2E, most ITL) it is the tolerance itself.
 */
export function effectiveTolerance(tolerance: number, baselineMs: number): number {
  return baselineMs > 0 ? Math.max(tolerance, RESOLUTION_MS / baselineMs) : tolerance;
}

/** "+10.0%", or "+62.5% (raised to 1 ms, the timing resolution)" when the floor sets the bar. */
export function toleranceText(tolerance: number, effective: number): string {
  const pct = `+${(effective * 100).toFixed(1)}%`;
  return effective > tolerance ? `${pct} (raised to ${RESOLUTION_MS} ms, the timing resolution)` : pct;
}

/**
 * Shares of a latency figure's alpha (weighted Bonferroni: the weights of all figures add up
 * to the number of figures, so the family-wise level stays alpha). P50 gets three quarters:
 * it is the row that can decide at 1-10 conversations; P95 of 24 turns is nearly their
 * maximum and has little power whatever alpha it gets (bench:gate, docs/ci.md).
 */
export const PERCENTILE_WEIGHTS: Readonly<Record<50 | 95, number>> = { 50: 1.5, 95: 0.5 };

/** Largest number of conversations per run the gate suggests; beyond it, "more than this". */
const MAX_SUGGESTED = 1000;

function pooled(clusters: readonly Cluster[], p: number): number | null {
  return percentile(
    clusters.flatMap((c) => c.values).sort((a, b) => a - b),
    p,
  );
}

function size(clusters: readonly Cluster[]): { conversations: number; samples: number } {
  return { conversations: clusters.length, samples: clusters.reduce((s, c) => s + c.values.length, 0) };
}

const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;

/** TTFT and end-to-end rows; the baseline is one run's clusters, or several runs' (a history). */
export function latencyRows(
  baselineRuns: readonly LatencyClusters[],
  candidate: LatencyClusters,
  options: Required<CompareOptions>,
): LatencyRow[] {
  return [
    ...percentileRows(
      'latency.ttftMs',
      baselineRuns.map((b) => b.ttftMs),
      candidate.ttftMs,
      options,
    ),
    ...percentileRows(
      'latency.e2eMs',
      baselineRuns.map((b) => b.e2eMs),
      candidate.e2eMs,
      options,
    ),
  ];
}

/**
 * P50 and P95 rows of one latency figure. `baselineRuns`: one run's conversations, or several
 * runs' (a baseline history, pooled). `unit` names a sample in the reasons: a turn (TTFT, E2E)
 * or an inter-chunk gap (ITL).
 */
export function percentileRows(
  root: string,
  baselineRuns: readonly Cluster[][],
  candidate: readonly Cluster[],
  options: Required<CompareOptions>,
  unit: 'turns' | 'gaps' = 'turns',
): LatencyRow[] {
  const ps = [50, 95] as const;
  const alphas = ps.map((p) => options.alpha * PERCENTILE_WEIGHTS[p]);
  const baseline = baselineRuns.flat();
  const sizes = { baseline: size(baseline), candidate: size(candidate) };
  const estimates =
    baseline.length > 0 && candidate.length > 0
      ? shiftEstimates(baselineRuns, candidate, ps, alphas, options.noiseFloor)
      : null;
  return ps.map((p, k): LatencyRow => {
    const metric = `${root}.p${p}`;
    const base = pooled(baseline, p);
    const cand = pooled(candidate, p);
    const est = estimates?.[k];
    const common = { kind: 'latency' as const, metric, baseline: base, candidate: cand, size: sizes };
    if (!est || base === null || cand === null) {
      return {
        ...common,
        tolerance: options.tolerance,
        noiseFloor: options.noiseFloor,
        change: null,
        ci: null,
        neededConversations: null,
        detectable: null,
        verdict: 'no-data',
        reason: 'not measured in both runs',
      };
    }
    const tolerance = effectiveTolerance(options.tolerance, base);
    const tolLog = Math.log(1 + tolerance);
    const tolText = toleranceText(options.tolerance, tolerance);
    const change = Math.exp(est.estimate) - 1;
    const ci = { low: Math.exp(est.low) - 1, high: Math.exp(est.high) - 1 };
    const t = studentTQuantile(1 - alphas[k]!, est.df);
    const zPower = normalQuantile(TARGET_POWER);
    // What this size can flag with 80% power: the estimate must clear the tolerance and its
    // lower bound 0 (the run component included: it does not shrink with conversations).
    const detectable = Math.exp(Math.max(tolLog, (t + zPower) * est.standardError)) - 1;
    // Conversations per run (both runs the same size) that would rule out the tolerance with
    // 80% power if nothing changed: the variance shrinks as 2/n, the run component does not.
    // At that size the degrees of freedom are many: the normal quantile, not today's t.
    const zAlpha = normalQuantile(1 - alphas[k]!);
    const budget = (tolLog / (zAlpha + zPower)) ** 2 - est.runVariance * (1 + 1 / Math.max(1, baselineRuns.length));
    const needed = budget > 0 ? Math.ceil((2 * est.perConversationVariance) / budget) : Infinity;
    const neededText =
      needed <= MAX_SUGGESTED
        ? `about ${Math.max(needed, 2)} conversations per run would decide`
        : Number.isFinite(needed)
          ? `more than ${MAX_SUGGESTED} conversations per run would be needed to decide`
          : baselineRuns.length > 1
            ? 'no number of conversations would decide: the baseline runs drift too much from each other'
            : 'no number of conversations would decide against one baseline run, given run-to-run drift (the ' +
              'noise floor): pool a baseline history (--baseline <folder of runs>), or raise --tolerance';
    const level = `${(100 * (1 - alphas[k]!)).toFixed(1)}%`;
    const measured = `estimate ${pct(change)}, interval ${pct(ci.low)} to ${pct(ci.high)} (one-sided ${level} bounds)`;
    let verdict: LatencyRow['verdict'];
    let reason: string;
    if (est.low > 0 && est.estimate > tolLog) {
      verdict = 'regression';
      reason = `${measured}: significantly slower, and by more than the ${tolText} tolerance`;
    } else if (est.high < tolLog) {
      verdict = 'pass';
      reason =
        `${measured}: the whole interval is below the ${tolText} tolerance, so a slowdown beyond it is ` + 'ruled out';
    } else {
      verdict = 'inconclusive';
      reason =
        `${measured}: the interval straddles the ${tolText} tolerance; ${neededText}; at ` +
        `${Math.min(sizes.baseline.conversations, sizes.candidate.conversations)} conversations ` +
        `(${Math.min(sizes.baseline.samples, sizes.candidate.samples)} ${unit}) a slowdown of ` +
        `${pct(detectable)} or more would be flagged (80% power)`;
    }
    return {
      ...common,
      tolerance,
      noiseFloor: Math.exp(Math.sqrt(est.runVariance)) - 1,
      change,
      ci,
      neededConversations: verdict === 'inconclusive' ? (Number.isFinite(needed) ? Math.max(needed, 2) : null) : null,
      detectable,
      alpha: alphas[k]!,
      designEffect: est.designEffect,
      verdict,
      reason,
    };
  });
}
