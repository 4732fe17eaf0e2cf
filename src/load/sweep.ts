// Which level runs next. A fixed list (--users 1,8,32 / --rate 2,4) runs as given. A sweep
// doubles the load from its start until a level breaks an SLO (or the harness falls behind);
// doubling alone can leave the knee up to 2x below the real capacity, so it then bisects
// between the last passing and the first failing load for at most `refine` more levels.
// The planner is pure: it derives everything from the levels run so far (no hidden state), so
// what it decides can be checked against results.json alone.
import type { LoadLevel } from '../core/types.js';
import { byLoad, levelLoad, passes } from './knee.js';
import { formatRate, loadLabel } from './levels.js';

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
  /** Bisection levels after the first failing level (default 2; 0: doubling only). */
  refine?: number;
}

export const DEFAULT_SWEEP_REFINE = 2;
/** Open loop: refinement stops once the gap is below this share of the passing rate. */
export const RATE_GAP_SHARE = 0.05;

/** `x` rounded to `digits` significant digits (2.4449 -> 2.4), without float noise (0.30000000000000004). */
export function roundSignificant(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/**
 * The bisection point strictly between lo and hi: whole users, or a rate with 2 significant
 * digits (more only when 2 would land on lo or hi); null when no such point is worth a level.
 */
export function midpoint(kind: SweepOptions['kind'], lo: number, hi: number): number | null {
  if (kind === 'users') return hi - lo >= 2 ? Math.floor((lo + hi) / 2) : null;
  if (hi - lo < RATE_GAP_SHARE * lo) return null;
  for (let digits = 2; digits <= 6; digits++) {
    const mid = roundSignificant((lo + hi) / 2, digits);
    if (mid > lo && mid < hi) return mid;
  }
  return null;
}

function doublingLoads(options: SweepOptions): number[] {
  const factor = options.factor ?? 2;
  const loads = [options.start];
  for (let n = options.start; n < options.max; ) {
    // Whole users; rates keep their float product, rounded only to drop float noise.
    n = Math.min(options.kind === 'users' ? Math.ceil(n * factor) : roundSignificant(n * factor, 12), options.max);
    loads.push(n);
  }
  return loads;
}

/** The most levels a sweep can run: its doubling steps up to --sweep-max, plus the refinement. */
export function sweepBudget(options: SweepOptions): { doubling: number; refine: number; levels: number } {
  const doubling = doublingLoads(options).length;
  const refine = options.refine ?? DEFAULT_SWEEP_REFINE;
  return { doubling, refine, levels: doubling + refine };
}

/** One line saying how long and how many requests a sweep can take at most, refinement included. */
export function describeSweepBudget(
  options: SweepOptions,
  level: { warmupMs: number; durationMs: number; drainMs: number; maxRequests: number },
): string {
  const b = sweepBudget(options);
  const perLevelS = (level.warmupMs + level.durationMs + level.drainMs) / 1000;
  const totalMin = (b.levels * perLevelS) / 60;
  return (
    `sweep: at most ${b.levels} levels (${b.doubling} doubling up to ${label(options.kind, options.max)} + ` +
    `${b.refine} refinement), ` +
    `each at most ${perLevelS}s (warmup + duration + drain) and ${level.maxRequests} requests: ` +
    `at most ${Number(totalMin.toFixed(1))} min and ${b.levels * level.maxRequests} requests in all`
  );
}

const invalid = (level: LoadLevel): boolean => level.health.some((h) => !h.valid);

function cause(level: LoadLevel): string {
  return invalid(level) ? 'the harness fell behind' : 'an SLO broke';
}

function number(kind: SweepOptions['kind'], n: number): string {
  return kind === 'users' ? String(n) : formatRate(n);
}

function label(kind: SweepOptions['kind'], n: number): string {
  return loadLabel(kind === 'users' ? { users: n } : { ratePerSecond: n });
}

export function sweepPlan(options: SweepOptions): LevelPlanner {
  const factor = options.factor ?? 2;
  const refine = options.refine ?? DEFAULT_SWEEP_REFINE;
  const wrap = (n: number): LevelLoad => (options.kind === 'users' ? { users: n } : { ratePerSecond: n });
  const at = (level: LoadLevel): string => `at level ${level.index} (${loadLabel(level)})`;
  return {
    next(done) {
      const last = done[done.length - 1];
      if (!last) return wrap(options.start);
      const firstFail = done.findIndex((l) => !passes(l));
      if (firstFail < 0) {
        const current = levelLoad(last);
        if (current >= options.max)
          return { stop: `every level up to the sweep's maximum (${options.max}) met all SLOs` };
        const next = options.kind === 'users' ? Math.ceil(current * factor) : roundSignificant(current * factor, 12);
        return wrap(Math.min(next, options.max));
      }
      const broke = done[firstFail]!;
      const head = `${cause(broke)} ${at(broke)}`;
      // Every refinement level lies strictly between lo and hi, so its result moves one of
      // them: lo is the largest passing load, hi the smallest failing (or invalid) one above it.
      const passing = done.filter(passes);
      if (passing.length === 0) return { stop: `${head}; no level passed, so there is nothing to refine` };
      const lo = Math.max(...passing.map(levelLoad));
      const above = done.filter((l) => !passes(l) && levelLoad(l) > lo).sort((a, b) => levelLoad(a) - levelLoad(b));
      const ceiling = above[0]!;
      const hi = levelLoad(ceiling);
      const refined = done.length - 1 - firstFail;
      const knee = `knee ${label(options.kind, lo)}`;
      // The harness, not the server, ran out at an invalid level: no load above the lowest one is
      // tried (it bounds the bisection like a failure), and the reason says so.
      const behind = byLoad(done.filter(invalid))[0];
      const limit = 'the harness, not the server, was the limit there';
      const harness = !behind
        ? ''
        : behind === broke
          ? `; no load above ${loadLabel(behind)} was tried (${limit})`
          : `; the harness fell behind at ${loadLabel(behind)}, so no load above it was tried (${limit})`;
      const upper = invalid(ceiling) ? '' : `, fails at ${label(options.kind, hi)}`;
      if (refine === 0) return { stop: `${head}; not refined (--sweep-refine 0): ${knee}${harness}` };
      const gap = options.kind === 'users' ? 'gap down to 1 user' : `gap under ${RATE_GAP_SHARE * 100}% of the load`;
      const mid = midpoint(options.kind, lo, hi);
      if (mid === null && refined === 0) return { stop: `${head}; nothing to refine (${gap}): ${knee}${harness}` };
      // The doubling step that broke; lo when a caller hands in levels no sweep would have run.
      const from = firstFail > 0 ? levelLoad(done[firstFail - 1]!) : lo;
      const span = `refined between ${number(options.kind, from)} and ${label(options.kind, levelLoad(broke))}`;
      const summary = (why: string): { stop: string } => ({
        stop:
          `${head}; ${span} in ${refined} more level${refined === 1 ? '' : 's'} (${why}): ` +
          `${knee}${upper}${harness}`,
      });
      if (mid === null) return summary(gap);
      if (refined >= refine) return summary(`the --sweep-refine limit of ${refine}`);
      return wrap(mid);
    },
  };
}
