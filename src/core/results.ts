// What the score stage computes from turn records: distributions, proportions, SLO verdicts,
// the summary, the breakdown rows and results.json itself. Plain data, re-exported by ../types.ts.
import type { LoadSection } from './load-section.js';
import type { CheckSpec, FailureCause, RunHeader, Slo, TokenUsage, TurnRecord } from './types.js';

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

export interface Summary {
  conversations: { total: number; completed: number; interrupted: number; incomplete: number };
  turns: { total: number; ok: number; failed: number };
  /** Passed memory (fact) checks / all memory checks; null when there are none. */
  contextAccuracy: number | null;
  memoryChecks: Proportion;
  allChecks: Proportion;
  interruptionRate: number | null;
  interruptions: Proportion;
  interruptionsByCause: Partial<Record<FailureCause, number>>;
  latency: {
    ttftMs: Distribution;
    e2eMs: Distribution;
    /** Gaps between consecutive content chunks, pooled over all turns (vLLM's ITL). */
    itlMs: Distribution;
    /** (e2e - ttft) / (output tokens - 1), per turn (AIPerf/GuideLLM "ITL"). */
    tpotMs: Distribution;
    /** Time to first thought (reasoning text), when any turn had one. */
    ttfoMs: Distribution;
  };
  /** Per-turn output tokens / end-to-end seconds (TTFT included: the speed a user sees). */
  tokensPerSecond: Distribution;
  /** Total output tokens / (first send -> last end). */
  outputTokensPerSecond: number | null;
  outputTokens: number;
  tokenCountSource: Partial<Record<TokenUsage['source'], number>>;
  /** Output tokens / content chunks, over turns counted by server usage (1 = one token a chunk). */
  tokensPerChunk: number | null;
  durationMs: number;
  slo: SloVerdict[];
  /** pass: every SLO met; fail: one failed; unknown: one could not be computed and none failed. */
  verdict: 'pass' | 'fail' | 'unknown';
}

export interface TurnDepthRow {
  scenario: string;
  turn: number;
  samples: number;
  ttftMs: Distribution;
  e2eMs: Distribution;
  memoryChecks: Proportion;
  allChecks: Proportion;
}

export interface FactRow {
  scenario: string;
  fact: string;
  text: string;
  statedAt: number;
  probedAt: number[];
  checks: Proportion;
}

export interface CheckRow {
  scenario: string;
  turn: number;
  name: string;
  kind: CheckSpec['kind'];
  fact?: string;
  memory: boolean;
  checks: Proportion;
}

export interface ConversationRow {
  id: string;
  scenario: string;
  repetition: number;
  status: 'completed' | 'interrupted' | 'incomplete';
  cause?: FailureCause;
  turnsDone: number;
  turnsPlanned: number;
}

/** results.json. Documented by schemas/results.schema.json. */
export interface Results {
  schemaVersion: 1;
  run: Omit<RunHeader, 'type' | 'schemaVersion'> & { endedAt: string; durationMs: number };
  summary: Summary;
  byScenario: Array<{ scenario: string; summary: Summary }>;
  byTurn: TurnDepthRow[];
  byFact: FactRow[];
  byCheck: CheckRow[];
  conversations: ConversationRow[];
  /** Every turn record, without contentChunkOffsetsMs (kept in turns.jsonl) to stay small. */
  turns: TurnRecord[];
  /** Load runs (`chatproof load`): figures per load level, mergeable across shards. */
  load?: LoadSection;
}
