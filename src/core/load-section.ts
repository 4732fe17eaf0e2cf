// The load section of results.json (chatproof load): per-level counts, mergeable HDR histograms,
// figures, harness health, the knee of a sweep, and raw capacity.
import type { Distribution, Proportion, SloVerdict, Verdict } from './figures.js';
import type { FailureCause, Slo } from './records.js';

/** An HDR histogram (HdrHistogram's compressed base64 encoding) of values in microseconds. */
export interface SerializedHistogram {
  unit: 'us';
  count: number;
  encoded: string;
}

export type LoadMetricName = 'ttftMs' | 'e2eMs' | 'itlMs' | 'tpotMs' | 'queuedMs' | 'e2eFromIntendedMs';

/** Sums and counts of one load level: everything here adds up exactly across shards. */
export interface LoadLevelCounts {
  conversations: number;
  completed: number;
  interrupted: number;
  incomplete: number;
  /** Completed conversations that met every SLO (goodput's numerator). */
  goodConversations: number;
  turns: number;
  turnsOk: number;
  outputTokens: number;
  memoryPassed: number;
  memoryTotal: number;
  /** Open loop: arrivals never started before the level's deadline. */
  droppedArrivals: number;
  interruptionsByCause: Partial<Record<FailureCause, number>>;
}

export interface LoadTimePoint {
  /** Whole seconds since the measurement window opened (by send time). */
  second: number;
  sent: number;
  ok: number;
  failed: number;
  outputTokens: number;
  /** Sums over ok turns of that second, so points merge exactly; divide by `ok` for a mean. */
  ttftSumMs: number;
  e2eSumMs: number;
}

export interface LoadDepthRow {
  turn: number;
  ttftMs: SerializedHistogram;
  e2eMs: SerializedHistogram;
}

export interface HarnessHealth {
  /** Event-loop delay while the level ran (perf_hooks.monitorEventLoopDelay). */
  eventLoopLagMs: { p50: number | null; p99: number | null; max: number | null };
  /** How late the harness started work it had scheduled (arrival timers, think-time ends). */
  scheduleLagMs: { count: number; p50: number | null; p99: number | null; max: number | null };
  /**
   * Turns whose timestamps were taken through an event-loop stall over `limitMs` (timing.stallMs),
   * of all the level's turns; the worst stall seen. Absent in runs from before it was measured.
   */
  timingSuspect?: { turns: number; of: number; worstStallMs: number | null; limitMs: number };
  /** Mean CPU used by the harness process over the level, in cores (1 = one core busy). */
  cpuCores: number;
  /** False when the harness itself fell behind: its latency figures then include its own delays. */
  valid: boolean;
  problems: string[];
}

/** Figures derived from counts + histograms by one pure function, single run or merged alike. */
export interface LoadFigures {
  contextAccuracy: number | null;
  interruptionRate: number | null;
  memoryChecks: Proportion;
  interruptions: Proportion;
  latency: Record<LoadMetricName, Distribution>;
  requestsPerSecond: number;
  outputTokensPerSecond: number;
  /** Conversations per second that met every SLO (DistServe's goodput, per conversation). */
  goodput: number;
  goodputRate: number | null;
}

export interface LoadLevel {
  /** 1-based, in the order levels ran. */
  index: number;
  shape: 'closed' | 'open';
  /** Closed loop: virtual users (summed over shards). */
  users?: number;
  /** Open loop: new conversations per second (summed over shards). */
  ratePerSecond?: number;
  arrivals?: 'poisson' | 'constant';
  warmupMs: number;
  /** Measurement window: conversations starting inside it are counted. */
  durationMs: number;
  counts: LoadLevelCounts;
  histograms: Record<LoadMetricName, SerializedHistogram>;
  byTurn: LoadDepthRow[];
  timeSeries: LoadTimePoint[];
  figures: LoadFigures;
  slo: SloVerdict[];
  verdict: Verdict;
  /** One entry per shard that ran this level. */
  health: HarnessHealth[];
  /** Stopped by Ctrl-C or the request bound before the window closed. */
  cut?: 'interrupted' | 'request_limit';
}

export interface LoadKnee {
  /** Index of the largest level that met every SLO with a valid harness; null when none did. */
  level: number | null;
  users?: number;
  ratePerSecond?: number;
  /** Why the sweep stopped. */
  reason: string;
}

export interface RawCapacity {
  tool: 'autocannon';
  connections: number;
  durationMs: number;
  requests: number;
  requestsPerSecond: number;
  errors: number;
  non2xx: number;
  latencyMs: { p50: number; p90: number; p99: number; mean: number; max: number };
  /** chatproof's own client, same request, same connections, run right after. */
  chatproof?: { requests: number; requestsPerSecond: number; e2eMs: Distribution };
}

export interface LoadSection {
  schemaVersion: 1;
  shape: 'closed' | 'open';
  seed: number;
  thinkTime?: string;
  /** Shards merged into this section ("1/2", "2/2"); one entry for an unsharded run. */
  shards: string[];
  slos: Slo[];
  levels: LoadLevel[];
  knee?: LoadKnee;
  raw?: RawCapacity;
}
