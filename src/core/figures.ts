// The shapes every figure takes: a distribution of samples, a proportion with its interval,
// an SLO's verdict. Plain data.
import type { Slo } from './records.js';

export interface Distribution {
  count: number;
  mean: number | null;
  min: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  max: number | null;
}

export interface Proportion {
  passed: number;
  total: number;
  /** passed/total, null when total is 0. */
  rate: number | null;
  /** 95% Wilson score interval. */
  ci95: { low: number; high: number } | null;
}

export interface SloVerdict {
  metric: string;
  op: Slo['op'];
  threshold: number;
  actual: number | null;
  /** null when the figure could not be computed (no samples). */
  passed: boolean | null;
  source: string;
}

/** pass: every SLO met; fail: one failed; unknown: one could not be computed and none failed. */
export type Verdict = 'pass' | 'fail' | 'unknown';
