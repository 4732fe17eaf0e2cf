// Rate rows of a comparison: context accuracy (worse = lower) and interruption rate (worse =
// higher). Same three-way rule as latency (see latency-rows.ts): regression when Fisher's
// one-sided exact test says "worse" at alpha; pass when Newcombe's bound rules out a worsening
// of `delta` or more; inconclusive otherwise.
//
// Memory checks of one conversation are not independent (a model that forgot the film at turn
// 4 may forget it at turn 6): the counts are divided by the design effect measured from the
// conversations (Rao-Scott, proportions.ts) before Fisher's test and Newcombe's interval, the
// proportion counterpart of the conversation effect in shift.ts. Interruptions are counted per
// conversation, so that row has no such dependence (design effect 1).

import { proportion } from '../metrics/stats.js';
import { fisherHigherP, fisherLowerP } from './fisher.js';
import { normalQuantile, TARGET_POWER } from './normal.js';
import { clusteredDesignEffect, newcombeDifference, samplesForProportions } from './proportions.js';
import type { RateCounts } from './samples.js';
import type { CompareOptions, ProportionRow } from './types.js';

export function proportionRow(
  metric: ProportionRow['metric'],
  worse: ProportionRow['worse'],
  baseline: RateCounts,
  candidate: RateCounts,
  delta: number,
  options: Required<CompareOptions>,
): ProportionRow {
  const common = {
    kind: 'proportion' as const,
    metric,
    worse,
    baseline: proportion(baseline.hits, baseline.total),
    candidate: proportion(candidate.hits, candidate.total),
    delta,
    size: {
      baseline: { conversations: baseline.conversations, samples: baseline.total },
      candidate: { conversations: candidate.conversations, samples: candidate.total },
    },
  };
  if (baseline.total === 0 || candidate.total === 0) {
    return {
      ...common,
      change: null,
      ci: null,
      pValue: null,
      neededConversations: null,
      verdict: 'no-data',
      reason: 'not measured in both runs',
    };
  }
  const rateB = baseline.hits / baseline.total;
  const rateC = candidate.hits / candidate.total;
  const change = rateC - rateB;
  const deff =
    baseline.clusters && candidate.clusters ? clusteredDesignEffect([...baseline.clusters, ...candidate.clusters]) : 1;
  // Effective counts: the same rates on total / deff checks (at least one), rounded for Fisher.
  const effective = (c: RateCounts): [number, number] => {
    const n = Math.max(1, Math.round(c.total / deff));
    return [Math.round((c.hits / c.total) * n), n];
  };
  const [hB, nB] = effective(baseline);
  const [hC, nC] = effective(candidate);
  const ci = newcombeDifference(hB, nB, hC, nC, normalQuantile(1 - options.alpha))!;
  const pValue = worse === 'lower' ? fisherLowerP(hB, nB, hC, nC)! : fisherHigherP(hB, nB, hC, nC)!;
  // Worsening expressed as a positive number, with its one-sided upper bound.
  const worsening = worse === 'lower' ? -change : change;
  const worseningBound = worse === 'lower' ? -ci.low : ci.high;
  const target = worse === 'lower' ? rateB - delta : rateB + delta;
  const perGroup = samplesForProportions(rateB, target, options.alpha, TARGET_POWER) * deff;
  const perConversation = Math.max(
    1,
    Math.min(
      baseline.total / Math.max(1, baseline.conversations),
      candidate.total / Math.max(1, candidate.conversations),
    ),
  );
  const needed = Number.isFinite(perGroup) ? Math.ceil(perGroup / perConversation) : null;
  const points = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)} points`;
  const p = pValue < 0.001 ? 'p < 0.001' : `p = ${pValue.toFixed(3)}`;
  const name = metric === 'contextAccuracy' ? 'accuracy' : 'interruption rate';
  if (pValue < options.alpha && worsening > 0) {
    return {
      ...common,
      change,
      ci,
      pValue,
      neededConversations: null,
      verdict: 'regression',
      reason: `${name} ${points(change)} (${p}, Fisher one-sided): significantly worse`,
    };
  }
  if (worseningBound < delta) {
    return {
      ...common,
      change,
      ci,
      pValue,
      neededConversations: null,
      verdict: 'pass',
      reason:
        `${name} ${points(change)} (${p}): a worsening of ${(delta * 100).toFixed(0)} points or more is ruled ` + `out`,
    };
  }
  return {
    ...common,
    change,
    ci,
    pValue,
    neededConversations: needed,
    verdict: 'inconclusive',
    reason:
      `${name} ${points(change)} (${p}): cannot rule out a worsening of ${(delta * 100).toFixed(0)} points` +
      (needed !== null ? `; about ${needed} conversations per run would decide` : ''),
  };
}
