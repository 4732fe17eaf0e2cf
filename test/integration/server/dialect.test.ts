// The OpenAI/vLLM dialect beyond plain chat: models by id, /v1/completions, `param` in errors,
// refused and ignored fields, JSON output through grammars, and tools (Qwen3 <tool_call> blocks).
import t from 'tap';
import { call, chat, sseEvents, startTinyServer } from '../../helpers/server.js';

const server = await startTinyServer({ warmUp: false });
t.teardown(() => server.close());
const user = (content: string) => ({ role: 'user', content });
const weather = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather of a city',
    parameters: { type: 'object', properties: { city: { enum: ['Paris', 'Rome'] } }, required: ['city'] },
  },
};

t.test('GET /v1/models/{id}: the served model, else 404 with param', async (t) => {
  const found = await call(server, 'GET', `/v1/models/${encodeURIComponent(server.modelName)}`);
  t.equal(found.status, 200);
  t.match(JSON.parse(found.body), { id: server.modelName, object: 'model', owned_by: 'chatproof' });
  const missing = await call(server, 'GET', '/v1/models/gpt-4o');
  t.equal(missing.status, 404);
  t.match(JSON.parse(missing.body).error, { code: 'model_not_found', param: 'model' });
});

t.test('POST /v1/completions: text in, text out, streamed or not', async (t) => {
  const plain = await call(server, 'POST', '/v1/completions', { prompt: 'Once upon a time', max_tokens: 6, seed: 1 });
  t.equal(plain.status, 200);
  const body = JSON.parse(plain.body);
  t.match(body, { object: 'text_completion', choices: [{ index: 0, logprobs: null, finish_reason: 'length' }] });
  t.equal(body.usage.completion_tokens, 6);
  const streamed = await call(server, 'POST', '/v1/completions', {
    prompt: ['Once upon a time'],
    max_tokens: 6,
    seed: 1,
    stream: true,
  });
  const events = sseEvents(streamed.body);
  t.equal(events.map((e) => e.choices[0].text).join(''), body.choices[0].text, 'same seed, same text');
  t.equal(events[events.length - 1]!.choices[0].finish_reason, 'length');
  const defaulted = JSON.parse((await call(server, 'POST', '/v1/completions', { prompt: 'x' })).body);
  t.equal(defaulted.usage.completion_tokens, 16, "OpenAI's default of 16 tokens");
});

t.test('fields that cannot be honoured are refused with 400 naming the field', async (t) => {
  const cases: Array<[Record<string, unknown>, string, RegExp]> = [
    [{ n: 2 }, 'n', /one choice per request/],
    [{ logprobs: true }, 'logprobs', /not supported/],
    [{ top_logprobs: 3 }, 'top_logprobs', /not supported/],
    [{ logit_bias: { '12': 5 } }, 'logit_bias', /not supported/],
    [{ extra_body: { chat_template_kwargs: { enable_thinking: false } } }, 'extra_body', /top level of the body/],
    [{ functions: [] }, 'functions', /send "tools"/],
    [{ temperature: 5 }, 'temperature', /from 0 to 2/],
    [{ tool_choice: 'required' }, 'tool_choice', /no "tools" were sent/],
    [{ tools: [weather], tool_choice: { type: 'function', function: { name: 'nope' } } }, 'tool_choice', /not one of/],
    [{ response_format: { type: 'xml' } }, 'response_format.type', /json_schema/],
    [{ messages: [user('x'), { role: 'tool', content: 'r' }] }, 'messages[1].tool_call_id', /must name the call/],
  ];
  for (const [extra, param, message] of cases) {
    const r = await chat(server, { messages: [user('x')], max_tokens: 1, ...extra });
    t.equal(r.status, 400, param);
    const { error } = JSON.parse(r.body);
    t.equal(error.param, param);
    t.match(error.message, message);
  }
  const r = await call(server, 'POST', '/v1/chat/completions', '{not json');
  t.same(Object.keys(JSON.parse(r.body).error).sort(), ['code', 'message', 'param', 'type'], 'param in every error');
});

