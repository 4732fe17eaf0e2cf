// The latency comparison's estimator: how much slower is the candidate, on the log scale, with
// an interval that is honest at 1 to 10 conversations per run. Pure and deterministic.
//
// Design (docs/ci.md, "How a regression is decided", justifies it with bench:gate's table):
// 1. Turn position with turn position. Both runs play the same scenario, so turn k of one run
//    is compared with turn k of the other: each log latency has its position's median (both
//    runs pooled) subtracted. Depth effects (a longer history, a longer scripted reply at turn
//    6) then cancel instead of widening the spread.
// 2. P50 row: the shift of typical latency, the difference of the runs' mean aligned log
//    latencies, winsorized at 3 robust standard deviations (1.4826 MAD) so that a rare 5x-slow
//    turn cannot move it. Under per-request jitter this is as efficient as the t-test; the
//    median would need three times the turns for the same interval under uniform jitter.
//    P95 row: the difference of the runs' 95th percentiles of aligned log latencies, with the
//    Maritz-Jarrett standard error of each quantile (Maritz & Jarrett 1978, JASA 73:194).
// 3. Correlated turns. Turns of one conversation share a session, so a random conversation
//    effect is estimated from the data (one-way ANOVA of the aligned values on conversations,
//    method of moments). Bancroft's sometimes-pool rule (Bancroft 1944, Ann. Math. Stat.
//    15:190): when the between-conversation spread is not significant at POOL_PRETEST, turns
//    are pooled as independent (many degrees of freedom: power at 1-3 conversations); when it
//    is, the variance gets the conversation component (design effect = its ratio to the
//    independent-turn variance) and Satterthwaite's degrees of freedom, which fall towards the
//    number of conversations. The P95 variance always carries the estimated conversation
//    component as a design effect (Kish's design effect applied to a quantile, as survey
//    statistics does), pooled or not.
// 4. Run to run. A whole run can be slower when the machine is busier, and nothing within one
//    run can see it: CI measured +13% on the P95 inter-token gap of one unchanged server, with
//    bounds +3.6% to +22.5% from an interval that ignored it. Run-to-run drift is therefore a
//    variance component of every comparison: the noise floor (--noise-floor, a standard
//    deviation, default 2%) with one or two baseline runs, or what a baseline history of 3 or
//    more runs measures (the spread of its runs' means beyond what their turns explain). The
//    candidate is one more draw of the drift; the interval widens by it (Satterthwaite's
//    degrees of freedom when measured).
// Intervals: estimate +- t(1 - alpha, df) x standard error, each bound one-sided at alpha.
import { percentile } from '../metrics/stats.js';
import { quantileVariance } from './maritz-jarrett.js';
import { studentTQuantile } from './student-t.js';
import { components } from './variance-components.js';

/** One conversation's samples of a figure: turn position (1-based turn number) and value (ms). */
export interface Cluster {
  positions: number[];
  values: number[];
}

export interface ShiftEstimate {
  /** log(candidate / baseline) of the percentile, turn position aligned. */
  estimate: number;
  standardError: number;
  /** Degrees of freedom of the t interval (fractional: Satterthwaite). */
  df: number;
  /** One-sided alpha bounds (together a 1 - 2 alpha interval), on the log scale. */
  low: number;
  high: number;
  /** Variance over the variance if every turn were independent (1 = no conversation effect). */
  designEffect: number;
  /** Run-to-run variance of log latency: the noise floor squared, or measured from a history. */
  runVariance: number;
  /** The run variance was measured from a baseline history (MIN_RUNS_FOR_DRIFT runs or more). */
  runVarianceMeasured: boolean;
  /** Variance of the estimate without the run component, times 1/nB + 1/nC in conversations. */
  perConversationVariance: number;
}

/**
 * Baseline runs needed to measure run-to-run drift: two give a variance with one degree of
 * freedom, whose t quantile (31.8 at 0.99) would make every interval useless. With two, their
 * conversations are pooled and the noise floor stands for the drift.
 */
export const MIN_RUNS_FOR_DRIFT = 3;
/** Winsorizing fence in robust standard deviations (1.4826 x median absolute deviation). */
const FENCE = 3;
const FLOOR_MS = 1e-3;

