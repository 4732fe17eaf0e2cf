import { createServer, type Server } from 'node:http';
import t from 'tap';
import { type FixtureServer, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { type ChatClient, createChatClient } from '../../../src/client/index.js';
import type { ChatRequest } from '../../../src/core/types.js';

const KEY = 'sk-test-SECRET-0123456789';
const req = (stream = true, content = 'hello'): ChatRequest => ({
  messages: [{ role: 'user', content }],
  params: {},
  stream,
});
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

let server: FixtureServer;
let client: ChatClient;
t.before(async () => {
  server = await startFixtureServer();
  client = createChatClient({
    baseUrl: server.url,
    model: 'm',
    apiKey: KEY,
    timeouts: { firstTokenMs: 300, idleMs: 200, totalMs: 3000 },
  });
});
t.teardown(async () => {
  await client.close();
  await server.close();
});
t.beforeEach(() => {
  server.configure({
    fault: undefined,
    ttftMs: 0,
    itlMs: 0,
    reply: undefined,
    reasoning: undefined,
    roleChunk: 'with-first-token',
    requireApiKey: undefined,
  });
  server.reset();
});

t.test('connection refused', async (t) => {
  const gone = await startFixtureServer();
  await gone.close();
  const c = createChatClient({ baseUrl: gone.url, model: 'm' });
  const r = await c.chat(req());
  await c.close();
  t.equal(r.ok, false);
  t.equal(r.error?.cause, 'connection_refused');
  t.equal(r.timing.firstTokenMs, undefined);
});

t.test('each fixture fault maps to its cause, streamed and not', async (t) => {
  server.configure({ reply: 'one two three four', itlMs: 10 });
  // "reset" destroys the socket once the request is in: the server was reached and dropped the
  // reply before its first byte, a cut reply (never "unreachable").
  const cases = [
    ['reset', 'stream_cut', true],
    ['http_400', 'http_4xx', true],
    ['http_401', 'http_4xx', true],
    ['http_429', 'http_429', true],
    ['http_500', 'http_5xx', true],
    ['http_503', 'http_5xx', true],
    ['stall_before_first_token', 'first_token_timeout', true],
    ['stall_mid_stream', 'idle_timeout', true],
    ['cut', 'stream_cut', true],
    ['malformed', 'malformed_chunk', true],
    ['empty', 'empty_reply', true],
    ['reset', 'stream_cut', false],
    ['http_429', 'http_429', false],
    ['stall_before_first_token', 'first_token_timeout', false],
    ['malformed', 'malformed_chunk', false],
    ['empty', 'empty_reply', false],
  ] as const;
  for (const [fault, cause, stream] of cases) {
    server.configure({ fault });
    const r = await client.chat(req(stream));
    t.equal(r.ok, false, `${fault} stream=${stream} fails`);
    t.equal(r.error?.cause, cause, `${fault} stream=${stream} -> ${cause}: ${r.error?.message}`);
    t.notOk(r.error?.message.includes(KEY), 'no key in the message');
  }
});

t.test('HTTP errors carry status, the server message and retry-after', async (t) => {
  server.configure({ fault: 'http_429' });
  const r = await client.chat(req());
  t.equal(r.error?.httpStatus, 429);
  t.match(r.error?.message, /HTTP 429: fixture: rate limit reached \(retry-after 1\)/);
  t.ok(r.timing.headersMs !== undefined && r.timing.endMs !== undefined);
});

t.test('partial content is kept on a cut stream; the timeout frees the connection', async (t) => {
  server.configure({ reply: 'one two three four', fault: 'cut', itlMs: 5 });
  const cut = await client.chat(req());
  t.equal(cut.content, 'one two');
  t.equal(cut.timing.contentChunkOffsetsMs.length, 2);

  server.configure({ fault: 'stall_mid_stream' });
  const t0 = performance.now();
  const idle = await client.chat(req());
  const waitedMs = performance.now() - t0;
  t.equal(idle.error?.cause, 'idle_timeout');
  t.ok(waitedMs >= 200 && waitedMs < 1000, `gave up after ~idleMs (${waitedMs.toFixed(0)} ms)`);
  await sleep(50);
  t.ok(server.log.at(-1)!.endAt !== undefined, 'the server saw the stalled stream close');
  server.configure({ fault: undefined });
  await client.chat(req());
  t.equal(server.log.at(-1)!.inFlightOnArrival, 1, 'nothing left in flight on the server');
});

t.test('a role chunk is not a token: first_token_timeout even though bytes came', async (t) => {
  server.configure({ roleChunk: 'with-headers', ttftMs: 1000 });
  const r = await client.chat(req());
  t.equal(r.error?.cause, 'first_token_timeout');
  t.ok(r.timing.firstByteMs !== undefined && r.timing.firstByteMs < 300, 'bytes did arrive');
});

t.test('reasoning counts as a first token for the timeout, and reasoning only is an empty reply', async (t) => {
  server.configure({ reasoning: 'a b c d e f g h', reply: '', itlMs: 60 });
  const r = await client.chat(req());
  t.equal(r.error?.cause, 'empty_reply', 'no first_token_timeout while reasoning streams');
  t.match(r.error?.message, /reasoning only/);
  t.equal(r.reasoning, 'a b c d e f g h');
});

t.test('total timeout', async (t) => {
  const c = createChatClient({
    baseUrl: server.url,
    model: 'm',
    timeouts: { firstTokenMs: 1000, idleMs: 1000, totalMs: 250 },
  });
  server.configure({ reply: 'w '.repeat(40), itlMs: 20 });
  const r = await c.chat(req());
  await c.close();
  t.equal(r.error?.cause, 'total_timeout');
  t.ok(r.content.length > 0, 'what came is kept');
});

t.test('abort: before sending and mid-stream', async (t) => {
  const pre = AbortSignal.abort();
  const before = await client.chat(req(), pre);
  t.equal(before.error?.cause, 'aborted');
  server.configure({ reply: 'w '.repeat(40), itlMs: 20 });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  const mid = await client.chat(req(), controller.signal);
  t.equal(mid.error?.cause, 'aborted');
  t.ok(mid.content.length > 0 && mid.content.length < 80);
});

t.test('API key: sent as bearer, never in an error message; listModels', async (t) => {
  server.configure({ requireApiKey: KEY });
  const ok = await client.chat(req());
  t.equal(ok.ok, true);
  t.equal(server.log.at(-1)!.hadAuthorization, true);
  t.same(await client.listModels().then((m) => m.models), ['fixture-model']);
  const wrong = createChatClient({ baseUrl: server.url, model: 'm', apiKey: 'sk-wrong-key-987654' });
  const denied = await wrong.chat(req());
  const models = await wrong.listModels();
  await wrong.close();
  t.equal(denied.error?.cause, 'http_4xx');
  t.equal(denied.error?.httpStatus, 401);
  t.equal(models.ok, false);
  t.equal(models.error?.httpStatus, 401);
  t.notOk(JSON.stringify([denied, models]).includes('sk-wrong-key-987654'));
  const gone = await startFixtureServer();
  await gone.close();
  const refused = createChatClient({ baseUrl: gone.url, model: 'm' });
  t.equal((await refused.listModels()).error?.cause, 'connection_refused');
  await refused.close();
});

t.test(
  'odd servers: key echoed, error event mid-stream, JSON to a stream request, socket closed after finish, no end ' +
    'after [DONE]',
  async (t) => {
    const odd: Server = createServer((rq, rs) => {
      const mode = rq.headers['x-mode'];
      rq.resume();
      if (mode === 'echo') {
        rs.writeHead(400, { 'content-type': 'application/json' });
        rs.end(JSON.stringify({ error: { message: `bad key: ${rq.headers.authorization}` } }));
      } else if (mode === 'error-event') {
        rs.writeHead(200, { 'content-type': 'text/event-stream' });
        rs.end(
          'data: {"choices":[{"index":0,"delta":{"content":"Hi"}}]}\n\ndata: {"error":{"message":"engine ' +
            'died","code":500}}\n\n',
        );
      } else if (mode === 'hang-after-done') {
        rs.writeHead(200, { 'content-type': 'text/event-stream' });
        rs.write(
          'data: {"choices":[{"index":0,"delta":{"content":"whole"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n',
        );
      } else if (mode === 'json') {
        rs.writeHead(200, { 'content-type': 'application/json' });
        rs.end(
          JSON.stringify({
            choices: [{ index: 0, message: { role: 'assistant', content: 'plain' }, finish_reason: 'stop' }],
          }),
        );
      } else {
        rs.writeHead(200, { 'content-type': 'text/event-stream' });
        rs.write('data: {"choices":[{"index":0,"delta":{"content":"done"},"finish_reason":"stop"}]}\n\n', () =>
          rs.destroy(),
        );
      }
    });
    await new Promise<void>((r) => odd.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(odd.address() as { port: number }).port}`;
    const call = async (mode: string) => {
      const c = createChatClient({
        baseUrl: base,
        model: 'm',
        apiKey: KEY,
        headers: { 'x-mode': mode },
        timeouts: { idleMs: 150 },
      });
      const r = await c.chat(req());
      await c.close();
      return r;
    };
    const echo = await call('echo');
    t.equal(echo.error?.cause, 'http_4xx');
    t.match(echo.error?.message, /bad key: Bearer \[redacted\]/);
    t.notOk(echo.error?.message.includes(KEY));
    const ev = await call('error-event');
    t.equal(ev.error?.cause, 'http_5xx');
    t.match(ev.error?.message, /engine died/);
    t.equal(ev.content, 'Hi');
    const json = await call('json');
    t.equal(json.ok, true);
    t.equal(json.content, 'plain');
    const closed = await call('close');
    t.equal(closed.ok, true, `finished before the socket broke: ${closed.error?.message}`);
    t.equal(closed.content, 'done');
    t.equal(closed.usage.source, 'chunks');
    const hung = await call('hang-after-done');
    const gaveUpMs = performance.timeOrigin + performance.now() - hung.timing.sentAtEpochMs;
    t.equal(hung.ok, true, '[DONE] then a body that never ends: the reply is whole');
    // The give-up comes at least idleMs (150) after the last data, [DONE]: E2E ends that much earlier.
    t.ok(
      hung.timing.endMs! <= gaveUpMs - 150,
      `E2E ends at [DONE] (${hung.timing.endMs?.toFixed(1)} ms), not at the give-up (${gaveUpMs.toFixed(1)} ms)`,
    );
    await new Promise((r) => odd.close(r));
  },
);
