// The SLO gate on a load run: every level's SLOs judged again (the run's own plus --slo) on the
// level's stored figures, then the decisions a CI user asks for: every level (the rule of
// `chatproof load`'s exit code), the level at one load (--at-load), or the knee (--min-knee).
// Pure: same results and options, same LoadGate.
import { CliError, EXIT } from '../core/errors.js';
import { findKnee } from '../load/knee.js';
import { countGoodConversations } from '../score/goodput.js';
import { sloValue } from '../report/compare/format.js';
import type { LoadLevel, Results, Slo, SloVerdict, Summary } from '../core/types.js';
import { isGoodputSlo } from './goodput.js';
import { effectiveLoadSlos, formatLoad, levelLoad, levelView, loadUnit, sameLoad } from '../compare/run-kind.js';
import { judge, metricValue, overallVerdict } from '../metrics/slo.js';
import type { LevelJudgement, LoadGate, LoadGateCheck } from '../compare/types.js';

export interface LoadGateOptions {
  /** --at-load: gate only the levels at these loads (users or conversations/s). */
  atLoads?: number[];
  /** --min-knee: the knee must be at least this load. */
  minKnee?: number;
  /** The file, for error messages. */
  source?: string;
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
function goodputVerdicts(results: Results, level: LoadLevel, goodputSlos: Slo[], slos: Slo[], unchanged: boolean, notes: string[]): SloVerdict[] {
  if (goodputSlos.length === 0) return [];
  let perSecond: number | null = level.figures.goodput;
  let rate: number | null = level.figures.goodputRate;
  if (!unchanged) {
    const view = levelView(results, level.index);
    if (view.turns.length === 0 && level.counts.turns > 0) {
      perSecond = rate = null;
      notes.push('goodput cannot be counted again with these SLOs: the level\'s turns are not in results.json');
    } else {
      const byId = new Map<string, typeof view.turns>();
      for (const t of view.turns) byId.set(t.conversationId, [...(byId.get(t.conversationId) ?? []), t]);
      const good = countGoodConversations(view.conversations, byId, slos.filter((s) => !isGoodputSlo(s)));
      const finished = level.counts.completed + level.counts.interrupted;
      perSecond = level.durationMs > 0 ? good / (level.durationMs / 1000) : null;
      rate = finished > 0 ? good / finished : null;
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
    const plain = slos.filter((s) => !isGoodputSlo(s)).map((s) => judge(s, metricValue(level.figures as unknown as Summary, s.metric)));
    const slo = [...plain, ...goodputVerdicts(results, level, slos.filter(isGoodputSlo), slos, unchanged, notes)];
    const sloVerdict = overallVerdict(slo);
    const harnessValid = level.health.every((h) => h.valid);
    const harnessProblems = level.health.flatMap((h, i) => h.problems.map((p) => (level.health.length > 1 ? `shard ${i + 1}: ${p}` : p)));
    if (level.cut === 'interrupted') notes.push('stopped by Ctrl-C before its measurement window closed');
    if (level.cut === 'request_limit') notes.push('hit --max-requests before its window closed');
    // The harness's own delays are in an invalid level's figures: neither its passes nor its
    // failures can be trusted, so it never counts as a pass (as for the knee, load/knee.ts).
    const status = !harnessValid ? 'invalid' : sloVerdict === 'fail' ? 'fail' : level.cut === 'interrupted' ? 'unknown' : sloVerdict;
    levels.push({
      index: level.index, load: levelLoad(level), label: formatLoad(levelLoad(level), unit), slo, sloVerdict,
      harnessValid, harnessProblems, ...(level.cut ? { cut: level.cut } : {}), status, gated: false, notes,
    });
    rejudged.push({ ...level, slo, verdict: sloVerdict });
  }
  return { levels, rejudged };
}

function missed(level: LevelJudgement): string {
  const failed = level.slo.filter((v) => v.passed === false).map((v) => `${v.source} (measured ${sloValue(v.metric, v.actual)})`);
  return failed.join('; ');
}

/** Why a level is what it is, in one clause. */
export function levelReason(level: LevelJudgement): string {
  if (level.status === 'invalid') {
    return `the harness fell behind (${level.harnessProblems.join('; ')}): its figures include the harness's own delays, so it never counts as a pass` +
      (level.sloVerdict === 'fail' ? ` (SLOs missed as measured: ${missed(level)})` : '');
  }
  if (level.status === 'fail') return `missed ${missed(level)}`;
  if (level.status === 'unknown') {
    const unmeasured = level.slo.filter((v) => v.passed === null).map((v) => v.source);
    return [...(unmeasured.length ? [`could not measure ${unmeasured.join(', ')}`] : []), ...level.notes].join('; ') || 'undecided';
  }
  return 'every SLO met';
}

const RANK = { pass: 0, unknown: 1, invalid: 2, fail: 3 } as const;
type Outcome = LoadGateCheck['outcome'];

function worst(outcomes: Outcome[]): Outcome {
  return outcomes.reduce<Outcome>((w, o) => (RANK[o] > RANK[w] ? o : w), 'pass');
}

export function judgeLoadRun(results: Results, extra: Slo[], options: LoadGateOptions = {}): LoadGate {
  const load = results.load!;
  const unit = loadUnit(load.shape);
  const slos = effectiveLoadSlos(results, extra);
  const { levels, rejudged } = judgeLevels(results, slos);
  const kneeOf = findKnee(rejudged, '');
  const kneeLevel = levels.find((l) => l.index === kneeOf.level);
  const knee = { index: kneeOf.level, load: kneeLevel?.load ?? null, label: kneeLevel?.label ?? null };
  const sweep = results.run.options?.sweep === true;
  const checks: LoadGateCheck[] = [];
  const available = (): string => `levels available: ${levels.map((l) => l.label).join(', ') || 'none'}`;

  for (const wanted of options.atLoads ?? []) {
    const at = levels.filter((l) => sameLoad(l.load, wanted));
    if (at.length === 0) {
      throw new CliError(`--at-load ${wanted}: ${options.source ?? 'the run'} has no level at ${formatLoad(wanted, unit)} (${load.shape} loop); ${available()}.`, EXIT.badInput);
    }
    for (const l of at) l.gated = true;
    const outcome = worst(at.map((l) => l.status));
    checks.push({
      kind: 'at-load', name: `at ${formatLoad(wanted, unit)}`, outcome,
      message: at.map((l) => `level ${l.index} (${l.label}): ${levelReason(l)}`).join('; '),
    });
  }
  if (options.minKnee !== undefined) {
    const n = options.minKnee;
    const name = `knee >= ${formatLoad(n, unit)}`;
    if (knee.load !== null && (knee.load >= n || sameLoad(knee.load, n))) {
      checks.push({ kind: 'min-knee', name, outcome: 'pass', message: `knee at ${knee.label} (level ${knee.index}), at least ${formatLoad(n, unit)}` });
    } else {
      const now = knee.load === null ? 'no level met every SLO with a valid harness' : `the knee is ${knee.label} (level ${knee.index}), below ${formatLoad(n, unit)}`;
      // A level at or above N that met its SLOs but whose harness fell behind: the knee may be
      // high enough, the measurement cannot tell. Inconclusive, not a fail.
      const blocked = levels.filter((l) => l.load >= n && l.status === 'invalid' && l.sloVerdict === 'pass');
      checks.push(blocked.length > 0
        ? { kind: 'min-knee', name, outcome: 'invalid', message: `${now}; level ${blocked.map((l) => `${l.index} (${l.label})`).join(', ')} met every SLO but the harness fell behind, so it cannot count` }
        : { kind: 'min-knee', name, outcome: 'fail', message: now });
    }
  }
  if (!options.atLoads?.length && options.minKnee === undefined) {
    if (levels.length === 0) {
      checks.push({ kind: 'every-level', name: 'every level', outcome: 'unknown', message: 'this load run has no levels (a --raw run): nothing to gate' });
    } else if (sweep) {
      // A sweep stops at the first level that breaks, so its last level always fails: like
      // `chatproof load --sweep`, it passes when it found a knee.
      const blocked = levels.filter((l) => l.status === 'invalid' && l.sloVerdict === 'pass');
      checks.push(knee.load !== null
        ? { kind: 'sweep-knee', name: 'sweep found a knee', outcome: 'pass', message: `knee at ${knee.label} (level ${knee.index})` }
        : { kind: 'sweep-knee', name: 'sweep found a knee', outcome: blocked.length ? 'invalid' : 'fail', message: `no level met every SLO with a valid harness (${levels.map((l) => `${l.label}: ${levelReason(l)}`).join('; ')})` });
    } else {
      for (const l of levels) l.gated = true;
      const outcome = worst(levels.map((l) => l.status));
      const bad = levels.filter((l) => l.status !== 'pass');
      checks.push({
        kind: 'every-level', name: 'every level meets its SLOs', outcome,
        message: bad.length === 0 ? `all ${levels.length} levels met every SLO` : bad.map((l) => `level ${l.index} (${l.label}): ${levelReason(l)}`).join('; '),
      });
    }
  }
  return { shape: load.shape, unit, sweep, slos, levels, knee, checks, verdict: worst(checks.map((c) => c.outcome)) };
}
