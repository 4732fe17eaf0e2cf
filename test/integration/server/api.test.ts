import t from 'tap';
import { chatPageHtml } from '../../../src/server/page/chat-page.js';
import { call, chat, metric, sseEvents, startTinyServer } from '../../helpers/server.js';

const server = await startTinyServer();
t.teardown(() => server.close());

const user = (content: string) => ({ role: 'user', content });

t.test('non-streaming reply follows the OpenAI shape and honours max_tokens', async (t) => {
  const r = await chat(server, {
    model: server.modelName,
    messages: [user('Hello, 你好!')],
    max_tokens: 12,
    temperature: 0.8,
    top_p: 0.9,
    seed: 7,
  });
  t.equal(r.status, 200);
  const body = JSON.parse(r.body);
  t.equal(body.object, 'chat.completion');
  t.equal(body.model, server.modelName);
  t.equal(body.choices[0].message.role, 'assistant');
  t.type(body.choices[0].message.content, 'string');
  // Random weights pick an end-of-turn token now and then (finish "stop"); otherwise max_tokens ends it.
  const completion = body.usage.completion_tokens as number;
  t.ok(completion >= 1 && completion <= 12);
  t.equal(body.choices[0].finish_reason, completion === 12 ? 'length' : 'stop');
  t.ok(body.usage.prompt_tokens > 5);
  t.equal(body.usage.total_tokens, body.usage.prompt_tokens + completion);
});

t.test('same seed, same reply; temperature 0 is deterministic', async (t) => {
  const req = { messages: [user('repeat after me')], max_tokens: 16, temperature: 0.9, seed: 42 };
  const a = JSON.parse((await chat(server, req)).body).choices[0].message.content;
  const b = JSON.parse((await chat(server, req)).body).choices[0].message.content;
  t.equal(a, b);
});

t.test('streaming sends role with the first text, a finish chunk, usage, then [DONE]', async (t) => {
  const r = await chat(server, {
    messages: [user('stream please')],
    max_tokens: 10,
    seed: 3,
    stream: true,
    stream_options: { include_usage: true },
    enable_thinking: false,
  });
  t.equal(r.status, 200);
  t.match(String(r.headers['content-type']), /text\/event-stream/);
  t.ok(r.body.trimEnd().endsWith('data: [DONE]'));
  const events = sseEvents(r.body);
  const deltas = events.filter((e) => e.choices.length > 0);
  t.equal(deltas[0]!.choices[0].delta.role, 'assistant');
  t.ok(
    deltas.slice(1).every((e) => e.choices[0].delta.role === undefined),
    'role only once',
  );
  const usage = events[events.length - 1]!;
  t.same(usage.choices, []);
  const completion = usage.usage.completion_tokens as number;
  t.ok(completion >= 1 && completion <= 10);
  t.equal(deltas[deltas.length - 1]!.choices[0].finish_reason, completion === 10 ? 'length' : 'stop');
  const text = deltas.map((e) => e.choices[0].delta.content ?? '').join('');
  t.ok(text.length > 0, 'text streamed');
});

t.test("the generated model's streamed deltas are readable text: no U+FFFD, no control characters", async (t) => {
  for (const seed of [1, 2, 3, 4]) {
    const body = { messages: [user('写一个故事, tell a story')], max_tokens: 64, temperature: 1, seed };
    const streamed = sseEvents((await chat(server, { ...body, stream: true })).body)
      .filter((e) => e.choices.length > 0)
      .map((e) => (e.choices[0].delta.content as string | undefined) ?? '');
    const whole = JSON.parse((await chat(server, body)).body).choices[0].message.content as string;
    t.equal(streamed.join(''), whole, `seed ${seed}: the deltas add up to the reply`);
    t.notOk(
      streamed.some((piece) => /[\uFFFD\u0000-\u0009\u000B-\u001F\u007F-\u009F]/.test(piece)),
      `seed ${seed}: every delta is whole text`,
    );
    t.ok(whole.trim().length > 0);
  }
});

t.test('without include_usage no usage chunk is sent', async (t) => {
  const r = await chat(server, { messages: [user('hi')], max_tokens: 4, seed: 1, stream: true });
  t.notOk(sseEvents(r.body).some((e) => e.usage));
});

