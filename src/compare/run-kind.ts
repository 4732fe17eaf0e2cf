// Load runs (`chatproof load`) as the gate sees them: which results are load runs, a level's load
// and its own turn records, and the error for comparing an eval run with a load run. Pure.
import { CliError, EXIT } from '../core/errors.js';
import type { Results, Slo } from '../core/types.js';
import { mergeSlos } from '../metrics/slo.js';

/** A load run with levels; raw-only runs (`load --raw`) have none and gate like nothing ran. */
export function isLoadRun(results: Results): boolean {
  return results.load !== undefined;
}

/** Users (closed loop) or conversations per second (open loop): the knee's own rule. */
export { levelLoad } from '../load/knee.js';

export function loadUnit(shape: 'closed' | 'open'): 'users' | 'conv/s' {
  return shape === 'closed' ? 'users' : 'conv/s';
}

export function formatLoad(load: number, unit: 'users' | 'conv/s'): string {
  if (unit === 'users') return `${load} user${load === 1 ? '' : 's'}`;
  return `${Number(load.toFixed(2))} conv/s`;
}

/**
 * Same load in two places: users are whole numbers; rates are summed over shards (0.1 + 0.2),
 * so they are equal within a part in a million.
 */
export function sameLoad(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

// Load runs tag every conversation id with its level and shard: "breakup#17@L3s2" (load-run.ts).
const LEVEL_TAG = /@L(\d+)(?:s\d+)?$/;

export function levelOfConversation(conversationId: string): number | null {
  const m = LEVEL_TAG.exec(conversationId);
  return m ? Number(m[1]) : null;
}

/**
 * The run restricted to one level's conversations and turns, so that the eval machinery
 * (cluster bootstrap, goodput) applies to a level unchanged. results.json keeps every counted
 * turn of a load run (only chunk offsets are dropped), so this is the level's whole sample.
 */
export function levelView(results: Results, index: number): Results {
  return {
    ...results,
    turns: results.turns.filter((t) => levelOfConversation(t.conversationId) === index),
    conversations: results.conversations.filter((c) => levelOfConversation(c.id) === index),
  };
}

/**
 * The SLOs a load run is gated by: its own (results.json load.slos), then command-line ones,
 * which replace the run's on the same metric whatever the direction (as `compare --slo` does
 * for eval runs).
 */
export function effectiveLoadSlos(results: Results, extra: readonly Slo[]): Slo[] {
  const own = results.load?.slos ?? [];
  const kept = own.filter((s) => !extra.some((e) => e.metric === s.metric));
  return mergeSlos(kept, [...extra]);
}

function describeKind(results: Results): string {
  if (!results.load) return `an eval run ("chatproof eval": single-user figures per scenario, ${results.summary.conversations.total} conversations)`;
  const n = results.load.levels.length;
  return `a load run ("chatproof load": ${results.load.shape} loop, ${n} load level${n === 1 ? '' : 's'})`;
}

/**
 * Eval and load runs measure different things (one user vs many at once): comparing them would
 * call the cost of concurrency a regression. One paragraph, both files named, exit 2.
 */
export function assertSameKind(baseline: Results, baselineFile: string, candidate: Results, candidateFile: string): void {
  if (isLoadRun(baseline) === isLoadRun(candidate)) return;
  throw new CliError(
    `compare: cannot compare ${baselineFile} with ${candidateFile}. The baseline ${baselineFile} is ${describeKind(baseline)}; ` +
      `the candidate ${candidateFile} is ${describeKind(candidate)}. Latency under concurrent load is not single-user latency, so ` +
      `the two cannot be compared figure by figure. Compare an eval run with an eval run of the same scenario, or a load run with ` +
      `a load run (levels at the same load are compared).`,
    EXIT.badInput,
  );
}

/** eval --baseline: checked before the run, so a load-run baseline costs no measurement. */
export function assertEvalBaseline(baseline: Results, baselineFile: string): void {
  if (!isLoadRun(baseline)) return;
  throw new CliError(
    `--baseline ${baselineFile}: it is ${describeKind(baseline)}, and "chatproof eval" measures single-user figures, which cannot be ` +
      `compared with figures under concurrent load. Give the results of an earlier "chatproof eval" of the same scenario, or compare load runs with "chatproof compare".`,
    EXIT.badInput,
  );
}
