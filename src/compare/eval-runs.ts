// Baseline vs candidate: one verdict from latency distributions and pass/fail rates, plus the
// environment differences that could make the comparison unfair. Pure: same inputs and seed,
// same Comparison.
import { ChatproofError } from '../core/errors.js';
import type { Results } from '../core/types.js';
import { diffFingerprints, fingerprint } from './fingerprint.js';
import { type ItlInput, type ItlPlan, itlClusters, itlFigures, itlRows, planItl } from './itl.js';
import { latencyRows, RESOLUTION_MS } from './latency-rows.js';
import { proportionRow } from './proportion-rows.js';
import { interruptionCounts, latencyClusters, memoryCounts, mergeCounts, type PositionIds } from './samples.js';
import type { CompareOptions, Comparison } from './types.js';
import { POOL_PRETEST } from './variance-components.js';

export const DEFAULT_COMPARE_OPTIONS: Required<CompareOptions> = {
  tolerance: 0.1,
  alpha: 0.05,
  noiseFloor: 0.02,
  accuracyDelta: 0.1,
  interruptionDelta: 0.05,
};

const pctText = (x: number): string => `${(x * 100).toFixed(0)}%`;

export function describeMethod(o: Required<CompareOptions>, tested: number, baselineRuns = 1): string {
  return (
    `${tested} figures are compared, each at alpha ${o.alpha}/${tested} (Bonferroni), so that the chance of any ` +
    `false alarm is at most ${o.alpha}; every bound shown is one-sided at that level. Latency (P50 and P95 of time ` +
    `to first token, end-to-end time and inter-token latency, the gaps between content chunks read from ` +
    `turns.jsonl): ` +
    `turn k of one run is compared with turn k of the other (each log latency minus its turn position's median), ` +
    `so depth effects cancel. P50: the shift of typical latency, a mean of aligned log latencies winsorized at 3 ` +
    `robust standard deviations; P95: the difference of the aligned 95th percentiles (Maritz-Jarrett standard ` +
    `error). Turns of one conversation are correlated: a conversation effect is estimated from the data (one-way ` +
    `ANOVA); when it is significant at ${POOL_PRETEST} the variance carries it (design effect) with Satterthwaite's ` +
    `degrees of freedom, otherwise turns are pooled (Bancroft's sometimes-pool rule); intervals are Student t. ` +
    (baselineRuns > 1
      ? `The baseline pools ${baselineRuns} runs; the spread between them beyond what their turns explain is a ` +
        `run-to-run variance that widens every interval. `
      : '') +
    `A regression needs the estimated slowdown beyond the +${pctText(o.tolerance)} tolerance and its lower bound ` +
    `above the +${pctText(o.noiseFloor)} noise floor (a whole run can drift that much when the machine is busier); ` +
    `a pass needs the upper bound below the tolerance (never finer than ${RESOLUTION_MS} ms, the harness's timing ` +
    `resolution); otherwise the interval straddles the tolerance and the verdict is "inconclusive", with the number ` +
    `of conversations per run that would decide (80% power). Context accuracy and interruption rate: Fisher's ` +
    `exact test, one-sided for "worse", on counts divided by the design effect of memory checks clustered in ` +
    `conversations (Rao-Scott); a pass needs Newcombe's bound to rule out a worsening of ` +
    `${(o.accuracyDelta * 100).toFixed(0)} (accuracy) or ${(o.interruptionDelta * 100).toFixed(0)} (interruptions) ` +
    `points.`
  );
}

