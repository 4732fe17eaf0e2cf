// Which level runs next. A fixed list (--users 1,8,32 / --rate 2,4) runs as given; a sweep
// doubles the load from its start until a level breaks an SLO (or the harness falls behind),
// then stops: the knee is the last level that held.
import type { LoadLevel } from '../types.js';
import { passes } from './knee.js';

export interface LevelLoad {
  users?: number;
  ratePerSecond?: number;
}

export interface LevelPlanner {
  /** The next level's load, or why the plan is over. */
  next(done: readonly LoadLevel[]): LevelLoad | { stop: string };
}

export function fixedPlan(loads: readonly LevelLoad[]): LevelPlanner {
  return {
    next: (done) => (done.length < loads.length ? loads[done.length]! : { stop: 'every requested level ran' }),
  };
}

export interface SweepOptions {
  start: number;
  /** Highest load tried (users or conversations/s). */
  max: number;
  factor?: number;
  kind: 'users' | 'rate';
}

export function sweepPlan(options: SweepOptions): LevelPlanner {
  const factor = options.factor ?? 2;
  const wrap = (n: number): LevelLoad => (options.kind === 'users' ? { users: n } : { ratePerSecond: n });
  return {
    next(done) {
      const last = done[done.length - 1];
      if (!last) return wrap(options.start);
      if (!passes(last)) {
        const why = last.health.some((h) => !h.valid) ? 'the harness fell behind' : 'an SLO broke';
        return { stop: `${why} at level ${last.index}` };
      }
      const current = options.kind === 'users' ? last.users! : last.ratePerSecond!;
      const next = options.kind === 'users' ? Math.ceil(current * factor) : current * factor;
      if (current >= options.max) return { stop: `every level up to the sweep's maximum (${options.max}) met all SLOs` };
      return wrap(Math.min(next, options.max));
    },
  };
}
