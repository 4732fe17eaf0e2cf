// The records that flow through the pipeline: the scenario as loaded, what the client sends and
// receives, and one line of turns.jsonl. Plain data, no I/O. Units are in the names: ...Ms is
// milliseconds, rates are fractions in [0, 1].

// ---------------------------------------------------------------- scenario

/** Sampling and history knobs sent with (or applied to) every request of a scenario. */
export interface ModelParams {
  model?: string;
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  stop?: string[];
  /** Qwen3 thinking switch, sent as chat_template_kwargs.enable_thinking (vLLM/SGLang). */
  enable_thinking?: boolean;
  /**
   * Sliding window on history: keep the system prompt plus the last N completed
   * user/assistant turns. Unset = keep everything.
   */
  max_history_turns?: number;
}

/** One check kind's specification, exactly one kind per check. */
export type CheckSpec =
  | { kind: 'contains'; any?: string[]; all?: string[]; none?: string[] }
  | { kind: 'not_contains'; any: string[] }
  | { kind: 'regex'; pattern: string; flags?: string; negate?: boolean }
  | { kind: 'language'; language: string; minRatio?: number }
  | { kind: 'length'; min?: number; max?: number }
  /**
   * A judge model decides. Without a rubric the check must name a fact: the judge then decides
   * whether the reply recalls that fact correctly. minScore: the judge also scores 1-5 and the
   * check passes only at or above it.
   */
  | { kind: 'judge'; rubric?: string; minScore?: number };

/** Where judged checks are sent: a scenario's `judge:` defaults, overridden per run. */
export interface JudgeSettings {
  /** OpenAI-compatible base URL of the judge model. */
  target?: string;
  model?: string;
}

/** A check attached to a turn, with what it means for scoring. */
export interface Check {
  /** Human label shown in reports, e.g. "remembers the film". Defaults to a description of the spec. */
  name: string;
  spec: CheckSpec;
  /** Fact id when this check probes a remembered fact: it then counts toward context accuracy. */
  fact?: string;
  /** True when the check counts toward context accuracy (fact probes, or `memory: true`). */
  memory: boolean;
}

/** A key fact the user states at one turn and that later turns probe. */
export interface Fact {
  id: string;
  /** What the user said, in words a PM recognises ("watched Titanic"). */
  text: string;
  /** 1-based turn where the user states it. */
  turn: number;
  /** 1-based turns whose checks probe it (derived from checks that name the fact). */
  probedAt: number[];
}

export interface ScenarioTurn {
  /** 1-based. */
  index: number;
  user: string;
  /** Scripted reply used as history instead of the model's own (recorded mode). */
  assistant?: string;
  checks: Check[];
}

/** An SLO: `metric op threshold`, metric being a dotted path into the summary. */
export interface Slo {
  /** Dotted path into Summary, e.g. "contextAccuracy", "latency.e2eMs.p95". */
  metric: string;
  op: '<=' | '<' | '>=' | '>';
  /** In the metric's own unit: ms for latency, a fraction for rates. */
  threshold: number;
  /** As the user wrote it, e.g. "latency.e2eMs.p95 <= 800ms". */
  source: string;
}

export type HistoryMode = 'live' | 'recorded';

export interface Scenario {
  name: string;
  description?: string;
  /** Path the scenario was loaded from (as given). */
  file: string;
  /** sha256 of the scenario after overrides, to tell whether two runs asked the same thing. */
  hash: string;
  system?: string;
  params: ModelParams;
  /** live: the model's replies are fed back; recorded: scripted assistant replies are. */
  history: HistoryMode;
  runs: number;
  facts: Fact[];
  turns: ScenarioTurn[];
  slo: Slo[];
  /** Judge defaults declared by the scenario (`judge:`). */
  judge?: JudgeSettings;
  /** A simulated user plays the conversation (`simulate:`); `turns` is then empty. */
  simulate?: SimulateSpec;
}

/** A simulated user: a user model plays the persona against the model under test. */
export interface SimulateSpec {
  persona: string;
  goal: string;
  /** Ids of declared facts the simulated user states in its first message. */
  facts: string[];
  maxTurns: number;
  stop?: string;
  language?: string;
  /** User model; defaults to the run's --user-target / --user-model, else the target. */
  target?: string;
  model?: string;
  /** Checks on every assistant reply after the first. */
  checks: Check[];
}

// ---------------------------------------------------------------- client

/** Why a turn failed. Every failure maps to exactly one. */
export type FailureCause =
  | 'connection_refused'
  /** The host name does not resolve (DNS). */
  | 'host_not_found'
  | 'connection_reset'
  | 'connect_timeout'
  /** A redirect: never followed (the request would be replayed elsewhere, maybe with the key). */
  | 'http_3xx'
  | 'http_4xx'
  | 'http_429'
  | 'http_5xx'
  | 'first_token_timeout'
  | 'idle_timeout'
  | 'total_timeout'
  | 'stream_cut'
  | 'malformed_chunk'
  /** A 2xx answer that is a web page (text/html): a login page or a proxy, not the API. */
  | 'not_an_api'
  | 'empty_reply'
  | 'aborted';

export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

export interface ChatRequest {
  messages: ChatMessage[];
  params: ModelParams;
  stream: boolean;
}

/**
 * Timestamps of one request, in ms since the request was handed to the socket
 * (monotonic clock), except sentAtEpochMs which places the turn on a wall-clock timeline.
 */
