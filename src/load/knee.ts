// The knee: the largest load level that met every SLO while the harness kept up. Pure.
// A refined sweep runs levels out of load order (1, 2, 4, 8, 6, 5), so everything that ranks or
// displays levels by load goes through levelLoad / byLoad, never through the run order.
import type { LoadKnee, LoadLevel } from '../core/types.js';

export function levelLoad(level: Pick<LoadLevel, 'users' | 'ratePerSecond'>): number {
  return level.users ?? level.ratePerSecond ?? 0;
}

/** Levels sorted by load, ascending; equal loads keep their run order (a stable sort). */
export function byLoad<T extends Pick<LoadLevel, 'users' | 'ratePerSecond'>>(levels: readonly T[]): T[] {
  return [...levels].sort((a, b) => levelLoad(a) - levelLoad(b));
}

export function passes(level: LoadLevel): boolean {
  return level.verdict === 'pass' && level.health.every((h) => h.valid) && level.cut !== 'interrupted';
}

export function findKnee(levels: readonly LoadLevel[], reason: string): LoadKnee {
  const best = levels.filter(passes).sort((a, b) => levelLoad(b) - levelLoad(a))[0];
  if (!best) return { level: null, reason };
  return {
    level: best.index,
    ...(best.users !== undefined ? { users: best.users } : {}),
    ...(best.ratePerSecond !== undefined ? { ratePerSecond: best.ratePerSecond } : {}),
    reason,
  };
}