t.test('stop strings end the reply and never leak', async (t) => {
  const base = { messages: [user('say something')], max_tokens: 40, temperature: 0, seed: 1 };
  const full = JSON.parse((await chat(server, base)).body).choices[0].message.content as string;
  const stop = [...full.slice(5)].find((c) => c.trim() && c !== '\uFFFD')!;
  const cut = JSON.parse((await chat(server, { ...base, stop: [stop] })).body);
  t.equal(cut.choices[0].finish_reason, 'stop');
  t.equal(cut.choices[0].message.content, full.slice(0, full.indexOf(stop)));
});

t.test(
  'enable_thinking=false renders the Qwen no-think prompt (4 more tokens: <think>\\n\\n</think>\\n\\n)',
  async (t) => {
    const messages = [{ role: 'system', content: 'Be brief.' }, user('What is 2+2?')];
    const on = await chat(server, { messages, max_tokens: 1, chat_template_kwargs: { enable_thinking: true } });
    const off = await chat(server, { messages, max_tokens: 1, chat_template_kwargs: { enable_thinking: false } });
    const topLevel = await chat(server, { messages, max_tokens: 1, enable_thinking: false });
    const tokens = (r: { body: string }) => JSON.parse(r.body).usage.prompt_tokens as number;
    t.ok(tokens(off) > tokens(on));
    t.equal(tokens(topLevel), tokens(off), 'the top-level field works too');
  },
);

t.test('max_history_turns drops old turns server-side', async (t) => {
  const messages = [
    { role: 'system', content: 'sys' },
    user('first question about a film'),
    { role: 'assistant', content: 'first answer' },
    user('second question'),
    { role: 'assistant', content: 'second answer' },
    user('third question'),
  ];
  const all = JSON.parse((await chat(server, { messages, max_tokens: 1 })).body).usage.prompt_tokens;
  const one = JSON.parse((await chat(server, { messages, max_tokens: 1, max_history_turns: 1 })).body).usage
    .prompt_tokens;
  const none = JSON.parse((await chat(server, { messages, max_tokens: 1, max_history_turns: 0 })).body).usage
    .prompt_tokens;
  t.ok(all > one && one > none, `${all} > ${one} > ${none}`);
});

t.test("a second turn reuses the first turn's KV cache", async (t) => {
  const system = { role: 'system', content: 'You remember facts about the user. '.repeat(6) };
  const turn1 = [system, user('My name is Ada and my favourite film is Alien.')];
  const r1 = await chat(server, { messages: turn1, max_tokens: 8, temperature: 0 });
  const reply = JSON.parse(r1.body);
  const hitsBefore = await metric(server, 'chatproof_kv_cache_hits_total');
  const turn2 = [...turn1, { role: 'assistant', content: reply.choices[0].message.content }, user('What is my name?')];
  const r2 = await chat(server, { messages: turn2, max_tokens: 8, temperature: 0 });
  const reused = Number(r2.headers['x-chatproof-kv-reused-tokens']);
  t.ok(reused >= reply.usage.prompt_tokens, `reused ${reused} of turn 1's ${reply.usage.prompt_tokens} prompt tokens`);
  t.equal(JSON.parse(r2.body).usage.prompt_tokens_details.cached_tokens, reused);
  t.equal(await metric(server, 'chatproof_kv_cache_hits_total'), hitsBefore + 1);
});

