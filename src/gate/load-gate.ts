// The SLO gate on a load run: every level's SLOs judged again (the run's own plus --slo) on the
// level's stored figures, then the decisions a CI user asks for: every level (the rule of
// `chatproof load`'s exit code), the level at one load (--at-load), or the knee (--min-knee).
// Pure: same results and options, same LoadGate.

import { ChatproofError, EXIT } from '../core/errors.js';
import type { Results, Slo } from '../core/types.js';
import type { LevelJudgement } from '../load/judge-levels.js';
import { judgeLevels } from '../load/judge-levels.js';
import { findKnee } from '../load/knee.js';
import { effectiveLoadSlos, formatLoad, loadUnit, sameLoad } from '../load/levels.js';
import { formatFigure } from '../metrics/format.js';
import type { LoadGate, LoadGateCheck } from './types.js';

export interface LoadGateOptions {
  /** --at-load: gate only the levels at these loads (users or conversations/s). */
  atLoads?: number[];
  /** --min-knee: the knee must be at least this load. */
  minKnee?: number;
  /** The file, for error messages. */
  source?: string;
}

function missed(level: LevelJudgement): string {
  const failed = level.slo
    .filter((v) => v.passed === false)
    .map((v) => `${v.source} (measured ${formatFigure(v.metric, v.actual)})`);
  return failed.join('; ');
}

/** Why a level is what it is, in one clause. */
export function levelReason(level: LevelJudgement): string {
  if (level.status === 'invalid') {
    return (
      `the harness fell behind (${level.harnessProblems.join('; ')}): its figures include the harness's own delays, ` +
      `so it never counts as a pass` +
      (level.sloVerdict === 'fail' ? ` (SLOs missed as measured: ${missed(level)})` : '')
    );
  }
  if (level.status === 'fail') return `missed ${missed(level)}`;
  if (level.status === 'unknown') {
    const unmeasured = level.slo.filter((v) => v.passed === null).map((v) => v.source);
    return (
      [...(unmeasured.length ? [`could not measure ${unmeasured.join(', ')}`] : []), ...level.notes].join('; ') ||
      'undecided'
    );
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
      throw new ChatproofError(
        `--at-load ${wanted}: ${options.source ?? 'the run'} has no level at ${formatLoad(wanted, unit)} ` +
          `(${load.shape} loop); ${available()}.`,
        EXIT.badInput,
      );
    }
    for (const l of at) l.gated = true;
    const outcome = worst(at.map((l) => l.status));
    checks.push({
      kind: 'at-load',
      name: `at ${formatLoad(wanted, unit)}`,
      outcome,
      message: at.map((l) => `level ${l.index} (${l.label}): ${levelReason(l)}`).join('; '),
    });
  }
  if (options.minKnee !== undefined) {
    const n = options.minKnee;
    const name = `knee >= ${formatLoad(n, unit)}`;
    if (knee.load !== null && (knee.load >= n || sameLoad(knee.load, n))) {
      checks.push({
        kind: 'min-knee',
        name,
        outcome: 'pass',
        message: `knee at ${knee.label} (level ${knee.index}), at least ${formatLoad(n, unit)}`,
      });
    } else {
      const now =
        knee.load === null
          ? 'no level met every SLO with a valid harness'
          : `the knee is ${knee.label} (level ${knee.index}), below ${formatLoad(n, unit)}`;
      // A level at or above N that met its SLOs but whose harness fell behind: the knee may be
      // high enough, the measurement cannot tell. Inconclusive, not a fail.
      const blocked = levels.filter((l) => l.load >= n && l.status === 'invalid' && l.sloVerdict === 'pass');
      checks.push(
        blocked.length > 0
          ? {
              kind: 'min-knee',
              name,
              outcome: 'invalid',
              message:
                `${now}; level ${blocked.map((l) => `${l.index} (${l.label})`).join(', ')} met every SLO but ` +
                `the harness fell behind, so it cannot count`,
            }
          : { kind: 'min-knee', name, outcome: 'fail', message: now },
      );
    }
  }
  if (!options.atLoads?.length && options.minKnee === undefined) {
    if (levels.length === 0) {
      checks.push({
        kind: 'every-level',
        name: 'every level',
        outcome: 'unknown',
        message: 'this load run has no levels (a --raw run): nothing to gate',
      });
    } else if (sweep) {
      // A sweep stops at the first level that breaks, so its last level always fails: like
      // `chatproof load --sweep`, it passes when it found a knee.
      const blocked = levels.filter((l) => l.status === 'invalid' && l.sloVerdict === 'pass');
      checks.push(
        knee.load !== null
          ? {
              kind: 'sweep-knee',
              name: 'sweep found a knee',
              outcome: 'pass',
              message: `knee at ${knee.label} (level ${knee.index})`,
            }
          : {
              kind: 'sweep-knee',
              name: 'sweep found a knee',
              outcome: blocked.length ? 'invalid' : 'fail',
              message:
                `no level met every SLO with a valid harness ` +
                `(${levels.map((l) => `${l.label}: ${levelReason(l)}`).join('; ')})`,
            },
      );
    } else {
      for (const l of levels) l.gated = true;
      const outcome = worst(levels.map((l) => l.status));
      const bad = levels.filter((l) => l.status !== 'pass');
      checks.push({
        kind: 'every-level',
        name: 'every level meets its SLOs',
        outcome,
        message:
          bad.length === 0
            ? `all ${levels.length} levels met every SLO`
            : bad.map((l) => `level ${l.index} (${l.label}): ${levelReason(l)}`).join('; '),
      });
    }
  }
  return { shape: load.shape, unit, sweep, slos, levels, knee, checks, verdict: worst(checks.map((c) => c.outcome)) };
}
