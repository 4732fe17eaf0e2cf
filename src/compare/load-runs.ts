// Baseline vs candidate for two load runs: level by level at the same load, with the eval
// comparison's machinery, plus the knee. Pure: same inputs and seed, same Comparison.
//
// Samples. results.json of a load run keeps every counted turn (conversation ids carry the
// level, "breakup#17@L3"), so each level's latency gets the same turn-position-aligned shift
// estimate as an eval run (shift.ts), and its accuracy and interruptions the same Fisher test. The
// HDR histograms alone keep neither turn positions nor conversations; a level whose turns are missing
// (a results.json trimmed by hand) falls back to a point comparison of the histograms'
// percentiles: a regression only beyond the tolerance, no interval, and the row says so.
import { ChatproofError, EXIT } from '../core/errors.js';
import type { LoadLevel, Results, Slo } from '../core/types.js';
import { judgeLevels } from '../load/judge-levels.js';
import { findKnee } from '../load/knee.js';
import { formatLoad, levelLoad, levelView, loadUnit, sameLoad } from '../load/levels.js';
import { commonScenarios, describeMethod, resolveCompareOptions } from './eval-runs.js';
import { diffFingerprints, fingerprint } from './fingerprint.js';
import { type ItlInput, type ItlPlan, itlClusters, itlFigures, itlRows, planItl } from './itl.js';
import { effectiveTolerance, latencyRows, minSamplesFor, toleranceText } from './latency-rows.js';
import { proportionRow } from './proportion-rows.js';
import {
  interruptionCounts,
  type LatencyClusters,
  latencyClusters,
  memoryCounts,
  type PositionIds,
  type RateCounts,
} from './samples.js';
import type { Cluster } from './shift.js';
import type { CompareOptions, Comparison, ComparisonRow, KneeRow, LatencyRow, RowLevel } from './types.js';

interface LevelSamples {
  level: RowLevel;
  b: LoadLevel;
  c: LoadLevel;
  /** Per-conversation latency samples in both runs, or null: point comparison. */
  clusters: { b: LatencyClusters; c: LatencyClusters } | null;
  /** Per-conversation inter-chunk gaps from turns.jsonl (empty without it, or for point levels). */
  itl: { b: Cluster[]; c: Cluster[] };
  memory: { b: RateCounts; c: RateCounts };
  interruptions: { b: RateCounts; c: RateCounts };
}

function countsOf(level: LoadLevel): { memory: RateCounts; interruptions: RateCounts } {
  const finished = level.counts.completed + level.counts.interrupted;
  return {
    memory: { hits: level.counts.memoryPassed, total: level.counts.memoryTotal, conversations: finished },
    interruptions: { hits: level.counts.interrupted, total: finished, conversations: finished },
  };
}

function samplesFor(
  baseline: Results,
  candidate: Results,
  b: LoadLevel,
  c: LoadLevel,
  level: RowLevel,
  scenarios: Set<string>,
  itl: ItlPlan | null,
  positions: PositionIds,
): LevelSamples {
  const vb = levelView(baseline, b.index);
  const vc = levelView(candidate, c.index);
  if (vb.turns.length > 0 && vc.turns.length > 0) {
    return {
      level,
      b,
      c,
      clusters: { b: latencyClusters(vb, scenarios, positions), c: latencyClusters(vc, scenarios, positions) },
      // turns.jsonl holds every counted turn of every level with its chunk times (load-run.ts
      // logs a record before level-run.ts drops its offsets), found here by conversation id.
      itl: {
        b: itlClusters(vb, scenarios, itl?.baseline ?? null, positions),
        c: itlClusters(vc, scenarios, itl?.candidate ?? null, positions),
      },
      memory: { b: memoryCounts(vb, scenarios), c: memoryCounts(vc, scenarios) },
      interruptions: { b: interruptionCounts(vb, scenarios), c: interruptionCounts(vc, scenarios) },
    };
  }
  const cb = countsOf(b);
  const cc = countsOf(c);
  return {
    level,
    b,
    c,
    clusters: null,
    itl: { b: [], c: [] },
    memory: { b: cb.memory, c: cc.memory },
    interruptions: { b: cb.interruptions, c: cc.interruptions },
  };
}

