// Checks a /v1/chat/completions body field by field, so a bad request gets one clear 400 that
// names the field in `param`, as OpenAI does. A field this server cannot honour is refused, never
// silently dropped; a field it does not know at all is ignored and named in a response header.
import type { ChatMessageIn, CompletionRequest, ToolCallIn } from '../types.js';
import { invalid, isObject, type Json, numberField, parseBool, parseStop } from './request-fields.js';
import { parseResponseFormat, parseToolChoice, parseTools } from './validate-tools.js';

/** Fields understood by both completion routes (sampling, streaming, limits). */
export const SHARED_FIELDS = new Set([
  'model',
  'stream',
  'stream_options',
  'temperature',
  'top_p',
  'top_k',
  'min_p',
  'max_tokens',
  'stop',
  'seed',
  'n',
  'presence_penalty',
  'frequency_penalty',
  'repetition_penalty',
  'user',
  'logprobs',
  'logit_bias',
  'extra_body',
]);

const CHAT_FIELDS = new Set([
  ...SHARED_FIELDS,
  'messages',
  'max_completion_tokens',
  'chat_template_kwargs',
  'enable_thinking',
  'max_history_turns',
  'response_format',
  'tools',
  'tool_choice',
  'parallel_tool_calls',
  'top_logprobs',
  'functions',
  'function_call',
  'metadata',
  'store',
]);

/** Refuses what cannot be honoured: several choices, log-probabilities, biases, a literal extra_body. */
export function refuseUnsupported(body: Json): void {
  if (body.n !== undefined && body.n !== null && body.n !== 1)
    throw invalid(`"n" must be 1: this server returns one choice per request; got ${JSON.stringify(body.n)}.`, 'n');
  if (body.logprobs !== undefined && body.logprobs !== null && body.logprobs !== false && body.logprobs !== 0)
    throw invalid('"logprobs" is not supported by this server; leave it out or send false.', 'logprobs');
  if (body.top_logprobs !== undefined && body.top_logprobs !== null && body.top_logprobs !== 0)
    throw invalid('"top_logprobs" is not supported by this server; leave it out.', 'top_logprobs');
  if (isObject(body.logit_bias) && Object.keys(body.logit_bias).length > 0)
    throw invalid('"logit_bias" is not supported by this server; leave it out.', 'logit_bias');
  if (body.extra_body !== undefined)
    throw invalid(
      '"extra_body" arrived as a field of the JSON body. It is an option of the OpenAI Python and JS clients ' +
        'whose fields the client merges into the body; sent literally, its contents are lost. Put its fields ' +
        '(e.g. chat_template_kwargs) at the top level of the body, or pass extra_body to the client method.',
      'extra_body',
    );
  if (body.functions !== undefined || body.function_call !== undefined)
    throw invalid('"functions" and "function_call" are the retired form of "tools"; send "tools".', 'functions');
}

export function unknownFields(body: Json, known: Set<string>): string[] {
  return Object.keys(body).filter((key) => !known.has(key));
}

function messageContent(v: unknown, at: string, allowNull: boolean): string {
  if (typeof v === 'string') return v;
  if (allowNull && (v === null || v === undefined)) return '';
  // The array form: only text parts can reach a text model.
  if (Array.isArray(v) && v.every((p) => isObject(p) && p.type === 'text' && typeof p.text === 'string')) {
    return v.map((p) => (p as { text: string }).text).join('');
  }
  throw invalid(`"${at}.content" must be a string or an array of {"type": "text", "text": ...} parts.`, at);
}

function parseToolCalls(v: unknown, at: string): ToolCallIn[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw invalid(`"${at}.tool_calls" must be an array.`, `${at}.tool_calls`);
  return v.map((call, j) => {
    const where = `${at}.tool_calls[${j}]`;
    const fn = isObject(call) ? call.function : undefined;
    if (!isObject(call) || !isObject(fn) || typeof fn.name !== 'string')
      throw invalid(`"${where}" must be {"id", "type": "function", "function": {"name", "arguments"}}.`, where);
    const args = typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {});
    return { id: typeof call.id === 'string' ? call.id : `call_${j}`, name: fn.name, arguments: args };
  });
}