interface Group {
  /** Aligned log values per conversation. */
  clusters: number[][];
  /** Turn position of each value, same shape. */
  positions: number[][];
}

function median(sorted: readonly number[]): number {
  return percentile(sorted, 50) ?? 0;
}

/** Subtracts each position's median log latency (all runs pooled) from every log latency. */
function align(groups: Cluster[][]): Group[] {
  const byPosition = new Map<number, number[]>();
  for (const group of groups)
    for (const c of group)
      c.values.forEach((v, i) => {
        const list = byPosition.get(c.positions[i]!) ?? [];
        list.push(Math.log(Math.max(v, FLOOR_MS)));
        byPosition.set(c.positions[i]!, list);
      });
  const centre = new Map([...byPosition].map(([k, list]) => [k, median(list.sort((a, b) => a - b))]));
  return groups.map((group) => ({
    clusters: group.map((c) => c.values.map((v, i) => Math.log(Math.max(v, FLOOR_MS)) - centre.get(c.positions[i]!)!)),
    positions: group.map((c) => c.positions),
  }));
}

/**
 * Least-squares position effects removed from (winsorized) aligned values: each position's
 * mean over all runs subtracted, so the ANOVA below is a two-way one (positions fixed) and its
 * residual degrees of freedom lose one per position estimated. The median alignment before it
 * keeps a 5x-slow turn from setting its position's centre; this step makes the variance exact.
 */
function centrePositions(groups: Group[]): { groups: Group[]; positions: number } {
  const totals = new Map<number, [number, number]>();
  for (const g of groups) {
    g.clusters.forEach((c, j) => {
      c.forEach((x, i) => {
        const t = totals.get(g.positions[j]![i]!) ?? [0, 0];
        t[0] += x;
        t[1] += 1;
        totals.set(g.positions[j]![i]!, t);
      });
    });
  }
  const mean = new Map([...totals].map(([k, [s, n]]) => [k, s / n]));
  return {
    groups: groups.map((g) => ({
      clusters: g.clusters.map((c, j) => c.map((x, i) => x - mean.get(g.positions[j]![i]!)!)),
      positions: g.positions,
    })),
    positions: totals.size,
  };
}

/**
 * Clips each run's aligned values to its own median +- FENCE robust standard deviations (the
 * scale pooled over runs): a rare 5x-slow turn loses its leverage, but a run that is slower as
 * a whole keeps its shift (a fence around the pooled median would clip the shift itself).
 */
function winsorize(groups: Group[]): Group[] {
  const centres = groups.map((g) => median(g.clusters.flat().sort((a, b) => a - b)));
  const deviations = groups
    .flatMap((g, k) => g.clusters.flat().map((x) => Math.abs(x - centres[k]!)))
    .sort((a, b) => a - b);
  const half = FENCE * 1.4826 * median(deviations);
  if (!(half > 0)) return groups;
  return groups.map((g, k) => ({
    clusters: g.clusters.map((c) => c.map((x) => Math.min(centres[k]! + half, Math.max(centres[k]! - half, x)))),
    positions: g.positions,
  }));
}

const sum = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0);

function groupMean(g: Group): number {
  return sum(g.clusters.map(sum)) / sum(g.clusters.map((c) => c.length));
}

/**
 * Shift estimates of the candidate against the baseline runs, for each percentile in `ps`
 * (50: typical latency; any other: that quantile), each with its one-sided level in `alphas`.
 * `baselineRuns` holds one run, or several (a baseline history): their conversations are pooled,
 * and their spread is the run component.
 * Every cluster must be non-empty, and each side needs at least one.
 */