/** Options with defaults, checked: a bad value is a usage error, not a silent default. */
export function resolveCompareOptions(options: CompareOptions): Required<CompareOptions> {
  const o: Required<CompareOptions> = { ...DEFAULT_COMPARE_OPTIONS, ...definedOnly(options) };
  if (!(o.tolerance >= 0)) throw new ChatproofError(`compare: tolerance must be 0 or more, got ${o.tolerance}.`);
  if (!(o.alpha > 0 && o.alpha < 0.5))
    throw new ChatproofError(`compare: alpha must be between 0 and 0.5, got ${o.alpha}.`);
  if (!(o.noiseFloor >= 0)) throw new ChatproofError(`compare: noise floor must be 0 or more, got ${o.noiseFloor}.`);
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

/** Scenarios every baseline run and the candidate played (a history compares what all share). */
export function historyScenarios(baselines: readonly Results[], candidate: Results): string[] {
  let common = commonScenarios(baselines[0]!, candidate);
  for (const b of baselines.slice(1)) {
    const names = new Set(commonScenarios(b, candidate));
    common = common.filter((n) => names.has(n));
  }
  if (common.length === 0) {
    throw new ChatproofError(
      `compare: the ${baselines.length} baseline runs share no scenario with the candidate ` +
        `(run ${candidate.run.runId}) all at once; give baseline runs of the same scenario file.`,
    );
  }
  return common;
}

/**
 * ITL plan over every baseline run: compared only when each baseline run and the candidate
 * have their chunk times (a history with one run lacking turns.jsonl leaves ITL out, and says so).
 */
export function planHistoryItl(
  baselines: readonly Results[],
  candidate: Results,
  itl: ItlInput | undefined,
  baselineSources?: readonly (ItlInput['baseline'] | undefined)[],
): { plans: ItlPlan[]; reason: string | null; notes: string[] } | null {
  if (!itl) return null;
  const plans = baselines.map((b, i) =>
    planItl(b, candidate, { baseline: baselineSources ? baselineSources[i] : itl.baseline, candidate: itl.candidate }),
  ) as ItlPlan[];
  const failed = plans.find((p) => p.reason !== null);
  const notes = [...new Set(plans.flatMap((p) => p.notes))];
  return { plans, reason: failed?.reason ?? null, notes };
}

/**
 * `baseline`: one run, or a history of runs (newest first) pooled as the baseline.
 * `itl`: chunk times read beside each results.json (chunk-log.ts); `baselineItl` one per
 * history run. Without `itl` (pure callers) the comparison has no ITL rows; with it, ITL is
 * compared or its rows say why not.
 */
export function compareResults(
  baseline: Results | readonly Results[],
  candidate: Results,
  options: CompareOptions = {},
  itl?: ItlInput,
  baselineItl?: readonly (ItlInput['baseline'] | undefined)[],
): Comparison {
  const o = resolveCompareOptions(options);
  const baselines = Array.isArray(baseline) ? (baseline as Results[]) : [baseline as Results];
  const common = historyScenarios(baselines, candidate);
  const scenarios = new Set(common);
  const positions: PositionIds = new Map();
  const latencyB = baselines.map((b) => latencyClusters(b, scenarios, positions));
  const latencyC = latencyClusters(candidate, scenarios, positions);
  const memoryB = mergeCounts(baselines.map((b) => memoryCounts(b, scenarios)));
  const memoryC = memoryCounts(candidate, scenarios);
  const interruptB = mergeCounts(baselines.map((b) => interruptionCounts(b, scenarios)));
  const interruptC = interruptionCounts(candidate, scenarios);
  const plan = planHistoryItl(baselines, candidate, itl, baselineItl);
  const itlB = baselines.map((b, i) => itlClusters(b, scenarios, plan?.plans[i]?.baseline ?? null, positions));
  const itlC = plan?.reason === null ? itlClusters(candidate, scenarios, plan.plans[0]!.candidate, positions) : [];
  const hasB = (k: 'ttftMs' | 'e2eMs'): boolean => latencyB.some((l) => l[k].length > 0);
  // Up to eight figures tested at once (TTFT, E2E and ITL P50/P95, accuracy, interruptions)
  // would raise a false alarm on noise far more often than alpha. Bonferroni: each figure is
  // tested at alpha / m, m = figures measured in both runs, so the chance of any false alarm
  // stays at most alpha whatever the figures' dependence.
  const tested =
    (hasB('ttftMs') && latencyC.ttftMs.length ? 2 : 0) +
    (hasB('e2eMs') && latencyC.e2eMs.length ? 2 : 0) +
    (plan?.reason === null ? itlFigures(itlB.flat(), itlC) : 0) +
    (memoryB.total && memoryC.total ? 1 : 0) +
    (interruptB.total && interruptC.total ? 1 : 0);
  const perFigure = { ...o, alpha: o.alpha / Math.max(1, tested) };
  const itlPlan = plan ? { ...plan.plans[0]!, reason: plan.reason, notes: plan.notes } : null;
  const rows = [
    ...latencyRows(latencyB, latencyC, perFigure),
    ...(itlPlan ? itlRows(itlPlan, itlB, itlC, perFigure) : []),
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
    differences: diffFingerprints(fingerprint(baselines[0]!), fingerprint(candidate)),
    options: o,
    figureAlpha: perFigure.alpha,
    method: describeMethod(o, tested, baselines.length),
    baselineRunId: baselines[0]!.run.runId,
    candidateRunId: candidate.run.runId,
    ...(plan?.notes.length ? { notes: plan.notes } : {}),
  };
}

function definedOnly(options: CompareOptions): CompareOptions {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as CompareOptions;
}
