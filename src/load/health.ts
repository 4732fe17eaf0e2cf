// Is the harness keeping up? A load generator that falls behind measures itself: its event
// loop delays every timestamp, its timers start requests late, a saturated core queues work.
// All three are sampled during each level and shown in every report; past the limits below
// the level is marked invalid (its latency includes the harness's own delays).
import { type IntervalHistogram, monitorEventLoopDelay } from 'node:perf_hooks';
import type { HarnessHealth } from '../core/types.js';
import { createHistogram, type Histogram, histogramDistribution, recordMs } from '../metrics/histogram.js';

export interface HarnessLimits {
  /**
   * P99 event-loop delay, and P99 lateness of scheduled starts (arrivals, think-time ends), above
   * which the level is invalid: timestamps taken on this loop are late by as much.
   */
  maxLagMs: number;
  /** One JavaScript thread does the work: near one busy core it can no longer keep up. */
  maxCpuCores: number;
}

export const DEFAULT_HARNESS_LIMITS: HarnessLimits = { maxLagMs: 50, maxCpuCores: 0.95 };

const LOOP_RESOLUTION_MS = 10;

export interface HealthSampler {
  noteScheduleLagMs(lateMs: number): void;
  stop(): HarnessHealth;
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
    stop() {
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
  const { maxLagMs, maxCpuCores } = limits;
  if ((h.eventLoopLagMs.p99 ?? 0) > maxLagMs) {
    problems.push(`event-loop delay P99 ${h.eventLoopLagMs.p99!.toFixed(1)} ms > ${maxLagMs} ms`);
  }
  if ((h.scheduleLagMs.p99 ?? 0) > maxLagMs) {
    problems.push(`send-schedule lag P99 ${h.scheduleLagMs.p99!.toFixed(1)} ms > ${maxLagMs} ms`);
  }
  if (h.cpuCores > maxCpuCores) {
    problems.push(`harness CPU ${(h.cpuCores * 100).toFixed(0)}% of a core > ${(maxCpuCores * 100).toFixed(0)}%`);
  }
  return { ...h, valid: problems.length === 0, problems };
}