export function shiftEstimates(
  baselineRuns: readonly Cluster[][],
  candidate: readonly Cluster[],
  ps: readonly number[],
  alphas: readonly number[],
  noiseFloor: number,
): ShiftEstimate[] {
  const runs = baselineRuns.filter((r) => r.length > 0);
  const aligned = align([...runs, candidate] as Cluster[][]);
  const centred = centrePositions(winsorize(aligned));
  const wins = centred.groups;
  const comp = components(wins, centred.positions);
  const allTurns = sum(aligned.map((g) => sum(g.clusters.map((c) => c.length))));
  // The quantiles' variance counts the turns as if no position centre had been estimated:
  // scaled up by the residual degrees of freedom the centres used (x2 at 1 conversation of 8
  // turns per run, x1.2 at 3).
  const centring = Math.max(
    1,
    (allTurns - aligned.length) / Math.max(1, allTurns - aligned.length - centred.positions + 1),
  );
  const r = runs.length;
  const turns = wins.map((g) => sum(g.clusters.map((c) => c.length)));
  const baseTurns = sum(turns.slice(0, r));
  const weight = turns.slice(0, r).map((ng) => ng / baseTurns);
  const baseVar = sum(comp.meanVariance.slice(0, r).map((v, g) => v * weight[g]! ** 2));
  const candVar = comp.meanVariance[r]!;
  const mainVar = baseVar + candVar;
  const independent =
    sum(comp.independentVariance.slice(0, r).map((v, g) => v * weight[g]! ** 2)) + comp.independentVariance[r]!;
  // Run-to-run variance: the noise floor (an unchanged server's whole-run drift on a shared
  // machine, as a standard deviation), assumed because one run cannot show it; a baseline
  // history of MIN_RUNS_FOR_DRIFT runs or more measures it instead, from the spread of its runs'
  // means beyond what their turns explain (smaller or larger than the floor).
  let measured = 0;
  const history = r >= MIN_RUNS_FOR_DRIFT;
  if (history) {
    const means = wins.slice(0, r).map(groupMean);
    const grand = sum(means) / r;
    const spread = sum(means.map((m) => (m - grand) ** 2)) / (r - 1);
    measured = Math.max(0, spread - sum(comp.meanVariance.slice(0, r)) / r);
  }
  const floor = Math.log(1 + noiseFloor) ** 2;
  const runVariance = history ? measured : floor;
  // The candidate run is one draw of the drift; the baseline's pooled runs average theirs.
  const runPart = runVariance * (1 + sum(weight.map((w) => w * w)));
  // A measured run variance carries r - 1 degrees of freedom (Satterthwaite); the floor is given.
  const df =
    history && runPart > 0 ? (mainVar + runPart) ** 2 / (mainVar ** 2 / comp.df + runPart ** 2 / (r - 1)) : comp.df;
  const designEffect = independent > 0 ? Math.max(1, mainVar / independent) : 1;
  // The P95 always carries the estimated conversation component (design effect >= 1), pooled
  // or not: the slowest conversation sets a P95 of few turns, and the pretest that buys the
  // P50 its degrees of freedom says nothing about how far one conversation moves a tail.
  const clustered =
    sum(comp.clusteredVariance.slice(0, r).map((v, g) => v * weight[g]! ** 2)) + comp.clusteredVariance[r]!;
  const tailDesignEffect = independent > 0 ? Math.max(1, clustered / independent) : 1;
  const conversations = 1 / sum(runs.map((x) => x.length)) + 1 / candidate.length;
  return ps.map((p, k) => {
    const t = studentTQuantile(1 - alphas[k]!, Math.max(1, df));
    let estimate: number;
    let variance: number;
    if (p === 50) {
      estimate = groupMean(wins[r]!) - sum(wins.slice(0, r).map((g, k) => groupMean(g) * weight[k]!));
      variance = mainVar;
    } else {
      const sorted = (gs: Group[]): number[] => gs.flatMap((g) => g.clusters.flat()).sort((x, y) => x - y);
      const b = sorted(aligned.slice(0, r));
      const c = sorted(aligned.slice(r));
      estimate = (percentile(c, p) ?? 0) - (percentile(b, p) ?? 0);
      variance = (quantileVariance(b, p / 100) + quantileVariance(c, p / 100)) * tailDesignEffect * centring;
    }
    const se = Math.sqrt(variance + runPart);
    return {
      estimate,
      standardError: se,
      df,
      low: estimate - t * se,
      high: estimate + t * se,
      designEffect,
      runVariance,
      runVarianceMeasured: history,
      perConversationVariance: variance / conversations,
    };
  });
}
