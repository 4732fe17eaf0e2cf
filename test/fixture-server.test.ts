import { spawn } from 'node:child_process';
import t from 'tap';
import { request } from 'undici';
import { type FaultKind, type FixtureServer, startFixtureServer, tokenize } from '../fixtures/openai-server/index.js';
import { childEnv } from './helpers/eval-harness.js';

interface Sse {
  status: number;
  headers: Record<string, unknown>;
  events: string[];
  text: string;
  ended: boolean;
}

function body(content: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    model: 'm1',
    messages: [{ role: 'user', content }],
    stream: true,
    stream_options: { include_usage: true },
    ...extra,
  });
}

/** Reads a response raw; gives up (ended: false) after `waitMs`. */
async function post(
  server: FixtureServer,
  payload: string,
  waitMs = 2000,
  headers: Record<string, string> = {},
): Promise<Sse> {
  const res = await request(`${server.url}/chat/completions`, {
    method: 'POST',
    body: payload,
    headers: { 'content-type': 'application/json', ...headers },
  });
  const out: Sse = { status: res.statusCode, headers: res.headers, events: [], text: '', ended: false };
  const timer = setTimeout(() => res.body.destroy(), waitMs);
  try {
    for await (const chunk of res.body) {
      out.text += chunk.toString();
      out.events.push(...out.text.split('\n\n').slice(out.events.length, -1));
    }
    out.ended = true;
  } catch {
    out.ended = false;
  } finally {
    clearTimeout(timer);
  }
  return out;
}

const json = (event: string): any => JSON.parse(event.replace(/^data: /, ''));

let server: FixtureServer;
t.before(async () => {
  server = await startFixtureServer();
});
t.teardown(() => server.close());
t.beforeEach(() => {
  server.configure({
    fault: undefined,
    faultRate: 0,
    ttftMs: 0,
    itlMs: 0,
    tokensPerChunk: 1,
    reasoning: undefined,
    reply: undefined,
    roleChunk: 'with-first-token',
    usage: true,
    requireApiKey: undefined,
    coalesce: false,
  });
  server.reset();
});

t.test('streams chunks in OpenAI shape, then usage, then [DONE]', async (t) => {
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  const r = await post(server, body('my cat is Tom'));
  t.equal(r.status, 200);
  t.match(String(r.headers['content-type']), /text\/event-stream/);
  t.equal(r.events.at(-1), 'data: [DONE]');
  const chunks = r.events.slice(0, -1).map(json);
  const usage = chunks.pop();
  t.same(usage.choices, []);
  t.equal(usage.object, 'chat.completion.chunk');
  let content = '';
  for (const [i, c] of chunks.entries()) {
    t.equal(c.object, 'chat.completion.chunk');
    t.match(c.id, /^chatcmpl-/);
    t.equal(c.model, 'm1');
    t.type(c.created, 'number');
    t.equal(c.choices.length, 1);
    t.equal(c.choices[0].index, 0);
    t.equal(c.choices[0].finish_reason, i === chunks.length - 1 ? 'stop' : null);
    if (i === 0) t.equal(c.choices[0].delta.role, 'assistant', 'role rides on the first token');
    content += c.choices[0].delta.content ?? '';
  }
  t.equal(content, 'Turn 1: you said "my cat is Tom".');
  t.same(chunks.at(-1).choices[0].delta, {}, 'finish chunk has an empty delta');
  t.equal(usage.usage.completion_tokens, tokenize(content).length);
  t.equal(usage.usage.prompt_tokens, 4);
  t.equal(usage.usage.total_tokens, usage.usage.prompt_tokens + usage.usage.completion_tokens);
  const entry = server.log[0]!;
  t.equal(entry.contentChunkAt.length, tokenize(content).length);
  t.equal(entry.chunkAt.length, chunks.length + 2, 'every event is logged (tokens, finish, usage, [DONE])');
});

t.test('usage: only when include_usage is asked and the option allows it', async (t) => {
  const without = await post(server, body('x', { stream_options: undefined }));
  t.notOk(without.events.some((e) => e.includes('"usage"')));
  server.configure({ usage: false });
  const off = await post(server, body('x'));
  t.notOk(off.events.some((e) => e.includes('"usage"')));
  t.equal(off.events.at(-1), 'data: [DONE]');
});

t.test('tokens: words with their leading space, single CJK characters; chunks group them', async (t) => {
  t.same(tokenize('Hi there, 世界!'), ['Hi', ' there,', ' 世', '界', '!']);
  t.equal(tokenize('a  b ').join(''), 'a  b ');
  server.configure({ reply: 'one two three four five', tokensPerChunk: 2 });
  const r = await post(server, body('x'));
  const deltas = r.events
    .slice(0, -1)
    .map(json)
    .filter((c) => c.choices[0]?.delta.content)
    .map((c) => c.choices[0].delta.content);
  t.same(deltas, ['one two', ' three four', ' five']);
  const usage = json(r.events.at(-2)!).usage;
  t.equal(usage.completion_tokens, 5, 'usage counts tokens, not chunks');
});

