// Latency rows of a comparison: has a percentile got slower beyond the tolerance?
//
// Decision rule, per percentile (change = candidate / baseline - 1, bounds one-sided at alpha):
//   regression    the lower bound is above 0 (significantly slower) AND the observed change
//                 is beyond the tolerance: both significant and large enough to matter;
//   pass          the upper bound is below the tolerance: a slowdown beyond it is ruled out;
//   inconclusive  neither (the interval straddles the tolerance), or too few samples.
// Ruling out is what makes "pass" mean something: with 3 conversations nothing is ruled out,
// and the gate says how many conversations would decide instead of passing on noise.
// The tolerance is relative, but never finer than the harness can time (RESOLUTION_MS).

import { percentile } from '../metrics/stats.js';
import { clusterBootstrapLogRatio } from './bootstrap.js';
import { normalQuantile, TARGET_POWER } from './normal.js';
import type { LatencyClusters } from './samples.js';
import type { CompareOptions, LatencyRow } from './types.js';

/**
 * Fewest conversations per run for a cluster bootstrap: with fewer clusters the bootstrap
 * variance is biased low by (n - 1) / n and the resampling distribution is too lumpy to trust.
 */
export const MIN_CONVERSATIONS = 8;

/** Fewest samples for percentile p: P95 of fewer than 20 values is the maximum or next to it. */
export function minSamplesFor(p: number): number {
  return Math.max(10, Math.ceil(100 / (100 - p)));
}

/**
 * Smallest slowdown of a percentile that can count, in ms: the client's timing error is about
 * 0.5-1 ms at one stream (docs/load.md, "Timing accuracy") and Node timers tick in whole ms.
 * Without it a relative tolerance is finer than the measurement for millisecond figures:
 * inter-token gaps of a fast server (2 ms) moved by 0.5-0.7 ms, +20-45%, between two runs of
 * the same fixture server, "significant" because the whole run shifted (a cluster bootstrap
 * within a run cannot see a run-level shift): 2 false alarms in 3 test runs before this floor.
 */
export const RESOLUTION_MS = 1;

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

function pooled(clusters: number[][], p: number): number | null {
  return percentile(
    clusters.flat().sort((a, b) => a - b),
    p,
  );
}

function size(clusters: number[][]): { conversations: number; samples: number } {
  return { conversations: clusters.length, samples: clusters.reduce((s, c) => s + c.length, 0) };
}

/**
 * TTFT and end-to-end rows. Their bootstraps draw from `random` in this order (TTFT, then E2E),
 * so the same seed gives the same intervals whatever other figures are compared.
 */
export function latencyRows(
  baseline: LatencyClusters,
  candidate: LatencyClusters,
  options: Required<CompareOptions>,
  random: () => number,
): LatencyRow[] {
  return [
    ...percentileRows('latency.ttftMs', baseline.ttftMs, candidate.ttftMs, options, random),
    ...percentileRows('latency.e2eMs', baseline.e2eMs, candidate.e2eMs, options, random),
  ];
}

/**
 * P50 and P95 rows of one latency figure from per-conversation samples (the resampling unit).
 * `unit` names a sample in the reasons: a turn (TTFT, E2E) or an inter-chunk gap (ITL).
 */
export function percentileRows(
  root: string,
  b: number[][],
  c: number[][],
  options: Required<CompareOptions>,
  random: () => number,
  unit: 'turns' | 'gaps' = 'turns',
): LatencyRow[] {
  const ps = [50, 95];
  const rows: LatencyRow[] = [];
  const zSum = normalQuantile(1 - options.alpha) + normalQuantile(TARGET_POWER);
  const estimates =
    b.length > 0 && c.length > 0
      ? clusterBootstrapLogRatio(b, c, ps, { resamples: options.resamples, alpha: options.alpha, random })
      : null;
  ps.forEach((p, k) => {
    const metric = `${root}.p${p}`;
    const base = pooled(b, p);
    const cand = pooled(c, p);
    const est = estimates?.[k];
    if (!est || base === null || cand === null) {
      const empty = {
        kind: 'latency' as const,
        metric,
        baseline: base,
        candidate: cand,
        tolerance: options.tolerance,
        size: { baseline: size(b), candidate: size(c) },
      };
      rows.push({
        ...empty,
        change: null,
        ci: null,
        neededConversations: null,
        verdict: 'no-data',
        reason: 'not measured in both runs',
      });
      return;
    }
    const tolerance = effectiveTolerance(options.tolerance, base);
    const tolLog = Math.log(1 + tolerance);
    const tolText = toleranceText(options.tolerance, tolerance);
    const common = {
      kind: 'latency' as const,
      metric,
      baseline: base,
      candidate: cand,
      tolerance,
      size: { baseline: size(b), candidate: size(c) },
    };
    const change = Math.exp(est.observed) - 1;
    const ci = { low: Math.exp(est.low) - 1, high: Math.exp(est.high) - 1 };
    // Conversations per run that would bring the upper bound under the tolerance with 80%
    // power if nothing changed: SE shrinks as 1/sqrt(n), SE^2 = sigma^2 (1/nB + 1/nC).
    const sigma2 = est.standardError ** 2 / (1 / b.length + 1 / c.length);
    const powerN = Math.ceil((2 * sigma2 * zSum ** 2) / tolLog ** 2);
    const perConversation = Math.max(
      1,
      Math.min(common.size.baseline.samples / b.length, common.size.candidate.samples / c.length),
    );
    const needed = Math.max(powerN, MIN_CONVERSATIONS, Math.ceil(minSamplesFor(p) / perConversation));
    const tooFew =
      Math.min(b.length, c.length) < MIN_CONVERSATIONS ||
      Math.min(common.size.baseline.samples, common.size.candidate.samples) < minSamplesFor(p);
    const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
    const bounds = `${pct(ci.low)} to ${pct(ci.high)}`;
    let verdict: LatencyRow['verdict'];
    let reason: string;
    if (tooFew) {
      verdict = 'inconclusive';
      reason =
        `too few samples for P${p} (${Math.min(b.length, c.length)} conversations, ` +
        `${Math.min(common.size.baseline.samples, common.size.candidate.samples)} ${unit}); need about ${needed} ` +
        `conversations per run`;
    } else if (est.low > 0 && est.observed > tolLog) {
      verdict = 'regression';
      reason = `${pct(change)} slower (bounds ${bounds}): significant and beyond the ${tolText} tolerance`;
    } else if (est.high < tolLog) {
      verdict = 'pass';
      reason = `${pct(change)} (bounds ${bounds}): a slowdown beyond ${tolText} is ruled out`;
    } else {
      verdict = 'inconclusive';
      reason =
        `${pct(change)} (bounds ${bounds}): cannot rule out a slowdown beyond ${tolText}; about ${needed} ` +
        `conversations per run would decide`;
    }
    rows.push({
      ...common,
      change,
      ci,
      neededConversations: verdict === 'inconclusive' ? needed : null,
      verdict,
      reason,
    });
  });
  return rows;
}