t.test('bad requests get OpenAI-style 400/404 errors', async (t) => {
  const cases: Array<[unknown, number, string]> = [
    ['{not json', 400, 'invalid_json'],
    [{ messages: 'hi' }, 400, 'missing_messages'],
    [{ messages: [{ role: 'robot', content: 'x' }] }, 400, 'invalid_value'],
    [{ messages: [user('x')], temperature: 5 }, 400, 'invalid_value'],
    [{ messages: [user('x')], max_tokens: 0 }, 400, 'invalid_value'],
    [{ messages: [user('x')], stop: 7 }, 400, 'invalid_value'],
    [{ messages: [user('x')], chat_template_kwargs: { enable_thinking: 'no' } }, 400, 'invalid_value'],
    [{ model: 'gpt-4', messages: [user('x')] }, 404, 'model_not_found'],
    [{ messages: [user('long '.repeat(1500))], max_tokens: 4 }, 400, 'context_length_exceeded'],
    [{ messages: [user('x')], max_tokens: 5000 }, 400, 'context_length_exceeded'],
  ];
  for (const [body, status, code] of cases) {
    const r = await call(server, 'POST', '/v1/chat/completions', body);
    t.equal(r.status, status, JSON.stringify(body).slice(0, 60));
    const error = JSON.parse(r.body).error;
    t.equal(error.code, code);
    t.type(error.message, 'string');
    t.notMatch(error.message, /\n\s+at /, 'no stack trace');
  }
  t.equal((await call(server, 'GET', '/v1/chat/completions')).status, 405, 'known route, wrong method');
  for (const [method, path] of [
    ['GET', '/nope'],
    ['POST', '/v1/embeddings'],
    ['POST', '/v1/chat/completion'],
    ['POST', '/nope'],
  ]) {
    const r = await call(server, method!, path!, method === 'POST' ? { messages: [user('x')] } : undefined);
    t.equal(r.status, 404, `${method} ${path}: unknown route`);
    t.equal(JSON.parse(r.body).error.code, 'not_found');
  }
});

t.test('GET /v1/models, /health and /metrics', async (t) => {
  const models = JSON.parse((await call(server, 'GET', '/v1/models')).body);
  t.same(
    models.data.map((m: { id: string }) => m.id),
    [server.modelName],
  );
  const health = JSON.parse((await call(server, 'GET', '/health')).body);
  t.match(health, {
    status: 'ok',
    generated: true,
    backend: 'cpu',
    layersOffloaded: 0,
    totalLayers: 3,
    contextPerSequence: 1024,
    sequences: 2,
    busySequences: 0,
    queueDepth: 0,
  });
  const metrics = (await call(server, 'GET', '/metrics')).body;
  for (const name of [
    'chatproof_requests_total{status="200"}',
    'chatproof_requests_total{status="400"}',
    'chatproof_queue_depth',
    'chatproof_sequences_busy',
    'chatproof_generated_tokens_total',
    'chatproof_ttft_seconds_bucket{le="+Inf"}',
    'chatproof_e2e_seconds_count',
    'chatproof_kv_cache_hits_total',
    'chatproof_backend_info{backend="cpu",device=""}',
    'chatproof_ready',
    'chatproof_layers_offloaded',
    'chatproof_vram_used_bytes',
    'chatproof_context_tokens_per_sequence',
  ]) {
    t.ok(metrics.includes(`${name} `), name);
  }
  t.ok((await metric(server, 'chatproof_generated_tokens_total')) > 0);
});

t.test('the chat page at / is self-contained and never treats text as HTML', async (t) => {
  const r = await call(server, 'GET', '/');
  t.equal(r.status, 200);
  t.match(String(r.headers['content-type']), /text\/html/);
  const policy = String(r.headers['content-security-policy']);
  t.match(policy, /default-src 'none'/);
  t.notMatch(policy, /unsafe-inline/, 'no inline code allowed beyond the nonce');
  const nonce = /script-src 'nonce-([^']+)'/.exec(policy)?.[1];
  t.ok(nonce, 'scripts allowed by nonce');
  t.equal(r.body.match(/<script\b/g)?.length, 1, 'one script');
  t.match(r.body, `<script nonce="${nonce}">`);
  t.match(r.body, `<style nonce="${nonce}">`);
  t.notMatch(r.body, /\sstyle=|\son[a-z]+=/i, 'no inline style or handler attributes (the policy would block them)');
  const again = String((await call(server, 'GET', '/')).headers['content-security-policy']);
  t.not(again, policy, 'a fresh nonce per response');
  t.notMatch(r.body, /(src|href)=["']?https?:/i, 'no CDN or remote asset');
  t.notMatch(r.body, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, 'model text only via textContent');
  t.match(r.body, /Save as scenario YAML/);
  t.match(r.body, /enable_thinking/);
  const hostile = chatPageHtml({ modelName: '</script><script>alert(1)</script>', generated: false }, 'n0nce');
  t.notMatch(hostile, /<\/script><script>alert/, 'a hostile model name cannot close the script');
});
