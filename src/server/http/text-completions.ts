// POST /v1/completions: the plain-text completion route vLLM serves beside chat. The prompt is
// tokenised as given (special tokens such as <|im_start|> included), with no chat template.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type CompletionDeps, checkModel, roomFor, runLeased, usageOf } from './leased-generation.js';
import { invalid, isObject, numberField } from './request-fields.js';
import { EventWriter, readBody, sendJson, startEventStream } from './respond.js';
import { parseJsonObject, parseSampling, SHARED_FIELDS, unknownFields } from './validate.js';

const TEXT_FIELDS = new Set([...SHARED_FIELDS, 'prompt', 'echo', 'suffix', 'best_of']);

function parsePrompt(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length === 1 && typeof v[0] === 'string') return v[0];
  throw invalid('"prompt" must be a string (or an array of exactly one string: one prompt per request).', 'prompt');
}

export async function handleTextCompletion(
  req: IncomingMessage,
  res: ServerResponse,
  deps: CompletionDeps,
): Promise<number> {
  const arrived = performance.now();
  const body = parseJsonObject(await readBody(req));
  if (body.echo === true) throw invalid('"echo" is not supported by this server; leave it out.', 'echo');
  if (typeof body.suffix === 'string' && body.suffix)
    throw invalid('"suffix" (fill-in-the-middle) is not supported by this server.', 'suffix');
  if (isObject(body) && body.best_of !== undefined && body.best_of !== null && body.best_of !== 1)
    throw invalid('"best_of" must be 1: this server returns one choice per request.', 'best_of');
  const sampling = parseSampling(body);
  checkModel(deps, sampling.model);
  // OpenAI's default for this route is 16 tokens.
  const maxTokens = numberField(body, 'max_tokens', 1, 1_000_000, true) ?? 16;
  const prompt = deps.engine.model.tokenize(parsePrompt(body.prompt), true);
  if (prompt.length === 0) throw invalid('"prompt" must not be empty.', 'prompt');
  roomFor(deps, prompt.length, maxTokens);
  const ignored = unknownFields(body, TEXT_FIELDS);
  let text = '';
  let events: EventWriter | undefined;
  let chunk: (piece: string, finish: string | null) => Record<string, unknown> = () => ({});
  const run = await runLeased(
    res,
    deps,
    arrived,
    'cmpl',
    prompt,
    { ...sampling, maxTokens },
    (headers, id, created) => {
      chunk = (piece, finish) => ({
        id,
        object: 'text_completion',
        created,
        model: deps.modelName,
        choices: [{ index: 0, text: piece, logprobs: null, finish_reason: finish }],
      });
      if (ignored.length) headers['x-chatproof-ignored-fields'] = ignored.join(', ');
      if (sampling.stream) {
        startEventStream(res, headers);
        events = new EventWriter(res);
      } else res.setHeaders(new Map(Object.entries(headers)));
    },
    (kind, piece) => {
      // No chat template here: a <think> block is part of the text, written back as the model wrote it.
      const shown = kind === 'reasoning' && !text.includes('<think>') ? `<think>${piece}` : piece;
      text += shown;
      events?.send(chunk(shown, null));
    },
  );
  const { result, id, created } = run;
  if (result.finishReason === 'cancelled') return 499;
  const usage = usageOf(result);
  if (events) {
    events.send(chunk('', result.finishReason));
    if (sampling.includeUsage)
      events.send({ id, object: 'text_completion', created, model: deps.modelName, choices: [], usage });
    events.end('data: [DONE]\n\n');
    return 200;
  }
  sendJson(res, 200, {
    id,
    object: 'text_completion',
    created,
    model: deps.modelName,
    choices: [{ index: 0, text, logprobs: null, finish_reason: result.finishReason }],
    usage,
  });
  return 200;
}
