// POST /v1/chat/completions: validate, template, lease a sequence, generate, and answer as
// OpenAI does (one JSON body, or SSE chunks ending in [DONE]).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { generate, reusablePrefix, type TextKind } from '../engine/generate.js';
import type { LoadedEngine } from '../engine/load.js';
import type { SequencePool } from '../engine/pool.js';
import type { PromptRenderer } from '../engine/prompt.js';
import type { ServerMetrics } from '../metrics.js';
import { ServerError } from '../types.js';
import { EventWriter, readBody, sendJson, startEventStream } from './respond.js';
import { parseCompletionRequest } from './validate.js';

export interface CompletionDeps {
  engine: LoadedEngine;
  renderer: PromptRenderer;
  pool: SequencePool;
  metrics: ServerMetrics;
  modelName: string;
  /** Names a request may use for the served model. */
  modelAliases: Set<string>;
}

/** Serves one request; returns the HTTP status it ended with (499: the client went away). */
export async function handleChatCompletion(
  req: IncomingMessage,
  res: ServerResponse,
  deps: CompletionDeps,
): Promise<number> {
  const arrived = performance.now();
  const request = parseCompletionRequest(await readBody(req));
  if (request.model !== undefined && !deps.modelAliases.has(request.model)) {
    throw new ServerError(
      404,
      `The model "${request.model}" does not exist here; this server serves "${deps.modelName}" (GET /v1/models).`,
      'invalid_request_error',
      'model_not_found',
    );
  }
  const prompt = deps.renderer.render(request.messages, {
    enableThinking: request.enableThinking,
    maxHistoryTurns: request.maxHistoryTurns,
  });
  const contextSize = deps.engine.context.contextSize;
  const room = contextSize - prompt.tokens.length;
  if (room < 1 || (request.maxTokens !== undefined && request.maxTokens > room)) {
    throw new ServerError(
      400,
      `This request needs ${prompt.tokens.length} prompt tokens` +
        `${request.maxTokens !== undefined ? ` + ${request.maxTokens} max_tokens` : ''}, ` +
        `but a sequence holds ${contextSize} tokens. Shorten the conversation (e.g. send max_history_turns), ` +
        'lower max_tokens, or restart the server with a larger --ctx.',
      'invalid_request_error',
      'context_length_exceeded',
    );
  }
  // A client that goes away frees its sequence at once: 'close' before the response finished.
  const abort = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) abort.abort();
  });
  const lease = await deps.pool.acquire(prompt.tokens, abort.signal);
  try {
    const reused = reusablePrefix(lease.sequence, prompt.tokens);
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const headers = {
      'x-request-id': id,
      'x-chatproof-kv-reused-tokens': String(reused),
      'x-chatproof-prompt-tokens': String(prompt.tokens.length),
      'x-chatproof-sequence': String(lease.slotIndex),
    };
    const chunk = (delta: Record<string, unknown>, finishReason: string | null = null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: deps.modelName,
      choices: [{ index: 0, delta, finish_reason: finishReason }],
    });
    const text: Record<TextKind, string> = { content: '', reasoning: '' };
    let first = true;
    const events = new EventWriter(res);
    if (request.stream) startEventStream(res, headers);
    const result = await generate(
      deps.engine.model,
      lease.sequence,
      prompt.tokens,
      {
        temperature: request.temperature,
        topP: request.topP,
        seed: request.seed,
        maxTokens: request.maxTokens ?? room,
        stop: request.stop,
      },
      abort.signal,
      (kind, piece) => {
        text[kind] += piece;
        if (!request.stream) return;
        // The role rides on the first chunk that has text, so no client takes a role-only chunk for the first token.
        const field = kind === 'content' ? 'content' : 'reasoning_content';
        events.send(chunk(first ? { role: 'assistant', [field]: piece } : { [field]: piece }));
        first = false;
      },
      deps.engine.gate,
    );
    lease.release();
    const { metrics } = deps;
    metrics.promptTokens += result.usage.promptTokens;
    metrics.generatedTokens += result.usage.completionTokens;
    metrics.kvReusedTokens += result.usage.reusedTokens;
    if (result.usage.reusedTokens > 0) metrics.kvCacheHits++;
    if (result.firstTokenMs !== null) metrics.ttft.observe((result.firstTokenMs + lease.waitedMs) / 1000);
    if (result.finishReason === 'cancelled') {
      metrics.cancelled++;
      return 499;
    }
    const usage = {
      prompt_tokens: result.usage.promptTokens,
      completion_tokens: result.usage.completionTokens,
      total_tokens: result.usage.promptTokens + result.usage.completionTokens,
      prompt_tokens_details: { cached_tokens: result.usage.reusedTokens },
    };
    if (request.stream) {
      events.send(chunk(first ? { role: 'assistant', content: '' } : {}, result.finishReason));
      if (request.includeUsage)
        events.send({ id, object: 'chat.completion.chunk', created, model: deps.modelName, choices: [], usage });
      events.end('data: [DONE]\n\n');
    } else {
      const message: Record<string, string> = { role: 'assistant', content: text.content };
      if (text.reasoning) message.reasoning_content = text.reasoning;
      sendJson(
        res,
        200,
        {
          id,
          object: 'chat.completion',
          created,
          model: deps.modelName,
          choices: [{ index: 0, message, finish_reason: result.finishReason }],
          usage,
        },
        headers,
      );
    }
    metrics.e2e.observe((performance.now() - arrived) / 1000);
    return 200;
  } finally {
    lease.release();
  }
}
