// Builds the OpenAI chat completions body from a ChatRequest.
import type { ChatRequest } from '../core/types.js';

export interface OpenAIChatBody {
  model: string;
  messages: Array<{ role: string; content: string }>;
  stream: boolean;
  stream_options?: { include_usage: boolean };
  temperature?: number;
  top_p?: number;
  max_tokens?: number;
  seed?: number;
  stop?: string[];
  chat_template_kwargs?: { enable_thinking: boolean };
}

/**
 * Only parameters that are set are sent: an absent key lets the server use its own default,
 * which is what the scenario asked for. enable_thinking travels as chat_template_kwargs, the
 * form vLLM and SGLang accept for Qwen3-style templates.
 */
export function buildRequestBody(request: ChatRequest, defaultModel: string): OpenAIChatBody {
  const p = request.params;
  const body: OpenAIChatBody = {
    model: p.model ?? defaultModel,
    messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
    stream: request.stream,
  };
  // Without include_usage most servers send no token counts in a stream.
  if (request.stream) body.stream_options = { include_usage: true };
  if (p.temperature !== undefined) body.temperature = p.temperature;
  if (p.top_p !== undefined) body.top_p = p.top_p;
  if (p.max_tokens !== undefined) body.max_tokens = p.max_tokens;
  if (p.seed !== undefined) body.seed = p.seed;
  if (p.stop !== undefined && p.stop.length > 0) body.stop = p.stop;
  if (p.enable_thinking !== undefined) body.chat_template_kwargs = { enable_thinking: p.enable_thinking };
  return body;
}
