// Conformance with the official `openai` npm client: what a user's code would call, against the
// bundled server on the generated model. Streaming, non-streaming, models, errors (with `param`),
// tools and JSON output must all parse as the SDK expects.
import OpenAI from 'openai';
import t from 'tap';
import { startTinyServer } from '../../helpers/server.js';

const server = await startTinyServer({ warmUp: false });
t.teardown(() => server.close());
const client = new OpenAI({ baseURL: server.url, apiKey: 'not-needed', maxRetries: 0 });
const model = server.modelName;
const messages = [{ role: 'user' as const, content: 'Hello there' }];

t.test('models: list and retrieve', async (t) => {
  const list = await client.models.list();
  t.same(
    list.data.map((m) => m.id),
    [model],
  );
  const one = await client.models.retrieve(model);
  t.equal(one.id, model);
  t.type(await client.models.retrieve('gpt-4o').catch((e: unknown) => e), OpenAI.NotFoundError);
});

t.test('chat, non-streaming', async (t) => {
  const reply = await client.chat.completions.create({ model, messages, max_tokens: 8, seed: 1 });
  t.equal(reply.object, 'chat.completion');
  t.type(reply.choices[0]?.message.content, 'string');
  t.equal(reply.usage?.completion_tokens, 8);
  t.equal(reply.choices[0]?.finish_reason, 'length');
});

t.test('chat, streaming with usage: the SDK reassembles the same text', async (t) => {
  const whole = await client.chat.completions.create({ model, messages, max_tokens: 8, seed: 2 });
  const stream = await client.chat.completions.create({
    model,
    messages,
    max_tokens: 8,
    seed: 2,
    stream: true,
    stream_options: { include_usage: true },
  });
  let text = '';
  let usage: OpenAI.CompletionUsage | null | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta.content ?? '';
    if (chunk.usage) usage = chunk.usage;
  }
  t.equal(text, whole.choices[0]?.message.content);
  t.equal(usage?.completion_tokens, 8);
});

t.test('legacy completions', async (t) => {
  const reply = await client.completions.create({ model, prompt: 'Once upon a time', max_tokens: 5 });
  t.equal(reply.object, 'text_completion');
  t.type(reply.choices[0]?.text, 'string');
  t.equal(reply.usage?.completion_tokens, 5);
});

t.test('errors arrive as typed SDK errors with param and code', async (t) => {
  const several = await client.chat.completions.create({ model, messages, n: 2 }).catch((e: unknown) => e);
  t.type(several, OpenAI.BadRequestError);
  const bad = several as InstanceType<typeof OpenAI.BadRequestError>;
  t.equal(bad.status, 400);
  t.equal(bad.param, 'n');
  t.equal(bad.code, 'invalid_value');
  const unknown = await client.chat.completions.create({ model: 'gpt-4o', messages }).catch((e: unknown) => e);
  t.type(unknown, OpenAI.NotFoundError);
  t.equal((unknown as InstanceType<typeof OpenAI.NotFoundError>).param, 'model');
  const literal = await client.chat.completions
    .create({ model, messages, extra_body: { chat_template_kwargs: { enable_thinking: false } } } as never)
    .catch((e: unknown) => e);
  t.type(literal, OpenAI.BadRequestError);
  t.match((literal as Error).message, /extra_body/);
});

t.test('vLLM-style extra fields reach the server as top-level body fields', async (t) => {
  const on = await client.chat.completions.create({ model, messages, max_tokens: 1 });
  const off = await client.chat.completions.create({
    model,
    messages,
    max_tokens: 1,
    chat_template_kwargs: { enable_thinking: false },
  } as OpenAI.ChatCompletionCreateParamsNonStreaming);
  t.ok((off.usage?.prompt_tokens ?? 0) > (on.usage?.prompt_tokens ?? 0), 'the no-think prompt is longer');
});

t.test('tools: a forced call comes back as tool_calls the SDK types', async (t) => {
  const reply = await client.chat.completions.create({
    model,
    messages: [{ role: 'user', content: 'Weather in Rome?' }],
    max_tokens: 200,
    temperature: 0,
    tools: [
      {
        type: 'function',
        function: {
          name: 'get_weather',
          parameters: { type: 'object', properties: { city: { enum: ['Paris', 'Rome'] } }, required: ['city'] },
        },
      },
    ],
    tool_choice: 'required',
  });
  const choice = reply.choices[0]!;
  t.equal(choice.finish_reason, 'tool_calls');
  const call = choice.message.tool_calls?.[0];
  t.equal(call?.type, 'function');
  if (call?.type === 'function') {
    t.equal(call.function.name, 'get_weather');
    t.match(JSON.parse(call.function.arguments), { city: /^(Paris|Rome)$/ });
  }
  const followUp = await client.chat.completions.create({
    model,
    max_tokens: 2,
    messages: [
      { role: 'user', content: 'Weather in Rome?' },
      choice.message as OpenAI.ChatCompletionAssistantMessageParam,
      { role: 'tool', tool_call_id: call!.id, content: '{"temperature_c": 24}' },
    ],
  });
  t.equal(followUp.choices[0]?.message.role, 'assistant', 'assistant tool_calls with content null are accepted');
});

t.test('JSON output: json_schema parses and matches', async (t) => {
  const reply = await client.chat.completions.create({
    model,
    messages,
    max_tokens: 60,
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'verdict',
        schema: { type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'] },
      },
    },
  });
  t.type(JSON.parse(reply.choices[0]?.message.content ?? '').ok, 'boolean');
});