t.test('unknown fields are ignored and listed in x-chatproof-ignored-fields', async (t) => {
  const r = await chat(server, { messages: [user('x')], max_tokens: 1, guided_banana: 1, mirostat: 2 });
  t.equal(r.status, 200);
  t.equal(r.headers['x-chatproof-ignored-fields'], 'guided_banana, mirostat');
  const known = await chat(server, { messages: [user('x')], max_tokens: 1, user: 'u1', top_k: 20, min_p: 0.05 });
  t.equal(known.headers['x-chatproof-ignored-fields'], undefined, 'known fields are not listed');
});

t.test('response_format json_schema: the reply is JSON that matches, and ends when complete', async (t) => {
  const schema = { type: 'object', properties: { answer: { enum: ['yes', 'no'] } }, required: ['answer'] };
  const r = await chat(server, {
    messages: [user('yes or no?')],
    max_tokens: 60,
    response_format: { type: 'json_schema', json_schema: { name: 'verdict', schema } },
  });
  const choice = JSON.parse(r.body).choices[0];
  t.match(JSON.parse(choice.message.content), { answer: /^(yes|no)$/ });
  t.equal(choice.finish_reason, 'stop');
  t.notOk(choice.message.reasoning_content, 'no thinking under a grammar');
  const objectOnly = await chat(server, {
    messages: [user('json')],
    max_tokens: 8,
    response_format: { type: 'json_object' },
  });
  t.match(JSON.parse(objectOnly.body).choices[0].message.content, /^\s*\{/, 'json_object starts an object');
});

t.test('tools: rendered into the prompt, a forced call comes back as tool_calls', async (t) => {
  const base = { messages: [user('Weather in Paris?')], max_tokens: 200, temperature: 0 };
  const without = JSON.parse((await chat(server, base)).body).usage.prompt_tokens;
  const withTools = JSON.parse((await chat(server, { ...base, tools: [weather], max_tokens: 1 })).body).usage
    .prompt_tokens;
  t.ok(withTools > without + 20, `the tool definitions are in the prompt (${without} -> ${withTools} tokens)`);
  const forced = JSON.parse((await chat(server, { ...base, tools: [weather], tool_choice: 'required' })).body);
  const choice = forced.choices[0];
  t.equal(choice.finish_reason, 'tool_calls');
  t.equal(choice.message.content, null);
  t.equal(choice.message.tool_calls.length, 1);
  t.match(choice.message.tool_calls[0], { type: 'function', id: /^call_/, function: { name: 'get_weather' } });
  t.match(JSON.parse(choice.message.tool_calls[0].function.arguments), { city: /^(Paris|Rome)$/ });
  const streamed = sseEvents(
    (
      await chat(server, {
        ...base,
        tools: [weather],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        stream: true,
      })
    ).body,
  );
  const calls = streamed.flatMap((e) => e.choices[0]?.delta.tool_calls ?? []);
  t.equal(calls.length, 1);
  t.match(calls[0], { index: 0, function: { name: 'get_weather' } });
  t.equal(streamed[streamed.length - 1]!.choices[0].finish_reason, 'tool_calls');
});

t.test('assistant tool_calls (content null) and tool results are accepted and templated', async (t) => {
  const call1 = { id: 'c1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } };
  const asked = [user('Weather in Paris?'), { role: 'assistant', content: null, tool_calls: [call1] }];
  const answered = [...asked, { role: 'tool', tool_call_id: 'c1', content: '{"temperature_c": 21}' }];
  const a = await chat(server, { messages: answered, tools: [weather], max_tokens: 2 });
  t.equal(a.status, 200);
  const shorter = { ...answered[2], content: '{}' };
  const b = await chat(server, { messages: [...asked, shorter], tools: [weather], max_tokens: 2 });
  t.ok(
    JSON.parse(a.body).usage.prompt_tokens > JSON.parse(b.body).usage.prompt_tokens,
    "the tool's result is in the prompt",
  );
});