t.test('role chunk modes and reasoning_content', async (t) => {
  server.configure({ roleChunk: 'with-headers', ttftMs: 150, reply: 'a b' });
  const r = await post(server, body('x'));
  const first = json(r.events[0]!);
  t.same(first.choices[0].delta, { role: 'assistant', content: '' });
  const e = server.log[0]!;
  t.ok(e.chunkAt[0]! - e.receivedAt < 100, 'role chunk sent with the headers');
  t.ok(e.firstContentAt! - e.receivedAt >= 150, 'first content no sooner than ttftMs');

  server.configure({ roleChunk: 'none', ttftMs: 0, reasoning: 'hmm, so' });
  const n = await post(server, body('x'));
  const chunks = n.events.slice(0, -2).map(json);
  t.notOk(
    chunks.some((c) => c.choices[0]?.delta.role),
    'no role anywhere',
  );
  t.same(
    chunks.slice(0, 2).map((c) => c.choices[0].delta),
    [{ reasoning_content: 'hmm,' }, { reasoning_content: ' so' }],
  );
  t.equal(chunks[2].choices[0].delta.content, 'a');
  t.ok(server.log[1]!.firstReasoningAt! <= server.log[1]!.firstContentAt!);
});

t.test('non-streaming reply, max_tokens truncation, models, health, 404', async (t) => {
  const res = await request(`${server.url}/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({
      messages: [
        { role: 'user', content: 'a' },
        { role: 'assistant', content: 'b' },
        { role: 'user', content: 'c d' },
      ],
      max_tokens: 3,
    }),
  });
  const c: any = await res.body.json();
  t.equal(c.object, 'chat.completion');
  t.equal(c.choices[0].message.role, 'assistant');
  t.equal(c.choices[0].message.content, 'Turn 2: you');
  t.equal(c.choices[0].finish_reason, 'length');
  t.equal(c.usage.completion_tokens, 3);
  const models: any = await (await request(`${server.url}/models`)).body.json();
  t.same(
    models.data.map((m: any) => m.id),
    ['fixture-model'],
  );
  t.same(await (await request(`${server.url.replace('/v1', '')}/health`)).body.json(), { status: 'ok' });
  const missing = await request(`${server.url}/nope`);
  t.equal(missing.statusCode, 404);
  await missing.body.dump();
});

t.test('requireApiKey: 401 without the right bearer; the log keeps only its presence', async (t) => {
  server.configure({ requireApiKey: 'sk-fixture-secret' });
  const none = await post(server, body('x'));
  t.equal(none.status, 401);
  const wrong = await post(server, body('x'), 2000, { authorization: 'Bearer nope' });
  t.equal(wrong.status, 401);
  const right = await post(server, body('x'), 2000, { authorization: 'Bearer sk-fixture-secret' });
  t.equal(right.status, 200);
  t.same(
    server.log.map((e) => e.hadAuthorization),
    [false, true, true],
  );
  t.notOk(JSON.stringify(server.log).includes('sk-fixture-secret'));
});

t.test('HTTP faults answer with an OpenAI error body', async (t) => {
  for (const [fault, status] of [
    ['http_400', 400],
    ['http_401', 401],
    ['http_429', 429],
    ['http_500', 500],
    ['http_503', 503],
  ] as const) {
    server.configure({ fault });
    const r = await post(server, body('x'));
    t.equal(r.status, status, fault);
    t.type(JSON.parse(r.text).error.message, 'string');
    if (fault === 'http_429') t.equal(r.headers['retry-after'], '1');
  }
  t.same(
    server.log.map((e) => e.fault),
    ['http_400', 'http_401', 'http_429', 'http_500', 'http_503'],
  );
});

t.test('reset destroys the socket before any response', async (t) => {
  server.configure({ fault: 'reset' });
  await t.rejects(post(server, body('x')));
});

t.test('stream faults', async (t) => {
  server.configure({ reply: 'one two three four', itlMs: 5 });
  const contents = (r: Sse): string =>
    r.events
      .filter((e) => e.startsWith('data: {"id'))
      .map(json)
      .map((c) => c.choices[0]?.delta.content ?? '')
      .join('');

  server.configure({ fault: 'stall_before_first_token' });
  const sb = await post(server, body('x'), 200);
  t.notOk(sb.ended, 'connection stays open');
  t.same(
    sb.events.map((e) => json(e).choices[0].delta),
    [{ role: 'assistant', content: '' }],
  );

  server.configure({ fault: 'stall_mid_stream' });
  const sm = await post(server, body('x'), 200);
  t.notOk(sm.ended);
  t.equal(contents(sm), 'one two');

  server.configure({ fault: 'cut' });
  const cut = await post(server, body('x'));
  t.ok(cut.ended, 'ends cleanly');
  t.equal(contents(cut), 'one two');
  t.notOk(cut.text.includes('finish_reason":"stop'));
  t.notOk(cut.text.includes('[DONE]'));

  server.configure({ fault: 'malformed' });
  const bad = await post(server, body('x'));
  t.ok(
    bad.events.some((e) => {
      try {
        json(e);
        return false;
      } catch {
        return true;
      }
    }),
    'one event is not JSON',
  );
  t.equal(bad.events.at(-1), 'data: [DONE]');

  server.configure({ fault: 'empty' });
  const empty = await post(server, body('x'));
  t.equal(contents(empty), '');
  t.match(empty.text, /"finish_reason":"stop"/);
  t.equal(empty.events.at(-1), 'data: [DONE]');
  t.equal(json(empty.events.at(-2)!).usage.completion_tokens, 0);
});

t.test('faultRate with a seed fails a known share, the same requests each time', async (t) => {
  const failing = async (): Promise<number[]> => {
    server.reset();
    for (let i = 0; i < 200; i++) {
      const res = await request(`${server.url}/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }),
      });
      await res.body.dump();
    }
    return server.log.flatMap((e, i) => (e.fault ? [i] : []));
  };
  server.configure({ faultRate: 0.25, seed: 42, faultRateKinds: ['http_500', 'http_503'] });
  const first = await failing();
  t.ok(first.length >= 30 && first.length <= 70, `about a quarter fail (${first.length}/200)`);
  t.same(new Set(server.log.flatMap((e) => (e.fault ? [e.fault] : []))), new Set<FaultKind>(['http_500', 'http_503']));
  t.same(await failing(), first, 'same seed, same failing requests');
  server.configure({ seed: 43 });
  t.not((await failing()).join(), first.join(), 'another seed, other requests');
});

