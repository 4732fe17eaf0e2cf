// Saved results judged again with other SLOs (`chatproof gate --slo`, `compare --slo`): figures
// measured from the turns stay as they are; goodput, whose bar is the SLO set itself, is counted
// again from the turns with the new SLOs (goodput.ts), then every SLO is judged.
import type { Results, Slo } from '../core/types.js';
import { judgeAll, mergeSlos, overallVerdict } from '../metrics/slo.js';
import { goodputFigures } from './goodput.js';

/** The run's own SLOs, with extra ones replacing any on the same metric whatever its direction. */
export function withExtraSlos(own: readonly Slo[], extra: readonly Slo[]): Slo[] {
  const kept = own.filter((s) => !extra.some((e) => e.metric === s.metric));
  return mergeSlos(kept, [...extra]);
}

export function rejudge(results: Results, extra: readonly Slo[]): Results {
  if (extra.length === 0) return results;
  const own: Slo[] = results.summary.slo.map((v) => ({
    metric: v.metric,
    op: v.op,
    threshold: v.threshold,
    source: v.source,
  }));
  const slos = withExtraSlos(own, extra);
  const goodput = goodputFigures(results.conversations, results.turns, slos, results.summary.durationMs);
  const summary = { ...results.summary, goodput: goodput.perSecond, goodputRate: goodput.rate };
  const slo = judgeAll(slos, summary);
  return { ...results, summary: { ...summary, slo, verdict: overallVerdict(slo) } };
}
