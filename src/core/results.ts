// What the score stage derives from turn records: the summary, the breakdown rows and
// results.json itself. Plain data.
import type { Distribution, Proportion, SloVerdict, Verdict } from './figures.js';
import type { LoadSection } from './load-section.js';
import type { CheckSpec, FailureCause, JudgeFailureCause, RunHeader, TokenUsage, TurnRecord } from './records.js';

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
  /** Runs with judged checks: the judge's own figures, kept apart from the target's. */
  judge?: JudgeSummary;
}

/** How a judge settled a run's judged checks; none of it enters the target's figures. */
export interface JudgeSummary {
  /** Judge model names seen in the verdicts. */
  models: string[];
  /** Where the judge was served (credentials redacted), as the run was told. */
  target?: string;
  /** The judge is the model under test grading its own replies. */
  selfJudged: boolean;
  /** Judged checks with a verdict, and how many passed. */
  verdicts: number;
  passed: number;
  /** Judged checks without a verdict (outage, timeouts, malformed answers): not model failures. */
  failures: number;
  failuresByCause: Partial<Record<JudgeFailureCause, number>>;
  /** Verdicts reused from an earlier run's answers (rescore) rather than asked again. */
  cached: number;
  /** Requests sent to the judge, retries included. */
  requests: number;
  /** Judge round trips (asked verdicts only). */
  latencyMs: Distribution;
  promptTokens: number;
  completionTokens: number;
  /** Rule vs judge on the same turn and fact: how often they agree, and Cohen's kappa. */
  agreement: JudgeAgreement;
  /** The judge's measured accuracy (`chatproof judge-check`), when the run was given it. */
  calibration?: JudgeCalibration;
}

export interface JudgeCalibration {
  model: string;
  /** Judged cases and the share the judge got right. */
  cases: number;
  accuracy: number | null;
  falsePasses: number;
  falseFails: number;
}

export interface JudgeAgreement {
  /** (turn, fact) pairs probed by both at least one rule check and a judged check. */
  pairs: number;
  agreed: number;
  bothPassed: number;
  bothFailed: number;
  ruleOnlyPassed: number;
  judgeOnlyPassed: number;
  /** Cohen's kappa: agreement beyond chance, 1 = perfect, 0 = chance; null when undefined. */
  kappa: number | null;
}