t.test('fault function, in-flight count, timing log, close ends open streams', async (t) => {
  server.configure({
    fault: (req) => (req.lastUser === 'stall' ? 'stall_mid_stream' : undefined),
    reply: 'a b c d',
    itlMs: 20,
    ttftMs: 30,
  });
  const results = await Promise.all([post(server, body('go')), post(server, body('go')), post(server, body('go'))]);
  t.ok(results.every((r) => r.ended));
  t.same(server.log.map((e) => e.inFlightOnArrival).sort(), [1, 2, 3]);
  for (const e of server.log) {
    t.ok(e.firstContentAt! - e.receivedAt >= 30, 'first content no sooner than ttftMs');
    // The schedule is absolute (no drift): chunk k is sent no sooner than ttftMs + k * itlMs.
    const offsets = e.contentChunkAt.map((v) => v - e.receivedAt);
    t.ok(
      offsets.every((v, k) => v >= 30 + k * 20 - 0.5),
      `chunks follow the schedule: ${offsets.map((g) => g.toFixed(1))}`,
    );
    t.ok(e.endAt! >= e.contentChunkAt.at(-1)!);
  }
  const other = await startFixtureServer({ fault: 'stall_mid_stream' });
  const open = post(other, body('x'), 5000);
  await new Promise((r) => setTimeout(r, 100));
  const before = performance.now();
  await other.close();
  await open;
  t.ok(performance.now() - before < 1000, 'close() does not wait for stalled streams');
});

t.test('cli runs standalone, prints its URL, stops on SIGTERM', async (t) => {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'fixtures/openai-server/cli.ts', '--port', '0', '--reply', 'hello cli'],
    { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv() },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString();
      const m = /http:\/\/127\.0\.0\.1:\d+\/v1/.exec(out);
      if (m) resolve(m[0]);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}`)));
    setTimeout(() => reject(new Error('no URL printed')), 20_000);
  });
  const res = await request(`${url}/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ messages: [{ role: 'user', content: 'q' }] }),
  });
  const c: any = await res.body.json();
  t.equal(c.choices[0].message.content, 'hello cli');
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  t.equal(await exited, 0);
});

t.test('configure with undefined falls back to the defaults', async (t) => {
  server.configure({
    ttftMs: undefined,
    itlMs: undefined,
    tokensPerChunk: undefined,
    roleChunk: undefined,
    reply: 'a b',
  });
  const r = await post(server, body('x'));
  t.equal(r.status, 200);
  t.equal(r.events.length, 5, 'two tokens, finish, usage, [DONE]');
});

t.test('coalesce: same stream, same bytes, fewer writes', async (t) => {
  server.configure({ coalesce: true, reply: 'a b c d e f' });
  const r = await post(server, body('x'));
  const content = r.events
    .slice(0, -2)
    .map(json)
    .map((c) => c.choices[0]?.delta.content ?? '')
    .join('');
  t.equal(content, 'a b c d e f');
  t.equal(r.events.at(-1), 'data: [DONE]');
  t.equal(server.log[0]!.contentChunkAt.length, 6);
});
