// Shapes shared by the bundled server's modules.

export type GpuChoice = 'auto' | 'cuda' | 'vulkan' | false;

export interface ServeOptions {
  /** A .gguf path, an `hf:org/repo:quant` URI, a preset name (qwen3-8b, qwen3-0.6b, auto) or `generated`. */
  model: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Sequences decoded together in one context (continuous batching). */
  parallel?: number;
  /** Tokens per sequence. */
  contextSize?: number;
  gpu?: GpuChoice;
  threads?: number;
  /** Requests that may wait for a free sequence; beyond it the server answers 429. */
  queueLimit?: number;
  /** Where downloaded and generated models are cached. */
  modelsDir?: string;
  /** Browser origins allowed to call the API (CORS); any other Origin is refused with 403. */
  corsOrigins?: string[];
  /** Flash attention where the model supports it (default: on GPU backends, off on the CPU). */
  flashAttention?: boolean;
  /** false skips the warm-up before ready (default true). */
  warmUp?: boolean;
  log?: (line: string) => void;
  /** Called once the port is open, before the warm-up: /health then says "warming". */
  onListening?: (url: string) => void | Promise<void>;
}

/** Why startServer gave up: the backend asked for failed its probe, or anything else. */
export class StartupError extends Error {
  constructor(
    message: string,
    readonly reason: 'backend' | 'model' | 'address',
  ) {
    super(message);
  }
}

/** Where the model runs, as the startup log, /health and /metrics report it. */
export interface EnginePlacement {
  backend: string;
  devices: string[];
  layersOffloaded: number;
  totalLayers: number;
  vramUsedBytes: number;
  vramTotalBytes: number;
  contextPerSequence: number;
  batchSize: number;
  flashAttention: string;
}

export interface RunningServer {
  /** Base URL including /v1, e.g. http://127.0.0.1:8080/v1 */
  url: string;
  port: number;
  modelName: string;
  modelPath: string;
  /** True when the model is the generated random-weight GGUF (plumbing only, no real answers). */
  generated: boolean;
  gpu: string | false;
  /** Where the model runs: backend, devices, layers offloaded, VRAM, context per sequence. */
  placement: EnginePlacement;
  close(): Promise<void>;
}

export interface ToolCallIn {
  id: string;
  name: string;
  /** The arguments as the JSON text the model wrote. */
  arguments: string;
}

export interface ChatMessageIn {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  reasoning_content?: string;
  /** assistant: the calls it made. */
  toolCalls?: ToolCallIn[];
  /** tool: the call this message answers. */
  toolCallId?: string;
}

export interface ToolSpec {
  name: string;
  description?: string;
  /** JSON schema of the arguments. */
  parameters?: Record<string, unknown>;
}

/** none: never call; auto: the model decides; required: some tool; a name: that tool. */
export type ToolChoice = 'none' | 'auto' | 'required' | { name: string };

export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; name: string; schema: Record<string, unknown> };

/** A validated /v1/chat/completions request. */
export interface CompletionRequest {
  model?: string;
  messages: ChatMessageIn[];
  stream: boolean;
  includeUsage: boolean;
  temperature: number;
  topP?: number;
  maxTokens?: number;
  stop: string[];
  seed?: number;
  enableThinking: boolean;
  maxHistoryTurns?: number;
  topK?: number;
  minP?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  /** Penalty on repeated tokens (vLLM's repetition_penalty, 1 = none). */
  repetitionPenalty?: number;
  responseFormat: ResponseFormat;
  tools: ToolSpec[];
  toolChoice: ToolChoice;
  /** Top-level fields this server does not know: ignored, and named in a response header. */
  ignoredFields: string[];
}

export type FinishReason = 'stop' | 'length' | 'tool_calls';

export interface GenerationUsage {
  promptTokens: number;
  completionTokens: number;
  /** Prompt tokens whose KV state was already in the sequence and was not evaluated again. */
  reusedTokens: number;
}

/** A server-side failure with the HTTP status and OpenAI error type it maps to. */
export class ServerError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string | null = null,
    readonly headers: Record<string, string> = {},
    /** The request field at fault, as OpenAI's `param` (null when no single field is). */
    readonly param: string | null = null,
  ) {
    super(message);
  }
}