/** Figures with data in both runs: the Bonferroni denominator (point rows are not tests). */
function testedFigures(s: LevelSamples): number {
  const latency = s.clusters
    ? (s.clusters.b.ttftMs.length && s.clusters.c.ttftMs.length ? 2 : 0) +
      (s.clusters.b.e2eMs.length && s.clusters.c.e2eMs.length ? 2 : 0) +
      itlFigures(s.itl.b, s.itl.c)
    : 0;
  return (
    latency +
    (s.memory.b.total && s.memory.c.total ? 1 : 0) +
    (s.interruptions.b.total && s.interruptions.c.total ? 1 : 0)
  );
}

/** Histogram percentiles compared as numbers: no resampling unit, so no interval. */
export function pointLatencyRows(b: LoadLevel, c: LoadLevel, tolerance: number, level: RowLevel): LatencyRow[] {
  const rows: LatencyRow[] = [];
  for (const key of ['ttftMs', 'e2eMs'] as const) {
    for (const p of [50, 95] as const) {
      const db = b.figures.latency[key];
      const dc = c.figures.latency[key];
      const base = db[`p${p}`];
      const cand = dc[`p${p}`];
      const common = {
        kind: 'latency' as const,
        metric: `latency.${key}.p${p}`,
        baseline: base,
        candidate: cand,
        tolerance,
        noiseFloor: 0,
        ci: null,
        neededConversations: null,
        detectable: null,
        level,
        method: 'point' as const,
        size: {
          baseline: { conversations: b.counts.conversations, samples: db.count },
          candidate: { conversations: c.counts.conversations, samples: dc.count },
        },
      };
      if (base === null || cand === null) {
        rows.push({ ...common, change: null, verdict: 'no-data', reason: 'not measured in both runs' });
        continue;
      }
      const change = cand / Math.max(base, 1e-3) - 1;
      // Same bar as the shift rows: the tolerance, never finer than the timing resolution.
      const tol = effectiveTolerance(tolerance, base);
      const pct = `${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`;
      const note =
        'point comparison of HDR-histogram percentiles (no turn records for this level), no confidence interval';
      if (Math.min(db.count, dc.count) < minSamplesFor(p)) {
        rows.push({
          ...common,
          change,
          verdict: 'inconclusive',
          reason: `${pct}: too few samples for P${p} (${Math.min(db.count, dc.count)} turns); ${note}`,
        });
      } else if (change > tol) {
        rows.push({
          ...common,
          tolerance: tol,
          change,
          verdict: 'regression',
          reason: `${pct} slower, beyond the ${toleranceText(tolerance, tol)} tolerance; ${note}`,
        });
      } else {
        rows.push({
          ...common,
          tolerance: tol,
          change,
          verdict: 'pass',
          reason: `${pct}, within the ${toleranceText(tolerance, tol)} tolerance; ${note}`,
        });
      }
    }
  }
  // ITL is not point-compared although the level has an ITL histogram: millisecond gaps move by
  // more than the tolerance between two runs of one server (P95 of the load tests' 2 ms fixture
  // gaps: 2.6-4.6 ms over 6 runs), which only an interval can tell from a change. Said, not hidden.
  const empty = { conversations: 0, samples: 0 };
  for (const p of [50, 95]) {
    rows.push({
      kind: 'latency',
      metric: `latency.itlMs.p${p}`,
      baseline: null,
      candidate: null,
      change: null,
      ci: null,
      tolerance,
      noiseFloor: 0,
      neededConversations: null,
      detectable: null,
      level,
      size: { baseline: empty, candidate: empty },
      verdict: 'no-data',
      reason:
        'inter-token latency not compared at this level: it has no turn records in results.json, so its chunk gaps ' +
        'cannot be grouped by conversation and turn, and a point comparison would take run-to-run jitter of ' +
        'millisecond gaps for a change',
    });
  }
  return rows;
}

