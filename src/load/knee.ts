// The knee: the largest load level that met every SLO while the harness kept up. Pure.
import type { LoadKnee, LoadLevel } from '../types.js';

function load(level: LoadLevel): number {
  return level.users ?? level.ratePerSecond ?? 0;
}

export function passes(level: LoadLevel): boolean {
  return level.verdict === 'pass' && level.health.every((h) => h.valid) && level.cut !== 'interrupted';
}

export function findKnee(levels: readonly LoadLevel[], reason: string): LoadKnee {
  const passing = levels.filter(passes).sort((a, b) => load(b) - load(a));
  const best = passing[0];
  if (!best) return { level: null, reason };
  return {
    level: best.index,
    ...(best.users !== undefined ? { users: best.users } : {}),
    ...(best.ratePerSecond !== undefined ? { ratePerSecond: best.ratePerSecond } : {}),
    reason,
  };
}
