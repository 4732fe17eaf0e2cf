// Baseline vs candidate: one verdict from latency distributions and pass/fail rates, plus the
// environment differences that could make the comparison unfair. Pure: same inputs and seed,
// same Comparison.
import { ChatproofError } from '../core/errors.js';
import { seededRandom } from '../core/random.js';
import type { Results } from '../core/types.js';
import { diffFingerprints, fingerprint } from './fingerprint.js';
import { type ItlInput, itlClusters, itlFigures, itlRandom, itlRows, planItl } from './itl.js';
import { latencyRows, MIN_CONVERSATIONS, RESOLUTION_MS } from './latency-rows.js';
import { proportionRow } from './proportion-rows.js';
import { interruptionCounts, latencyClusters, memoryCounts } from './samples.js';
import type { CompareOptions, Comparison } from './types.js';

export const DEFAULT_COMPARE_OPTIONS: Required<CompareOptions> = {
  tolerance: 0.1,
  alpha: 0.05,
  resamples: 2000,
  seed: 1,
  accuracyDelta: 0.1,
  interruptionDelta: 0.05,
};

export function describeMethod(o: Required<CompareOptions>, tested: number): string {
  return (
    `${tested} figures are compared, each at alpha ${o.alpha}/${tested} (Bonferroni), so that the chance of any ` +
    `false alarm is at most ${o.alpha}; ` +
    `every bound shown is one-sided at that level. Latency: P50 and P95 of TTFT, end-to-end time and inter-token ` +
    `latency (ITL: every gap between ` +
    `consecutive content chunks of a successful turn, read from turns.jsonl beside results.json), compared by a ` +
    `cluster bootstrap (${o.resamples} resamples, seed ${o.seed}) ` +
    `that resamples whole conversations, because turns (and the chunks of a reply) of one conversation are ` +
    `correlated; a regression needs the lower bound of the slowdown above 0 and the observed slowdown beyond ` +
    `+${(o.tolerance * 100).toFixed(0)}%; ` +
    `a pass needs the upper bound below +${(o.tolerance * 100).toFixed(0)}% (the tolerance is never finer than ` +
    `${RESOLUTION_MS} ms, the harness's timing resolution: it is wider for millisecond figures). Context ` +
    `accuracy and interruption rate: Fisher's exact test, ` +
    `one-sided for "worse"; a pass needs Newcombe's bound to rule out a worsening of ` +
    `${(o.accuracyDelta * 100).toFixed(0)} ` +
    `(accuracy) or ${(o.interruptionDelta * 100).toFixed(0)} (interruptions) points. Memory checks within one ` +
    `conversation are treated as ` +
    `independent, which makes the accuracy test somewhat optimistic. At least ${MIN_CONVERSATIONS} conversations ` +
    `per run are needed; ` +
    `otherwise, or when the interval is too wide, the verdict is "inconclusive" with the number of conversations ` +
    `that would decide (80% power).`
  );
}

/** Options with defaults, checked: a bad value is a usage error, not a silent default. */
export function resolveCompareOptions(options: CompareOptions): Required<CompareOptions> {
  const o: Required<CompareOptions> = { ...DEFAULT_COMPARE_OPTIONS, ...definedOnly(options) };
  if (!(o.tolerance >= 0)) throw new ChatproofError(`compare: tolerance must be 0 or more, got ${o.tolerance}.`);
  if (!(o.alpha > 0 && o.alpha < 0.5))
    throw new ChatproofError(`compare: alpha must be between 0 and 0.5, got ${o.alpha}.`);
  if (!(Number.isInteger(o.resamples) && o.resamples >= 100))
    throw new ChatproofError(`compare: resamples must be a whole number of at least 100, got ${o.resamples}.`);
  return o;
}

