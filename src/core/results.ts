// What the score stage derives from turn records: the summary, the breakdown rows and
// results.json itself. Plain data.
import type { Distribution, Proportion, SloVerdict, Verdict } from './figures.js';
import type { LoadSection } from './load-section.js';
import type { CheckSpec, FailureCause, RunHeader, TokenUsage, TurnRecord } from './records.js';

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
  /**
   * Conversations per second (of durationMs) that met every SLO, and their share of finished
   * conversations (DistServe's goodput per conversation; score/goodput.ts). Null with no data.
   */
  goodput: number | null;
  goodputRate: number | null;
  slo: SloVerdict[];
  verdict: Verdict;
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
