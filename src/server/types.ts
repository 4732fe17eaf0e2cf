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
  log?: (line: string) => void;
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
  close(): Promise<void>;
}

export interface ChatMessageIn {
  role: 'system' | 'user' | 'assistant';
  content: string;
  reasoning_content?: string;
}

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
}

export type FinishReason = 'stop' | 'length';

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
  ) {
    super(message);
  }
}
