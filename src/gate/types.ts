// What the load gate decides on a load run, as plain data for every output format.
import type { Slo } from '../core/types.js';
import type { LevelJudgement } from '../load/judge-levels.js';

/** One decision of the load gate; each becomes a JUnit test case and a line of output. */
export interface LoadGateCheck {
  kind: 'every-level' | 'sweep-knee' | 'at-load' | 'min-knee';
  name: string;
  outcome: 'pass' | 'fail' | 'invalid' | 'unknown';
  message: string;
}

export interface LoadGate {
  shape: 'closed' | 'open';
  unit: 'users' | 'conv/s';
  sweep: boolean;
  /** The SLOs every level was judged by: the run's own, then --slo (same metric: replaced). */
  slos: Slo[];
  levels: LevelJudgement[];
  knee: { index: number | null; load: number | null; label: string | null };
  checks: LoadGateCheck[];
  /** fail beats invalid beats unknown beats pass. */
  verdict: 'pass' | 'fail' | 'invalid' | 'unknown';
}
