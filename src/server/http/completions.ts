// POST /v1/chat/completions: validate, template (tools included), lease a sequence, generate
// (under a grammar for response_format and forced tool calls), and answer as OpenAI does: one
// JSON body, or SSE chunks ending in [DONE].
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LlamaGrammar } from 'node-llama-cpp';
import type { TextKind } from '../engine/generate.js';
import { type ParsedToolCall, ToolCallStream } from '../engine/tool-calls.js';
import type { CompletionRequest } from '../types.js';
import { ServerError } from '../types.js';
import { type CompletionDeps, checkModel, roomFor, runLeased, usageOf } from './leased-generation.js';
import { EventWriter, readBody, sendJson, startEventStream } from './respond.js';
import { parseCompletionRequest } from './validate.js';

export type { CompletionDeps };

/** Prefilled after the generation prompt when a tool call is forced; the grammar writes the JSON. */
const TOOL_CALL_OPEN = '<tool_call>\n';

/** Serves one request; returns the HTTP status it ended with (499: the client went away). */
export async function handleChatCompletion(
  req: IncomingMessage,
  res: ServerResponse,
  deps: CompletionDeps,
): Promise<number> {
  const arrived = performance.now();
  const request = parseCompletionRequest(await readBody(req));
  checkModel(deps, request.model);
  const forcedTool = request.toolChoice === 'required' || typeof request.toolChoice === 'object';
  const tools = request.toolChoice === 'none' ? [] : request.tools;
  const grammar = await grammarFor(deps, request);
  // A grammar constrains every token from the first: thinking would be forced into JSON too.
  const enableThinking = request.enableThinking && !grammar;
  const prompt = deps.renderer.render(request.messages, {
    enableThinking,
    maxHistoryTurns: request.maxHistoryTurns,
    tools,
  });
  const promptTokens = forcedTool
    ? [...prompt.tokens, ...deps.engine.model.tokenize(TOOL_CALL_OPEN, true)]
    : prompt.tokens;
  const room = roomFor(deps, promptTokens.length, request.maxTokens);
  const ignored = request.ignoredFields.length
    ? { 'x-chatproof-ignored-fields': request.ignoredFields.join(', ') }
    : {};
  const text: Record<TextKind, string> = { content: '', reasoning: '' };
  // What the model wrote as content, tool-call blocks included: a grammar's JSON ends the reply
  // when complete (JSON grammars allow trailing whitespace, which a model may write forever).
  let written = '';
  const calls: ParsedToolCall[] = [];
  const toolStream = tools.length > 0 ? new ToolCallStream() : undefined;
  if (forcedTool) toolStream?.push(TOOL_CALL_OPEN);
  let events: EventWriter | undefined;
  let chunk: (delta: Record<string, unknown>, finish?: string | null) => Record<string, unknown> = () => ({});
  let first = true;
  const send = (delta: Record<string, unknown>) => {
    // The role rides on the first chunk that has text, so no client takes a role-only chunk for the first token.
    events?.send(chunk(first ? { role: 'assistant', ...delta } : delta));
    first = false;
  };
  const emit = (kind: TextKind, piece: string, newCalls: ParsedToolCall[]) => {
    text[kind] += piece;
    if (piece) send(kind === 'content' ? { content: piece } : { reasoning_content: piece });
    for (const call of newCalls) {
      calls.push(call);
      send({ tool_calls: [toolCallJson(call, calls.length - 1, true)] });
    }
  };
  const run = await runLeased(
    res,
    deps,
    arrived,
    'chatcmpl',
    promptTokens,
    { ...request, maxTokens: request.maxTokens ?? room, grammar, stopWhen: grammar && (() => isCompleteJson(written)) },
    (headers, id, created) => {
      chunk = (delta, finishReason = null) => ({
        id,
        object: 'chat.completion.chunk',
        created,
        model: deps.modelName,
        choices: [{ index: 0, delta, finish_reason: finishReason }],
      });
      Object.assign(headers, ignored);
      if (request.stream) {
        startEventStream(res, headers);
        events = new EventWriter(res);
      } else res.setHeaders(new Map(Object.entries(headers)));
    },
    (kind, piece) => {
      if (kind === 'content') written += piece;
      if (kind === 'content' && toolStream) {
        const out = toolStream.push(piece);
        emit('content', out.content, out.calls);
      } else emit(kind, piece, []);
    },
  );
  const { result, id, created } = run;
  if (result.finishReason === 'cancelled') return 499;
  if (toolStream) {
    const out = toolStream.finish();
    emit('content', out.content, out.calls);
  }
  const finishReason = calls.length > 0 ? 'tool_calls' : result.finishReason;
  const usage = usageOf(result);
  if (events) {
    if (first) send({ content: '' });
    events.send(chunk({}, finishReason));
    if (request.includeUsage)
      events.send({ id, object: 'chat.completion.chunk', created, model: deps.modelName, choices: [], usage });
    events.end('data: [DONE]\n\n');
    return 200;
  }
  const message: Record<string, unknown> = {
    role: 'assistant',
    content: calls.length > 0 && !text.content ? null : text.content,
  };
  if (text.reasoning) message.reasoning_content = text.reasoning;
  if (calls.length > 0) message.tool_calls = calls.map((call, i) => toolCallJson(call, i, false));
  sendJson(res, 200, {
    id,
    object: 'chat.completion',
    created,
    model: deps.modelName,
    choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason }],
    usage,
  });
  return 200;
}

function isCompleteJson(text: string): boolean {
  const trimmed = text.trim();
  if (!trimmed.endsWith('}') && !trimmed.endsWith(']')) return false;
  try {
    JSON.parse(trimmed);
    return true;
  } catch {
    return false;
  }
}

function toolCallJson(call: ParsedToolCall, index: number, streamed: boolean) {
  const json = { id: `call_${index}_${Math.random().toString(36).slice(2, 10)}`, type: 'function', function: call };
  return streamed ? { index, ...json } : json;
}

/** response_format and forced tool calls as node-llama-cpp grammars (GBNF from JSON schema). */
async function grammarFor(deps: CompletionDeps, request: CompletionRequest): Promise<LlamaGrammar | undefined> {
  const { llama } = deps.engine;
  const choice = request.toolChoice;
  if (choice === 'required' || typeof choice === 'object') {
    const tools = typeof choice === 'object' ? request.tools.filter((t) => t.name === choice.name) : request.tools;
    const schema = {
      oneOf: tools.map((tool) => ({
        type: 'object',
        properties: { name: { const: tool.name }, arguments: tool.parameters ?? { type: 'object' } },
        required: ['name', 'arguments'],
      })),
    };
    return schemaGrammar(llama, schema, 'tools');
  }
  const format = request.responseFormat;
  if (format.type === 'json_object') return llama.getGrammarFor('json');
  if (format.type === 'json_schema') return schemaGrammar(llama, format.schema, 'response_format.json_schema.schema');
  return undefined;
}

async function schemaGrammar(
  llama: CompletionDeps['engine']['llama'],
  schema: Record<string, unknown>,
  param: string,
): Promise<LlamaGrammar> {
  try {
    return await llama.createGrammarForJsonSchema(schema as never);
  } catch (error) {
    throw new ServerError(
      400,
      `"${param}" uses JSON schema features this server cannot turn into a grammar: ` +
        `${(error as Error).message.split('\n')[0]}. Supported: type, properties, required, items, enum, const, ` +
        'oneOf/anyOf, minItems/maxItems, string formats.',
      'invalid_request_error',
      'invalid_value',
      {},
      param,
    );
  }
}