function parseMessages(v: unknown): ChatMessageIn[] {
  if (!Array.isArray(v) || v.length === 0)
    throw invalid(
      '"messages" must be a non-empty array of {"role", "content"} objects.',
      'messages',
      'missing_messages',
    );
  return v.map((m, i): ChatMessageIn => {
    const at = `messages[${i}]`;
    if (!isObject(m)) throw invalid(`"${at}" must be an object with "role" and "content".`, at);
    const role = m.role === 'developer' ? 'system' : m.role;
    if (role !== 'system' && role !== 'user' && role !== 'assistant' && role !== 'tool') {
      throw invalid(
        `"${at}.role" must be "system", "developer", "user", "assistant" or "tool"; got ${JSON.stringify(m.role)}.`,
        `${at}.role`,
      );
    }
    const toolCalls = role === 'assistant' ? parseToolCalls(m.tool_calls, at) : undefined;
    const message: ChatMessageIn = { role, content: messageContent(m.content, at, toolCalls !== undefined) };
    if (toolCalls) message.toolCalls = toolCalls;
    if (role === 'tool') {
      if (typeof m.tool_call_id !== 'string')
        throw invalid(`"${at}.tool_call_id" must name the call this tool message answers.`, `${at}.tool_call_id`);
      message.toolCallId = m.tool_call_id;
    }
    return message;
  });
}

export function parseJsonObject(raw: string): Json {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw invalid('The request body is not valid JSON.', null, 'invalid_json');
  }
  if (!isObject(body)) throw invalid('The request body must be a JSON object.', null, 'invalid_json');
  if (body.model !== undefined && typeof body.model !== 'string') throw invalid('"model" must be a string.', 'model');
  const streamOptions = body.stream_options;
  if (streamOptions !== undefined && streamOptions !== null && !isObject(streamOptions))
    throw invalid('"stream_options" must be an object.', 'stream_options');
  refuseUnsupported(body);
  return body;
}

/** Sampling fields shared by /v1/chat/completions and /v1/completions. */
export function parseSampling(body: Json) {
  const streamOptions = isObject(body.stream_options) ? body.stream_options : {};
  return {
    model: body.model as string | undefined,
    stream: parseBool(body.stream, 'stream') ?? false,
    includeUsage: parseBool(streamOptions.include_usage, 'stream_options.include_usage') ?? false,
    // Qwen3's recommended non-thinking temperature, used when the client sends none.
    temperature: numberField(body, 'temperature', 0, 2) ?? 0.7,
    topP: numberField(body, 'top_p', 0, 1),
    topK: numberField(body, 'top_k', -1, 1_000_000, true),
    minP: numberField(body, 'min_p', 0, 1),
    presencePenalty: numberField(body, 'presence_penalty', -2, 2),
    frequencyPenalty: numberField(body, 'frequency_penalty', -2, 2),
    repetitionPenalty: numberField(body, 'repetition_penalty', 0, 10),
    stop: parseStop(body.stop),
    seed: numberField(body, 'seed', 0, 2 ** 32 - 1, true),
  };
}

export function parseCompletionRequest(raw: string): CompletionRequest {
  const body = parseJsonObject(raw);
  const kwargs = body.chat_template_kwargs;
  if (kwargs !== undefined && kwargs !== null && !isObject(kwargs))
    throw invalid('"chat_template_kwargs" must be an object.', 'chat_template_kwargs');
  // vLLM/SGLang take enable_thinking in chat_template_kwargs; some clients send it top-level.
  const enableThinking =
    parseBool(isObject(kwargs) ? kwargs.enable_thinking : undefined, 'chat_template_kwargs.enable_thinking') ??
    parseBool(body.enable_thinking, 'enable_thinking');
  const maxTokens =
    numberField(body, 'max_tokens', 1, 1_000_000, true) ??
    numberField(body, 'max_completion_tokens', 1, 1_000_000, true);
  const tools = parseTools(body.tools);
  return {
    ...parseSampling(body),
    messages: parseMessages(body.messages),
    maxTokens,
    // Qwen3's own template thinks unless told not to.
    enableThinking: enableThinking ?? true,
    maxHistoryTurns: numberField(body, 'max_history_turns', 0, 10_000, true),
    responseFormat: parseResponseFormat(body.response_format),
    tools,
    toolChoice: parseToolChoice(body.tool_choice, tools),
    ignoredFields: unknownFields(body, CHAT_FIELDS),
  };
}