export interface TurnTiming {
  sentAtEpochMs: number;
  /** Intended start (load schedules); equals send time in sequential runs. */
  scheduledOffsetMs?: number;
  /**
   * Load runs: client-side queue time, intended start -> actual send (ms). An open-loop arrival
   * that waits for a free virtual user, or a request that waits for a socket, is late by this
   * much; hiding it is coordinated omission. Absent outside load runs.
   */
  queuedMs?: number;
  headersMs?: number;
  firstByteMs?: number;
  /** First non-empty reasoning/thinking text (time to first thought). */
  firstThoughtMs?: number;
  /** First non-empty *content* chunk: TTFT. Role-only or empty chunks do not count. */
  firstTokenMs?: number;
  /** Last byte ([DONE] / end of body): end-to-end latency. */
  endMs?: number;
  /** Arrival offset of every content chunk, first to last. */
  contentChunkOffsetsMs: number[];
  /**
   * The longer event-loop stall its first-token and end stamps were taken through, in ms: an
   * upper bound of how late TTFT or E2E may be (client/stall-watch.ts). Absent below 1 ms. Above
   * the harness's limit the turn is "timing suspect".
   */
  stallMs?: number;
}

export interface TokenUsage {
  promptTokens?: number;
  completionTokens?: number;
  /** usage: the server's `usage` object; chunks: counted content chunks (an approximation). */
  source: 'usage' | 'chunks' | 'none';
}

export interface TurnError {
  cause: FailureCause;
  message: string;
  httpStatus?: number;
}

/** What the client returns for one request: it never throws for target failures. */
export interface ChatResult {
  ok: boolean;
  content: string;
  reasoning: string;
  finishReason?: string;
  timing: TurnTiming;
  usage: TokenUsage;
  /** Selected response headers (server, x-request-id...), never request headers. */
  responseHeaders?: Record<string, string>;
  /** The x-request-id sent (also the trace id of the traceparent header). */
  requestId?: string;
  error?: TurnError;
}

// ---------------------------------------------------------------- run + score

export interface CheckResult {
  name: string;
  kind: CheckSpec['kind'];
  fact?: string;
  memory: boolean;
  passed: boolean;
  /** What the check looked for, in words. */
  expected: string;
  /** What it found (the matching text, or why nothing matched); for a judged check, the judge's reason. */
  found: string;
  /** Judged checks: the judge's answer (its reason is also `found`). */
  judge?: JudgeVerdict;
}

/** A judge model's answer to one judged check. */
export interface JudgeVerdict {
  verdict: 'pass' | 'fail';
  reason: string;
  /** 1-5, when the check asks for a score (minScore). */
  score?: number;
  model: string;
  /** sha256 of (judge model, rubric, transcript): the answer cache key. */
  key: string;
  /** Requests made, retries after malformed answers included (0 when the answer came from the cache). */
  attempts: number;
  /** Judge round trip, kept apart from the target's latency figures. */
  latencyMs?: number;
  promptTokens?: number;
  completionTokens?: number;
  /** The answer was reused from an earlier run (rescore), not asked again. */
  cached?: boolean;
}

/** Why a judged check has no verdict: the judge failed, never the model under test. */
export type JudgeFailureCause =
  | 'judge_unreachable'
  | 'judge_http_error'
  | 'judge_timeout'
  | 'judge_malformed'
  | 'judge_not_configured'
  | 'aborted';

/** A judged check the judge could not decide; it counts toward no accuracy figure. */
export interface JudgeFailure {
  name: string;
  fact?: string;
  memory: boolean;
  cause: JudgeFailureCause;
  message: string;
  attempts: number;
  model?: string;
  latencyMs?: number;
}

/** One line of turns.jsonl: the single source of truth every figure is derived from. */
export interface TurnRecord {
  type: 'turn';
  scenario: string;
  /** `${scenario}#${repetition}` (plus a load-run suffix when relevant). */
  conversationId: string;
  repetition: number;
  /** 1-based. */
  turn: number;
  turnsPlanned: number;
  user: string;
  /** Number of messages sent (system + history + this user message). */
  messagesSent: number;
  /** Completed history turns included after the sliding window. */
  historyTurnsSent: number;
  ok: boolean;
  content: string;
  reasoning?: string;
  finishReason?: string;
  timing: TurnTiming;
  usage: TokenUsage;
  error?: TurnError;
  checks: CheckResult[];
  /** Judged checks the judge could not decide (outage, malformed answers): not model failures. */
  judgeFailures?: JudgeFailure[];
  /** Identifying response headers (server, x-request-id...), for the environment fingerprint. */
  responseHeaders?: Record<string, string>;
  /** The x-request-id chatproof sent (also the traceparent's trace id): joins the server's logs. */
  requestId?: string;
}

/**
 * A turn's checks, written to turns.jsonl after its turn record: the measured reply reaches the
 * disk before any check runs, so a slow judge or an interrupted run never costs the reply.
 */
export interface TurnChecksRecord {
  type: 'checks';
  conversationId: string;
  turn: number;
  checks: CheckResult[];
  judgeFailures?: JudgeFailure[];
}

export interface RunHeader {
  type: 'run';
  schemaVersion: 1;
  runId: string;
  harness: { name: 'chatproof'; version: string; node: string };
  startedAt: string;
  target: { baseUrl: string; model?: string; stream: boolean };
  scenarios: Scenario[];
  /** Where the run differs from defaults: --set overrides, etc. */
  options: Record<string, unknown>;
  machine: { platform: string; arch: string; cpus: number; hostname?: string };
  /** What the target said about itself before the run: its /v1/models answer. */
  server?: { models?: unknown };
}
