// The part both completion routes share: check the prompt fits a sequence, lease one, generate,
// and count the figures /metrics reports. A client that goes away frees its sequence at once.
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Token } from 'node-llama-cpp';
import {
  type GenerationResult,
  generate,
  reusablePrefix,
  type SamplingParams,
  type TextKind,
} from '../engine/generate.js';
import type { LoadedEngine } from '../engine/model-loader.js';
import type { SequencePool } from '../engine/pool.js';
import type { PromptRenderer } from '../engine/prompt.js';
import type { ServerMetrics } from '../metrics.js';
import { ServerError } from '../types.js';

export interface CompletionDeps {
  engine: LoadedEngine;
  renderer: PromptRenderer;
  pool: SequencePool;
  metrics: ServerMetrics;
  modelName: string;
  /** Names a request may use for the served model. */
  modelAliases: Set<string>;
}

export function checkModel(deps: CompletionDeps, model: string | undefined): void {
  if (model !== undefined && !deps.modelAliases.has(model)) {
    throw new ServerError(
      404,
      `The model "${model}" does not exist here; this server serves "${deps.modelName}" (GET /v1/models).`,
      'invalid_request_error',
      'model_not_found',
      {},
      'model',
    );
  }
}

/** Tokens left for the reply; a prompt (plus max_tokens) larger than a sequence is a 400. */
export function roomFor(deps: CompletionDeps, promptTokens: number, maxTokens: number | undefined): number {
  const contextSize = deps.engine.context.contextSize;
  const room = contextSize - promptTokens;
  if (room < 1 || (maxTokens !== undefined && maxTokens > room)) {
    throw new ServerError(
      400,
      `This request needs ${promptTokens} prompt tokens` +
        `${maxTokens !== undefined ? ` + ${maxTokens} max_tokens` : ''}, ` +
        `but a sequence holds ${contextSize} tokens. Shorten the conversation (e.g. send max_history_turns), ` +
        'lower max_tokens, or restart the server with a larger --ctx.',
      'invalid_request_error',
      'context_length_exceeded',
      {},
      room < 1 ? 'messages' : 'max_tokens',
    );
  }
  return room;
}

export interface LeasedRun {
  id: string;
  created: number;
  result: GenerationResult;
}

/**
 * Leases a sequence, calls `onStart` with the response headers once generation is about to
 * begin (streaming responses write them then), and generates.
 */
export async function runLeased(
  res: ServerResponse,
  deps: CompletionDeps,
  arrived: number,
  idPrefix: 'chatcmpl' | 'cmpl',
  prompt: Token[],
  params: SamplingParams,
  onStart: (headers: Record<string, string>, id: string, created: number) => void,
  onText: (kind: TextKind, text: string) => void,
): Promise<LeasedRun> {
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const lease = await deps.pool.acquire(prompt, abort.signal);
  try {
    const id = `${idPrefix}-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    onStart(
      {
        'x-request-id': id,
        'x-chatproof-kv-reused-tokens': String(reusablePrefix(lease.sequence, prompt)),
        'x-chatproof-prompt-tokens': String(prompt.length),
        'x-chatproof-sequence': String(lease.slotIndex),
      },
      id,
      created,
    );
    const result = await generate(
      deps.engine.model,
      lease.sequence,
      prompt,
      params,
      abort.signal,
      onText,
      deps.engine.lockstep,
    );
    lease.release();
    const { metrics } = deps;
    metrics.promptTokens += result.usage.promptTokens;
    metrics.generatedTokens += result.usage.completionTokens;
    metrics.kvReusedTokens += result.usage.reusedTokens;
    if (result.usage.reusedTokens > 0) metrics.kvCacheHits++;
    if (result.firstTokenMs !== null) metrics.ttft.observe((result.firstTokenMs + lease.waitedMs) / 1000);
    if (result.finishReason === 'cancelled') metrics.cancelled++;
    else metrics.e2e.observe((performance.now() - arrived) / 1000);
    return { id, created, result };
  } finally {
    lease.release();
  }
}

export function usageOf(result: GenerationResult) {
  return {
    prompt_tokens: result.usage.promptTokens,
    completion_tokens: result.usage.completionTokens,
    total_tokens: result.usage.promptTokens + result.usage.completionTokens,
    prompt_tokens_details: { cached_tokens: result.usage.reusedTokens },
  };
}
