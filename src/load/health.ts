// Is the harness keeping up? A load generator that falls behind measures itself: its event
// loop delays timestamps, its timers start requests late, a saturated core queues work. Each
// level counts the turns whose timestamps were taken through an event-loop stall (the client
// bounds that per turn: timing.stallMs), how late scheduled sends started, and the harness's
// CPU; past the limits below the level is marked invalid (its latency includes the harness's
// own delays). The event-loop delay percentiles are shown too, but a percentile cannot say which
// turns a stall spoiled: one 145 ms stall that delays 1.2% of first tokens leaves the P99 of
// loop delay at a harmless-looking value, so the verdict counts the turns themselves.
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { HarnessHealth, TurnRecord } from '../core/types.js';
import { createHistogram, type Histogram, histogramDistribution, recordMs } from '../metrics/histogram.js';

export interface HarnessLimits {
  /** P99 lateness of scheduled starts (arrivals, think-time ends) above which the level is invalid. */
  maxLagMs: number;
  /** A turn whose timestamps were taken through a stall longer than this is "timing suspect". */
  maxStallMs: number;
  /** Share of a level's turns that may be timing suspect before the level is invalid. */
  maxSuspectShare: number;
  /** One JavaScript thread does the work: near one busy core it can no longer keep up. */
  maxCpuCores: number;
}

export const DEFAULT_HARNESS_LIMITS: HarnessLimits = {
  maxLagMs: 50,
  maxStallMs: 10,
  maxSuspectShare: 0.01,
  maxCpuCores: 0.95,
};

/** Turns timed through a stall longer than `maxStallMs`, and the worst stall of all. */
export function countSuspectTurns(records: readonly TurnRecord[], maxStallMs: number): HarnessHealth['timingSuspect'] {
  let turns = 0;
  let worst: number | null = null;
  for (const r of records) {
    const stall = r.timing.stallMs;
    if (stall === undefined) continue;
    if (worst === null || stall > worst) worst = stall;
    if (stall > maxStallMs) turns++;
  }
  return { turns, of: records.length, worstStallMs: worst, limitMs: maxStallMs };
}

const LOOP_RESOLUTION_MS = 10;

export interface HealthSampler {
  noteScheduleLagMs(lateMs: number): void;
  /** Ends the level: `records` are the turns it counted (their stalls are judged). */
  stop(records: readonly TurnRecord[]): HarnessHealth;
}

export function startHealthSampler(limits: HarnessLimits = DEFAULT_HARNESS_LIMITS): HealthSampler {
  // 10 ms sampling: fine enough to see stalls that matter at the limits above, cheap to run.
  const loop: IntervalHistogram = monitorEventLoopDelay({ resolution: LOOP_RESOLUTION_MS });
  loop.enable();
  const cpuStart = process.cpuUsage();
  const wallStart = performance.now();
  const schedule: Histogram = createHistogram();
  return {
    noteScheduleLagMs(lateMs) {
      recordMs(schedule, lateMs);
    },
    stop(records) {
      loop.disable();
      const cpu = process.cpuUsage(cpuStart);
      const wallMs = performance.now() - wallStart;
      const cpuCores = wallMs > 0 ? (cpu.user + cpu.system) / 1000 / wallMs : 0;
      // Node records each sampling interval whole (10 ms when idle): the lag is what exceeds it.
      const ns = (v: number): number | null =>
        loop.count > 0 && Number.isFinite(v) ? Math.max(0, v / 1e6 - LOOP_RESOLUTION_MS) : null;
      const lag = histogramDistribution(schedule);
      return judgeHealth(
        {
          eventLoopLagMs: { p50: ns(loop.percentile(50)), p99: ns(loop.percentile(99)), max: ns(loop.max) },
          scheduleLagMs: { count: lag.count, p50: lag.p50, p99: lag.p99, max: lag.max },
          timingSuspect: countSuspectTurns(records, limits.maxStallMs),
          cpuCores,
        },
        limits,
      );
    },
  };
}

/** Applies the limits: pure, so reports and tests judge the same way. */
export function judgeHealth(
  h: Omit<HarnessHealth, 'valid' | 'problems'>,
  limits: HarnessLimits = DEFAULT_HARNESS_LIMITS,
): HarnessHealth {
  const problems: string[] = [];
  const { maxLagMs, maxCpuCores, maxSuspectShare } = limits;
  const suspect = h.timingSuspect;
  if (suspect && suspect.of > 0 && suspect.turns / suspect.of > maxSuspectShare) {
    problems.push(
      `${suspect.turns} of ${suspect.of} turns (${((suspect.turns / suspect.of) * 100).toFixed(1)}%) timed ` +
        `through an event-loop stall over ${suspect.limitMs} ms (worst ${suspect.worstStallMs!.toFixed(0)} ms), ` +
        `more than ${(maxSuspectShare * 100).toFixed(1)}%`,
    );
  }
  if ((h.scheduleLagMs.p99 ?? 0) > maxLagMs) {
    problems.push(`send-schedule lag P99 ${h.scheduleLagMs.p99!.toFixed(1)} ms > ${maxLagMs} ms`);
  }
  if (h.cpuCores > maxCpuCores) {
    problems.push(`harness CPU ${(h.cpuCores * 100).toFixed(0)}% of a core > ${(maxCpuCores * 100).toFixed(0)}%`);
  }
  return { ...h, valid: problems.length === 0, problems };
}