/** Scenarios both runs played; none in common is a usage error (nothing would be compared). */
export function commonScenarios(baseline: Results, candidate: Results): string[] {
  const namesB = new Set(baseline.run.scenarios.map((s) => s.name));
  const namesC = new Set(candidate.run.scenarios.map((s) => s.name));
  const common = [...namesC].filter((n) => namesB.has(n));
  if (common.length === 0) {
    throw new ChatproofError(
      `compare: the baseline (run ${baseline.run.runId}, scenarios: ${[...namesB].join(', ') || 'none'}) and the ` +
        `candidate ` +
        `(run ${candidate.run.runId}, scenarios: ${[...namesC].join(', ') || 'none'}) share no scenario, so there ` +
        `is nothing to compare. ` +
        `Use as baseline a run of the same scenario file.`,
    );
  }
  return common;
}

/**
 * `itl`: chunk times read beside each results.json (chunk-log.ts). Without it (pure callers)
 * the comparison has no ITL rows; with it, ITL is compared or its rows say why not.
 */
export function compareResults(
  baseline: Results,
  candidate: Results,
  options: CompareOptions = {},
  itl?: ItlInput,
): Comparison {
  const o = resolveCompareOptions(options);
  const common = commonScenarios(baseline, candidate);
  const scenarios = new Set(common);
  const random = seededRandom(o.seed);
  const latencyB = latencyClusters(baseline, scenarios);
  const latencyC = latencyClusters(candidate, scenarios);
  const memoryB = memoryCounts(baseline, scenarios);
  const memoryC = memoryCounts(candidate, scenarios);
  const interruptB = interruptionCounts(baseline, scenarios);
  const interruptC = interruptionCounts(candidate, scenarios);
  const itlPlan = planItl(baseline, candidate, itl);
  const itlB = itlClusters(baseline, scenarios, itlPlan?.baseline ?? null);
  const itlC = itlClusters(candidate, scenarios, itlPlan?.candidate ?? null);
  // Up to eight figures tested at once (TTFT, E2E and ITL P50/P95, accuracy, interruptions)
  // would raise a false alarm on noise far more often than alpha (measured with the six
  // figures before ITL: 13 of 100 same-server trials at alpha 0.05 per figure). Bonferroni:
  // each figure is tested at alpha / m, m = figures measured in both runs, so the chance of
  // any false alarm stays at most alpha (Bonferroni inequality; valid whatever the figures'
  // dependence, so the strongly correlated ITL P50 and P95 cost a little power, not validity).
  const tested =
    (latencyB.ttftMs.length && latencyC.ttftMs.length ? 2 : 0) +
    (latencyB.e2eMs.length && latencyC.e2eMs.length ? 2 : 0) +
    itlFigures(itlB, itlC) +
    (memoryB.total && memoryC.total ? 1 : 0) +
    (interruptB.total && interruptC.total ? 1 : 0);
  const perFigure = { ...o, alpha: o.alpha / Math.max(1, tested) };
  const rows = [
    ...latencyRows(latencyB, latencyC, perFigure, random),
    ...(itlPlan ? itlRows(itlPlan, itlB, itlC, perFigure, itlRandom(o.seed)) : []),
    proportionRow('contextAccuracy', 'lower', memoryB, memoryC, o.accuracyDelta, perFigure),
    proportionRow('interruptionRate', 'higher', interruptB, interruptC, o.interruptionDelta, perFigure),
  ];
  const verdict = rows.some((r) => r.verdict === 'regression')
    ? 'regression'
    : rows.some((r) => r.verdict === 'inconclusive') || rows.every((r) => r.verdict === 'no-data')
      ? 'inconclusive'
      : 'pass';
  return {
    verdict,
    rows,
    scenarios: common,
    differences: diffFingerprints(fingerprint(baseline), fingerprint(candidate)),
    options: o,
    figureAlpha: perFigure.alpha,
    method: describeMethod(o, tested),
    baselineRunId: baseline.run.runId,
    candidateRunId: candidate.run.runId,
    ...(itlPlan?.notes.length ? { notes: itlPlan.notes } : {}),
  };
}

function definedOnly(options: CompareOptions): CompareOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as CompareOptions;
}