/**
 * The knees, both found with the same SLOs. A lower candidate knee is a regression only when
 * the candidate actually ran at the baseline's knee load with a valid harness and missed an
 * SLO there; a candidate that never tried that load (other levels, a shorter sweep) or whose
 * harness fell behind there cannot say, and the row is inconclusive.
 */
export function kneeRow(baseline: Results, candidate: Results, slos: Slo[]): KneeRow {
  const unit = loadUnit(candidate.load!.shape);
  const jb = judgeLevels(baseline, slos);
  const jc = judgeLevels(candidate, slos);
  const kneeLoad = (levels: LoadLevel[]): number | null => {
    const k = findKnee(levels, '');
    const level = levels.find((l) => l.index === k.level);
    return level ? levelLoad(level) : null;
  };
  const b = kneeLoad(jb.rejudged);
  const c = kneeLoad(jc.rejudged);
  const row = {
    kind: 'knee' as const,
    metric: 'knee' as const,
    unit,
    baseline: b,
    candidate: c,
    ci: null,
    neededConversations: null,
    change: b !== null && c !== null ? c / b - 1 : null,
  };
  const show = (x: number | null): string => (x === null ? 'none' : formatLoad(x, unit));
  if (b === null && c === null)
    return { ...row, verdict: 'no-data', reason: 'no level met every SLO with a valid harness in either run' };
  if (b === null || (c !== null && (c > b || sameLoad(c, b)))) {
    return { ...row, verdict: 'pass', reason: `candidate knee ${show(c)}, baseline ${show(b)}: not lower` };
  }
  const there = jc.levels.filter((l) => sameLoad(l.load, b));
  const pointNote = 'a point judgement from per-level SLO verdicts, not a significance test';
  if (there.length === 0) {
    return {
      ...row,
      verdict: 'inconclusive',
      reason:
        `candidate knee ${show(c)} < baseline ${show(b)}, but the candidate never ran at ${show(b)}; run the ` +
        `same levels`,
    };
  }
  if (there.every((l) => l.status === 'invalid' || l.status === 'unknown')) {
    return {
      ...row,
      verdict: 'inconclusive',
      reason:
        `candidate knee ${show(c)} < baseline ${show(b)}, but at ${show(b)} the candidate's level was not ` +
        `judged ` +
        `(${there.map((l) => (l.status === 'invalid' ? 'the harness fell behind' : 'undecided')).join(', ')})`,
    };
  }
  const lower =
    c === null
      ? 'the candidate has no level meeting every SLO'
      : `the candidate's knee ${show(c)} is below the baseline's ${show(b)}`;
  return {
    ...row,
    verdict: 'regression',
    reason: `${lower}: at ${show(b)} the candidate missed an SLO (${pointNote})`,
  };
}

function loadMethod(points: boolean): string {
  return (
    ' Load runs: levels are matched by load (users or conversations/s) and compared level by level from their own ' +
    'turns; ' +
    'the Bonferroni correction covers every figure of every compared level. Levels run by one side only are listed, ' +
    'not compared. ' +
    'The knee (largest load meeting every SLO with a valid harness) is found for both runs with the same SLOs, the ' +
    "candidate's plus --slo; " +
    "a lower candidate knee is a regression when the candidate missed an SLO at the baseline's knee load (a point " +
    'judgement, not a test).' +
    (points
      ? ' Levels without turn records are compared as points: the ratio of histogram percentiles against the ' +
        'tolerance, with no confidence interval.'
      : '')
  );
}

/**
 * Compares two load runs. `slos` are the candidate's effective SLOs (its own plus --slo).
 * `itl`: chunk times read beside each results.json; without it no ITL rows from turns (as compareResults).
 */
