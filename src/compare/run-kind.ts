// Which kind of run a results.json holds (eval or load), and the error for comparing one kind with
// the other. Pure.
import { ChatproofError, EXIT } from '../core/errors.js';
import type { Results } from '../core/types.js';

/** A load run with levels; raw-only runs (`load --raw`) have none and gate like nothing ran. */
export function isLoadRun(results: Results): boolean {
  return results.load !== undefined;
}

function describeKind(results: Results): string {
  if (!results.load)
    return (
      `an eval run ("chatproof eval": single-user figures per scenario, ${results.summary.conversations.total} ` +
      `conversations)`
    );
  const n = results.load.levels.length;
  return `a load run ("chatproof load": ${results.load.shape} loop, ${n} load level${n === 1 ? '' : 's'})`;
}

/**
 * Eval and load runs measure different things (one user vs many at once): comparing them would
 * call the cost of concurrency a regression. One paragraph, both files named, exit 2.
 */
export function assertSameKind(
  baseline: Results,
  baselineFile: string,
  candidate: Results,
  candidateFile: string,
): void {
  if (isLoadRun(baseline) === isLoadRun(candidate)) return;
  throw new ChatproofError(
    `compare: cannot compare ${baselineFile} with ${candidateFile}. The baseline ${baselineFile} is ` +
      `${describeKind(baseline)}; ` +
      `the candidate ${candidateFile} is ${describeKind(candidate)}. Latency under concurrent load is not ` +
      `single-user latency, so ` +
      `the two cannot be compared figure by figure. Compare an eval run with an eval run of the same scenario, or a ` +
      `load run with ` +
      `a load run (levels at the same load are compared).`,
    EXIT.badInput,
  );
}

/** eval --baseline: checked before the run, so a load-run baseline costs no measurement. */
export function assertEvalBaseline(baseline: Results, baselineFile: string): void {
  if (!isLoadRun(baseline)) return;
  throw new ChatproofError(
    `--baseline ${baselineFile}: it is ${describeKind(baseline)}, and "chatproof eval" measures single-user ` +
      `figures, which cannot be ` +
      `compared with figures under concurrent load. Give the results of an earlier "chatproof eval" of the same ` +
      `scenario, or compare load runs with "chatproof compare".`,
    EXIT.badInput,
  );
}
