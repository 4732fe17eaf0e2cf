// What a baseline comparison (`chatproof compare`, `gate --baseline`, `eval --baseline`) finds,
// as plain data for every output format.
import type { Proportion, Slo } from '../core/types.js';

/** One figure's verdict: no-data when neither run measured it (e.g. TTFT without streaming). */
export type RowVerdict = 'pass' | 'regression' | 'inconclusive' | 'no-data';

export interface CompareOptions {
  /** Relative latency slowdown tolerated, e.g. 0.1 = +10% (default). */
  tolerance?: number;
  /** Family-wise false-alarm level, split over the figures compared (default 0.05). */
  alpha?: number;
  /**
   * Run-to-run drift of one unchanged server, as a relative standard deviation of a whole run's
   * latency (default 0.02): part of every latency interval with one or two baseline runs; a
   * baseline history of 3 or more runs measures it instead.
   */
  noiseFloor?: number;
  /** Smallest drop in context accuracy worth detecting, absolute (default 0.10 = 10 points). */
  accuracyDelta?: number;
  /** Smallest rise in interruption rate worth detecting, absolute (default 0.05 = 5 points). */
  interruptionDelta?: number;
}

export interface SampleSize {
  conversations: number;
  /** Turns (TTFT, E2E), inter-chunk gaps (ITL), checks (accuracy) or conversations (interruptions). */
  samples: number;
}

export interface LatencyRow {
  kind: 'latency';
  /** Summary path, e.g. "latency.e2eMs.p95". */
  metric: string;
  baseline: number | null;
  candidate: number | null;
  /** candidate / baseline - 1 (0.2 = 20% slower). */
  change: number | null;
  /** Bounds on `change` (t interval of the shift, turn position aligned), each one-sided at alpha. */
  ci: { low: number; high: number } | null;
  /** Relative slowdown tolerated: --tolerance, or 1 ms (the timing resolution) of the baseline when larger. */
  tolerance: number;
  /** Run-to-run drift in the interval, relative standard deviation: --noise-floor, or measured from a history. */
  noiseFloor: number;
  size: { baseline: SampleSize; candidate: SampleSize };
  /** Conversations per run that would likely decide (80% power), when inconclusive. */
  neededConversations: number | null;
  /** Relative slowdown this comparison would flag with 80% power (null: point rows, no data). */
  detectable: number | null;
  /** Variance of the estimate over its value if every turn were independent (absent: point rows). */
  designEffect?: number;
  /** One-sided level of this row's bounds (weighted Bonferroni share; absent: point rows, no data). */
  alpha?: number;
  verdict: RowVerdict;
  /** One sentence a reader can act on. */
  reason: string;
  /** Load runs: the level this row compares (absent for eval runs). */
  level?: RowLevel;
  /**
   * shift: turn-position-aligned shift with a t interval (default when absent); point: the two
   * runs' HDR-histogram percentiles compared as numbers, no confidence interval (load levels
   * whose turn records are not in results.json).
   */
  method?: 'shift' | 'point';
}

/** Which load level a comparison row belongs to: the same load in both runs. */
export interface RowLevel {
  /** Users (closed loop) or conversations per second (open loop). */
  load: number;
  /** "8 users", "2 conv/s". */
  label: string;
  baselineIndex: number;
  candidateIndex: number;
}

export interface ProportionRow {
  kind: 'proportion';
  metric: 'contextAccuracy' | 'interruptionRate';
  /** Which way is worse: a lower accuracy, a higher interruption rate. */
  worse: 'lower' | 'higher';
  baseline: Proportion;
  candidate: Proportion;
  /** candidate rate - baseline rate, absolute. */
  change: number | null;
  /** Newcombe bounds on `change`, each one-sided at alpha. */
  ci: { low: number; high: number } | null;
  /** One-sided Fisher exact p-value for "candidate is worse". */
  pValue: number | null;
  /** The smallest worsening the comparison should be able to rule out. */
  delta: number;
  size: { baseline: SampleSize; candidate: SampleSize };
  neededConversations: number | null;
  verdict: RowVerdict;
  reason: string;
  level?: RowLevel;
}

/**
 * Load runs: the knee (largest load meeting every SLO with a valid harness) of each run, found
 * with the same SLOs for both. A point judgement from per-level verdicts, not a statistical test.
 */
export interface KneeRow {
  kind: 'knee';
  metric: 'knee';
  unit: 'users' | 'conv/s';
  /** Load at the knee; null when no level met every SLO. */
  baseline: number | null;
  candidate: number | null;
  /** candidate / baseline - 1 when both have a knee. */
  change: number | null;
  ci: null;
  /** Not a sample-size question: always null (kept so every row has the field). */
  neededConversations: null;
  verdict: RowVerdict;
  reason: string;
}

export type ComparisonRow = LatencyRow | ProportionRow | KneeRow;

export interface FingerprintDifference {
  /** Dotted name of what differs, e.g. "scenario.breakup.hash", "machine.cpus". */
  field: string;
  baseline: string;
  candidate: string;
  /** unfair: the comparison may measure the setup, not the change; note: worth knowing. */
  severity: 'unfair' | 'note';
  message: string;
}

export interface Comparison {
  verdict: 'pass' | 'regression' | 'inconclusive';
  rows: ComparisonRow[];
  /** Scenarios compared (present in both runs). */
  scenarios: string[];
  differences: FingerprintDifference[];
  options: Required<CompareOptions>;
  /** Significance level of each figure's test: options.alpha / figures tested (Bonferroni). */
  figureAlpha: number;
  /** The method in one paragraph, for reports. */
  method: string;
  baselineRunId: string;
  candidateRunId: string;
  /** A baseline history: every baseline run pooled, newest first (absent: one baseline run). */
  baselineHistory?: BaselineHistoryInfo;
  /** Load runs only: how levels were matched. */
  load?: LoadComparisonInfo;
  /**
   * What every output must say besides the rows: a figure not compared and why (ITL without
   * turns.jsonl), a torn last line of turns.jsonl skipped. Absent or empty: nothing to say.
   */
  notes?: string[];
}

export interface LoadComparisonInfo {
  shape: 'closed' | 'open';
  unit: 'users' | 'conv/s';
  /** Loads compared (present in both runs), ascending. */
  compared: number[];
  /** Levels present in one run only: listed, never compared. */
  baselineOnly: number[];
  candidateOnly: number[];
  /** The SLOs both runs' knees were found with (the candidate's own plus --slo). */
  slos: Slo[];
}

export interface BaselineHistoryInfo {
  /** Run ids pooled as the baseline, newest first. */
  runIds: string[];
  /** Run folders or files they were read from, same order. */
  sources: string[];
  /** Runs found in the folder but not pooled, with why (older than the newest N, other scenarios). */
  skipped: Array<{ source: string; reason: string }>;
}
