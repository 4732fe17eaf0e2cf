// Latency rows of a comparison: has a percentile got slower beyond the tolerance?
//
// Decision rule, per percentile (change = candidate / baseline - 1, bounds one-sided at alpha):
//   regression    the lower bound is above 0 (significantly slower) AND the observed change
//                 is beyond the tolerance: both significant and large enough to matter;
//   pass          the upper bound is below the tolerance: a slowdown beyond it is ruled out;
//   inconclusive  neither (the interval straddles the tolerance), or too few samples.
// Ruling out is what makes "pass" mean something: with 3 conversations nothing is ruled out,
// and the gate says how many conversations would decide instead of passing on noise.
import { clusterBootstrapLogRatio } from './bootstrap.js';
import { normalQuantile, TARGET_POWER } from './normal.js';
import type { LatencyClusters } from './samples.js';
import type { CompareOptions, LatencyRow } from './types.js';
import { percentile } from '../score/stats.js';

/**
 * Fewest conversations per run for a cluster bootstrap: with fewer clusters the bootstrap
 * variance is biased low by (n - 1) / n and the resampling distribution is too lumpy to trust.
 */
export const MIN_CONVERSATIONS = 8;

/** Fewest samples for percentile p: P95 of fewer than 20 values is the maximum or next to it. */
export function minSamplesFor(p: number): number {
  return Math.max(10, Math.ceil(100 / (100 - p)));
}

const FIGURES: Array<{ key: keyof LatencyClusters; root: string; ps: number[] }> = [
  { key: 'ttftMs', root: 'latency.ttftMs', ps: [50, 95] },
  { key: 'e2eMs', root: 'latency.e2eMs', ps: [50, 95] },
];

function pooled(clusters: number[][], p: number): number | null {
  return percentile(clusters.flat().sort((a, b) => a - b), p);
}

function size(clusters: number[][]): { conversations: number; samples: number } {
  return { conversations: clusters.length, samples: clusters.reduce((s, c) => s + c.length, 0) };
}

export function latencyRows(
  baseline: LatencyClusters,
  candidate: LatencyClusters,
  options: Required<CompareOptions>,
  random: () => number,
): LatencyRow[] {
  const rows: LatencyRow[] = [];
  const tolLog = Math.log(1 + options.tolerance);
  const zSum = normalQuantile(1 - options.alpha) + normalQuantile(TARGET_POWER);
  for (const figure of FIGURES) {
    const b = baseline[figure.key];
    const c = candidate[figure.key];
    const estimates = b.length > 0 && c.length > 0
      ? clusterBootstrapLogRatio(b, c, figure.ps, { resamples: options.resamples, alpha: options.alpha, random })
      : null;
    figure.ps.forEach((p, k) => {
      const metric = `${figure.root}.p${p}`;
      const base = pooled(b, p);
      const cand = pooled(c, p);
      const common = { kind: 'latency' as const, metric, baseline: base, candidate: cand, tolerance: options.tolerance, size: { baseline: size(b), candidate: size(c) } };
      const est = estimates?.[k];
      if (!est || base === null || cand === null) {
        rows.push({ ...common, change: null, ci: null, neededConversations: null, verdict: 'no-data', reason: 'not measured in both runs' });
        return;
      }
      const change = Math.exp(est.observed) - 1;
      const ci = { low: Math.exp(est.low) - 1, high: Math.exp(est.high) - 1 };
      // Conversations per run that would bring the upper bound under the tolerance with 80%
      // power if nothing changed: SE shrinks as 1/sqrt(n), SE^2 = sigma^2 (1/nB + 1/nC).
      const sigma2 = est.standardError ** 2 / (1 / b.length + 1 / c.length);
      const powerN = Math.ceil((2 * sigma2 * zSum ** 2) / tolLog ** 2);
      const perConversation = Math.max(1, Math.min(common.size.baseline.samples / b.length, common.size.candidate.samples / c.length));
      const needed = Math.max(powerN, MIN_CONVERSATIONS, Math.ceil(minSamplesFor(p) / perConversation));
      const tooFew = Math.min(b.length, c.length) < MIN_CONVERSATIONS || Math.min(common.size.baseline.samples, common.size.candidate.samples) < minSamplesFor(p);
      const pct = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
      const bounds = `${pct(ci.low)} to ${pct(ci.high)}`;
      let verdict: LatencyRow['verdict'];
      let reason: string;
      if (tooFew) {
        verdict = 'inconclusive';
        reason = `too few samples for P${p} (${Math.min(b.length, c.length)} conversations, ${Math.min(common.size.baseline.samples, common.size.candidate.samples)} turns); need about ${needed} conversations per run`;
      } else if (est.low > 0 && est.observed > tolLog) {
        verdict = 'regression';
        reason = `${pct(change)} slower (bounds ${bounds}): significant and beyond the ${pct(options.tolerance)} tolerance`;
      } else if (est.high < tolLog) {
        verdict = 'pass';
        reason = `${pct(change)} (bounds ${bounds}): a slowdown beyond ${pct(options.tolerance)} is ruled out`;
      } else {
        verdict = 'inconclusive';
        reason = `${pct(change)} (bounds ${bounds}): cannot rule out a slowdown beyond ${pct(options.tolerance)}; about ${needed} conversations per run would decide`;
      }
      rows.push({ ...common, change, ci, neededConversations: verdict === 'inconclusive' ? needed : null, verdict, reason });
    });
  }
  return rows;
}