export function compareLoadRuns(
  baseline: Results,
  candidate: Results,
  slos: Slo[],
  options: CompareOptions = {},
  itl?: ItlInput,
): Comparison {
  const o = resolveCompareOptions(options);
  const lb = baseline.load!;
  const lc = candidate.load!;
  if (lb.shape !== lc.shape) {
    throw new ChatproofError(
      `compare: the baseline (run ${baseline.run.runId}) is a ${lb.shape}-loop load run (load in ` +
        `${loadUnit(lb.shape)}) and the candidate ` +
        `(run ${candidate.run.runId}) a ${lc.shape}-loop one (load in ${loadUnit(lc.shape)}): no level can be ` +
        `matched. Compare runs made with the same --users or --rate.`,
      EXIT.badInput,
    );
  }
  const scenarios = new Set(commonScenarios(baseline, candidate));
  const unit = loadUnit(lc.shape);
  const plan = planItl(baseline, candidate, itl);
  const pairs: LevelSamples[] = [];
  // Turn positions are shared by every level: turn 3 of a scenario is the same position anywhere.
  const positions: PositionIds = new Map();
  const candidateOnly: number[] = [];
  for (const c of [...lc.levels].sort((x, y) => levelLoad(x) - levelLoad(y))) {
    const b = lb.levels.find((l) => sameLoad(levelLoad(l), levelLoad(c)));
    if (!b || pairs.some((p) => p.b === b)) {
      candidateOnly.push(levelLoad(c));
      continue;
    }
    const level: RowLevel = {
      load: levelLoad(c),
      label: formatLoad(levelLoad(c), unit),
      baselineIndex: b.index,
      candidateIndex: c.index,
    };
    pairs.push(samplesFor(baseline, candidate, b, c, level, scenarios, plan, positions));
  }
  const baselineOnly = lb.levels
    .filter((b) => !pairs.some((p) => p.b === b))
    .map(levelLoad)
    .sort((x, y) => x - y);
  // Bonferroni over every tested figure of every level: m levels x 8 figures (6 without ITL)
  // tested at alpha each would raise a false alarm on noise far more often than alpha.
  const tested = pairs.reduce((n, s) => n + testedFigures(s), 0);
  const perFigure = { ...o, alpha: o.alpha / Math.max(1, tested) };
  const rows: ComparisonRow[] = [];
  for (const s of pairs) {
    const measured = s.clusters
      ? [
          ...latencyRows([s.clusters.b], s.clusters.c, perFigure),
          ...(plan ? itlRows(plan, [s.itl.b], s.itl.c, perFigure) : []),
        ]
      : null;
    const latency = measured
      ? measured.map((r) => ({ ...r, level: s.level, method: 'shift' as const }))
      : pointLatencyRows(s.b, s.c, o.tolerance, s.level);
    rows.push(
      ...latency,
      {
        ...proportionRow('contextAccuracy', 'lower', s.memory.b, s.memory.c, o.accuracyDelta, perFigure),
        level: s.level,
      },
      {
        ...proportionRow(
          'interruptionRate',
          'higher',
          s.interruptions.b,
          s.interruptions.c,
          o.interruptionDelta,
          perFigure,
        ),
        level: s.level,
      },
    );
  }
  rows.push(kneeRow(baseline, candidate, slos));
  const verdict = rows.some((r) => r.verdict === 'regression')
    ? 'regression'
    : rows.some((r) => r.verdict === 'inconclusive') || rows.every((r) => r.verdict === 'no-data')
      ? 'inconclusive'
      : 'pass';
  // Different level lists are expected between load runs (levels are matched by load), so the
  // fingerprint's concurrency difference is a note here, not an unfairness.
  const differences = diffFingerprints(fingerprint(baseline), fingerprint(candidate)).map((d) =>
    d.field === 'options.concurrency'
      ? {
          ...d,
          severity: 'note' as const,
          message: `load levels differ (${d.baseline} → ${d.candidate}): only levels at the same load are compared`,
        }
      : d,
  );
  return {
    verdict,
    rows,
    scenarios: [...scenarios],
    differences,
    options: o,
    figureAlpha: perFigure.alpha,
    method: describeMethod(o, tested) + loadMethod(pairs.some((p) => !p.clusters)),
    baselineRunId: baseline.run.runId,
    candidateRunId: candidate.run.runId,
    load: { shape: lc.shape, unit, compared: pairs.map((p) => p.level.load), baselineOnly, candidateOnly, slos },
    // The turns.jsonl reason concerns levels compared from their turns; point levels' ITL rows give their own.
    ...(plan?.notes.length && pairs.some((p) => p.clusters) ? { notes: plan.notes } : {}),
  };
}
