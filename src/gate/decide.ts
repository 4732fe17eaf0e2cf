// From verdicts to the documented exit codes (docs/ci.md):
//   0 pass · 1 SLO breach or regression · 2 bad input · 3 target unreachable ·
//   4 inconclusive (only with --fail-inconclusive).
import { EXIT } from '../core/errors.js';
import { isGoodputSlo, judgeGoodput } from './goodput.js';
import { judgeAll, mergeSlos, overallVerdict } from '../metrics/slo.js';
import type { Results, Slo } from '../core/types.js';
import type { Comparison, LoadGate } from '../compare/types.js';

const UNREACHABLE = new Set(['connection_refused', 'connect_timeout', 'connection_reset']);

/** True when every turn failed to reach the target: the run measured nothing about the model. */
export function unreachableThroughout(results: Results): boolean {
  return results.turns.length > 0 && results.turns.every((t) => !t.ok && t.error !== undefined && UNREACHABLE.has(t.error.cause));
}

export function gateExitCode(results: Results, comparison: Comparison | undefined, failInconclusive: boolean): number {
  if (unreachableThroughout(results)) return EXIT.unreachable;
  if (results.summary.verdict === 'fail' || comparison?.verdict === 'regression') return EXIT.sloFailed;
  if (failInconclusive && (results.summary.verdict === 'unknown' || comparison?.verdict === 'inconclusive')) return EXIT.inconclusive;
  return EXIT.ok;
}

/**
 * The same results judged again with extra SLOs (`chatproof compare --slo`), which replace the
 * run's own on the same metric. Figures are not recomputed, only verdicts (goodput SLOs, which
 * are not summary figures, are computed from the turns).
 */
export function rejudge(results: Results, extra: Slo[]): Results {
  if (extra.length === 0) return results;
  const existing: Slo[] = results.summary.slo.map((v) => ({ metric: v.metric, op: v.op, threshold: v.threshold, source: v.source }));
  // A command-line SLO on a metric replaces the run's, whatever its direction (as eval does).
  const kept = existing.filter((s) => !extra.some((e) => e.metric === s.metric));
  const merged = mergeSlos(kept, extra);
  // Goodput is not a summary figure: it is derived here from the turns (goodput.ts).
  const plain = merged.filter((s) => !isGoodputSlo(s));
  const slo = [...judgeAll(plain, results.summary), ...judgeGoodput(results, merged.filter(isGoodputSlo), merged)];
  return { ...results, summary: { ...results.summary, slo, verdict: overallVerdict(slo) } };
}

/**
 * Exit code for a load run: 1 when a gated decision failed or a figure regressed; 4 when a
 * decision rests on a level whose harness fell behind (always, as `chatproof load` exits 4:
 * such figures can be neither a pass nor a fail), or, with --fail-inconclusive, when
 * something could not be decided; 3 when no turn reached the target.
 */
export function loadGateExitCode(results: Results, gate: LoadGate, comparison: Comparison | undefined, failInconclusive: boolean): number {
  if (unreachableThroughout(results)) return EXIT.unreachable;
  if (gate.verdict === 'fail' || comparison?.verdict === 'regression') return EXIT.sloFailed;
  if (gate.verdict === 'invalid') return EXIT.inconclusive;
  if (failInconclusive && (gate.verdict === 'unknown' || comparison?.verdict === 'inconclusive')) return EXIT.inconclusive;
  return EXIT.ok;
}
