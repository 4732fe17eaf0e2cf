// The exit code of every command that judges a run: eval, load, gate and compare all end here,
// so one run folder gives the same code whichever of them reads it (README "Exit codes"):
//   130 stopped by Ctrl-C · 3 no turn reached the target · 1 an SLO failed (as measured by a
//   harness that kept up) or a figure regressed · 4 a decision rests on a load level whose
//   harness fell behind or whose conversations did not finish, or (with --fail-inconclusive)
//   something could not be decided · 0 pass.
// A failure measured with a valid harness is a fact, so it ranks above a level the harness
// could not measure: fixed levels where level 1 misses an SLO and level 2's harness fell behind
// exit 1 from `load`, `gate` and a merged run alike.

import type { Comparison } from '../compare/types.js';
import { EXIT } from '../core/errors.js';
import type { Results } from '../core/types.js';
import type { LoadGate } from './types.js';

const UNREACHABLE = new Set(['connection_refused', 'host_not_found', 'connect_timeout', 'connection_reset']);

/** True when every turn failed to reach the target: the run measured nothing about the model. */
export function unreachableThroughout(results: Results): boolean {
  return (
    results.turns.length > 0 &&
    results.turns.every((t) => !t.ok && t.error !== undefined && UNREACHABLE.has(t.error.cause))
  );
}

export interface DecideInput {
  results: Results;
  /** Load runs: the load gate's judgement of every level (gate/load-gate.ts). */
  loadGate?: LoadGate;
  comparison?: Comparison;
  failInconclusive: boolean;
  /** The run was stopped by Ctrl-C or a termination signal. */
  aborted?: boolean;
}

export function decide(input: DecideInput): number {
  const { results, loadGate, comparison, failInconclusive } = input;
  if (input.aborted) return EXIT.interrupted;
  if (unreachableThroughout(results)) return EXIT.unreachable;
  const verdict = loadGate ? loadGate.verdict : results.summary.verdict;
  if (verdict === 'fail' || comparison?.verdict === 'regression') return EXIT.sloFailed;
  if (verdict === 'invalid') return EXIT.inconclusive;
  // A gated load level with too few finished conversations (or no answer at all) measured too
  // little to pass: never exit 0 on it.
  if (loadGate?.levels.some((l) => l.gated && l.tooFewFinished)) return EXIT.inconclusive;
  if (failInconclusive && (verdict === 'unknown' || comparison?.verdict === 'inconclusive')) return EXIT.inconclusive;
  return EXIT.ok;
}
