// Checks a /v1/chat/completions body field by field, so a bad request gets one clear 400 that
// names the field, as OpenAI does (type invalid_request_error, `param`-style code).
import type { ChatMessageIn, CompletionRequest } from '../types.js';
import { ServerError } from '../types.js';

const invalid = (message: string, code = 'invalid_value'): ServerError =>
  new ServerError(400, message, 'invalid_request_error', code);

type Json = Record<string, unknown>;

function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function numberField(body: Json, key: string, min: number, max: number, integer = false): number | undefined {
  const v = body[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v))) {
    throw invalid(
      `"${key}" must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}; got ${JSON.stringify(v)}.`,
    );
  }
  return v;
}

function messageContent(v: unknown, index: number): string {
  if (typeof v === 'string') return v;
  // The array form: only text parts can reach a text model.
  if (Array.isArray(v) && v.every((p) => isObject(p) && p.type === 'text' && typeof p.text === 'string')) {
    return v.map((p) => (p as { text: string }).text).join('');
  }
  throw invalid(`"messages[${index}].content" must be a string or an array of {"type": "text", "text": ...} parts.`);
}

function parseMessages(v: unknown): ChatMessageIn[] {
  if (!Array.isArray(v) || v.length === 0)
    throw invalid('"messages" must be a non-empty array of {"role", "content"} objects.', 'missing_messages');
  return v.map((m, i): ChatMessageIn => {
    if (!isObject(m)) throw invalid(`"messages[${i}]" must be an object with "role" and "content".`);
    if (m.role !== 'system' && m.role !== 'user' && m.role !== 'assistant') {
      throw invalid(`"messages[${i}].role" must be "system", "user" or "assistant"; got ${JSON.stringify(m.role)}.`);
    }
    return { role: m.role, content: messageContent(m.content, i) };
  });
}

function parseStop(v: unknown): string[] {
  if (v === undefined || v === null) return [];
  const list = typeof v === 'string' ? [v] : v;
  if (!Array.isArray(list) || list.length > 4 || !list.every((s) => typeof s === 'string' && s.length > 0)) {
    throw invalid('"stop" must be a non-empty string or an array of up to 4 non-empty strings.');
  }
  return list as string[];
}

function parseBool(v: unknown, name: string): boolean | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'boolean') throw invalid(`"${name}" must be true or false.`);
  return v;
}

export function parseCompletionRequest(raw: string): CompletionRequest {
  let body: unknown;
  try {
    body = JSON.parse(raw);
  } catch {
    throw invalid('The request body is not valid JSON.', 'invalid_json');
  }
  if (!isObject(body)) throw invalid('The request body must be a JSON object.', 'invalid_json');
  if (body.model !== undefined && typeof body.model !== 'string') throw invalid('"model" must be a string.');
  // One choice per request: n other than 1 is refused rather than silently ignored.
  numberField(body, 'n', 1, 1, true);
  const streamOptions = body.stream_options;
  if (streamOptions !== undefined && streamOptions !== null && !isObject(streamOptions))
    throw invalid('"stream_options" must be an object.');
  const kwargs = body.chat_template_kwargs;
  if (kwargs !== undefined && kwargs !== null && !isObject(kwargs))
    throw invalid('"chat_template_kwargs" must be an object.');
  // vLLM/SGLang take enable_thinking in chat_template_kwargs; some clients send it top-level.
  const enableThinking =
    parseBool(isObject(kwargs) ? kwargs.enable_thinking : undefined, 'chat_template_kwargs.enable_thinking') ??
    parseBool(body.enable_thinking, 'enable_thinking');
  const maxTokens =
    numberField(body, 'max_tokens', 1, 1_000_000, true) ??
    numberField(body, 'max_completion_tokens', 1, 1_000_000, true);
  return {
    model: body.model as string | undefined,
    messages: parseMessages(body.messages),
    stream: parseBool(body.stream, 'stream') ?? false,
    includeUsage:
      parseBool(isObject(streamOptions) ? streamOptions.include_usage : undefined, 'stream_options.include_usage') ??
      false,
    // Qwen3's recommended non-thinking temperature, used when the client sends none.
    temperature: numberField(body, 'temperature', 0, 2) ?? 0.7,
    topP: numberField(body, 'top_p', 0, 1),
    maxTokens,
    stop: parseStop(body.stop),
    seed: numberField(body, 'seed', 0, 2 ** 32 - 1, true),
    // Qwen3's own template thinks unless told not to.
    enableThinking: enableThinking ?? true,
    maxHistoryTurns: numberField(body, 'max_history_turns', 0, 10_000, true),
  };
}
