// A load run's levels judged by a set of SLOs (the run's own, or with --slo added): each level's
// stored figures against them, goodput counted again from the level's turns when the SLOs
// changed, and whether the harness kept up. Shared by the load gate and the load comparison. Pure.
import type { LoadLevel, Results, Slo, SloVerdict } from '../core/types.js';
import { judge, metricValue, overallVerdict } from '../metrics/slo.js';
import { goodputFigures, isGoodputSlo } from '../score/goodput.js';
import { finishedShortfall } from './figures.js';
import { formatLoad, levelLoad, levelView, loadUnit } from './levels.js';

/** What the gate makes of one level: its SLO verdict re-evaluated, and whether it counts. */
export type LevelStatus = 'pass' | 'fail' | 'unknown' | 'invalid';

export interface LevelJudgement {
  index: number;
  /** Users or conversations per second. */
  load: number;
  label: string;
  slo: SloVerdict[];
  /** From the SLOs alone, as `chatproof load` computes it. */
  sloVerdict: 'pass' | 'fail' | 'unknown';
  harnessValid: boolean;
  harnessProblems: string[];
  cut?: 'interrupted' | 'request_limit';
  /**
   * pass: every SLO met with a valid harness; invalid: the harness fell behind, so whatever the
   * SLOs say the level can never pass; fail: an SLO missed; unknown: an SLO could not be measured
   * (or the level was cut short by Ctrl-C).
   */
  status: LevelStatus;
  /** True when this level decides the gate (every level, or those named by --at-load). */
  gated: boolean;
  notes: string[];
  /** Too few finished conversations (or no answer at all) to judge it: never a pass (load/figures.ts). */
  tooFewFinished?: boolean;
}

function sameSlos(a: readonly Slo[], b: readonly Slo[]): boolean {
  const key = (s: Slo): string => `${s.metric} ${s.op} ${s.threshold}`;
  const keys = new Set(a.map(key));
  return a.length === b.length && b.every((s) => keys.has(key(s)));
}

/**
 * Goodput SLOs of a level. The stored goodput counts conversations that met the SLOs given at
 * load time; with other SLOs it is counted again from the level's turns (the same rule,
 * score/goodput.ts). Without turns it cannot be, and the verdict says "unknown", not a guess.
 */
function goodputVerdicts(
  results: Results,
  level: LoadLevel,
  goodputSlos: Slo[],
  slos: Slo[],
  unchanged: boolean,
  notes: string[],
): SloVerdict[] {
  if (goodputSlos.length === 0) return [];
  let perSecond: number | null = level.figures.goodput;
  let rate: number | null = level.figures.goodputRate;
  if (!unchanged) {
    const view = levelView(results, level.index);
    if (view.turns.length === 0 && level.counts.turns > 0) {
      perSecond = rate = null;
      notes.push("goodput cannot be counted again with these SLOs: the level's turns are not in results.json");
    } else {
      const figures = goodputFigures(view.conversations, view.turns, slos, level.durationMs);
      perSecond = figures.perSecond;
      rate = figures.rate;
    }
  }
  return goodputSlos.map((s) => judge(s, s.metric === 'goodput' ? perSecond : rate));
}

/** Every level judged by `slos`; `rejudged` are the levels with those verdicts (for the knee). */
export function judgeLevels(results: Results, slos: Slo[]): { levels: LevelJudgement[]; rejudged: LoadLevel[] } {
  const load = results.load;
  if (!load) return { levels: [], rejudged: [] };
  const unchanged = sameSlos(slos, load.slos);
  const unit = loadUnit(load.shape);
  const levels: LevelJudgement[] = [];
  const rejudged: LoadLevel[] = [];
  for (const level of load.levels) {
    const notes: string[] = [];
    const plain = slos.filter((s) => !isGoodputSlo(s)).map((s) => judge(s, metricValue(level.figures, s.metric)));
    const slo = [...plain, ...goodputVerdicts(results, level, slos.filter(isGoodputSlo), slos, unchanged, notes)];
    const sloVerdict = overallVerdict(slo);
    const harnessValid = level.health.every((h) => h.valid);
    const harnessProblems = level.health.flatMap((h, i) =>
      h.problems.map((p) => (level.health.length > 1 ? `shard ${i + 1}: ${p}` : p)),
    );
    if (level.cut === 'interrupted') notes.push('stopped by Ctrl-C before its measurement window closed');
    if (level.cut === 'request_limit') notes.push('hit --max-requests before its window closed');
    const shortfall = finishedShortfall(level);
    if (shortfall) notes.push(shortfall);
    // The harness's own delays are in an invalid level's figures: neither its passes nor its
    // failures can be trusted, so it never counts as a pass (as for the knee, load/knee.ts).
    const status = !harnessValid
      ? 'invalid'
      : sloVerdict === 'fail'
        ? 'fail'
        : level.cut === 'interrupted' || shortfall
          ? 'unknown'
          : sloVerdict;
    levels.push({
      index: level.index,
      load: levelLoad(level),
      label: formatLoad(levelLoad(level), unit),
      slo,
      sloVerdict,
      harnessValid,
      harnessProblems,
      ...(level.cut ? { cut: level.cut } : {}),
      status,
      gated: false,
      notes,
      ...(shortfall ? { tooFewFinished: true } : {}),
    });
    rejudged.push({ ...level, slo, verdict: sloVerdict });
  }
  return { levels, rejudged };
}
