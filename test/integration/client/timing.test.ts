// Timing against a server whose send times are known (its log, same clock): every timestamp is
// no earlier than the injected delay and no earlier than the server wrote those bytes, in the
// right order. How close to the send the client sees them is a speed figure that depends on the
// machine: `npm run bench:client` measures it (TTFT error against the server's log), not a test.

import t, { type Test } from 'tap';
import {
  type FixtureServer,
  type ServedRequest,
  startFixtureServer,
  tokenize,
} from '../../../fixtures/openai-server/index.js';
import { type ChatClient, createChatClient } from '../../../src/client/index.js';
import type { ChatRequest, ChatResult } from '../../../src/core/types.js';

const req = (stream = true, params: ChatRequest['params'] = {}): ChatRequest => ({
  messages: [
    { role: 'system', content: 'be brief' },
    { role: 'user', content: 'hello' },
  ],
  params,
  stream,
});

let server: FixtureServer;
let client: ChatClient;
t.before(async () => {
  server = await startFixtureServer();
  client = createChatClient({
    baseUrl: server.url,
    model: 'm',
    timeouts: { firstTokenMs: 2000, idleMs: 1000, totalMs: 5000 },
  });
});
t.teardown(async () => {
  await client.close();
  await server.close();
});
t.beforeEach(() => {
  server.configure({
    ttftMs: 0,
    itlMs: 0,
    reply: undefined,
    reasoning: undefined,
    roleChunk: 'with-first-token',
    tokensPerChunk: 1,
    usage: true,
  });
  server.reset();
});

/**
 * A measured offset is right when it is no sooner than the injected delay and no sooner than the
 * server actually wrote those bytes (its log, same clock): a timestamp taken before the bytes
 * existed, or an offset that ignores the delay (a role chunk taken for a token), fails here.
 */
function measured(
  t: Test,
  r: ChatResult,
  offsetMs: number | undefined,
  injectedMs: number,
  serverSentAt: number | undefined,
  label: string,
): void {
  const lag = r.timing.sentAtEpochMs + (offsetMs ?? NaN) - (serverSentAt ?? NaN);
  t.ok(
    offsetMs !== undefined && offsetMs >= injectedMs && lag >= -0.01,
    `${label}: ${offsetMs?.toFixed(2)} ms >= ${injectedMs}, seen ${lag.toFixed(2)} ms after the server sent it`,
  );
}

const entryOf = (r: ChatResult): ServedRequest => server.log.find((e) => e.id === r.responseHeaders?.['x-request-id'])!;

t.test('role chunk with the headers, first word 200 ms later: TTFT is ~200 ms, not ~0', async (t) => {
  server.configure({ roleChunk: 'with-headers', ttftMs: 200, reply: 'Paris is the capital.' });
  const r = await client.chat(req());
  t.equal(r.ok, true);
  t.ok(r.timing.firstByteMs! <= r.timing.firstTokenMs!, 'the role chunk is the first byte, not the first token');
  measured(t, r, r.timing.firstTokenMs, 200, entryOf(r).firstContentAt, 'TTFT');
  t.equal(r.content, 'Paris is the capital.');
});

for (const concurrency of [1, 8]) {
  t.test(`TTFT, chunk offsets and E2E match injected delays at concurrency ${concurrency}`, async (t) => {
    const reply = 'one two three four five six seven eight nine ten';
    server.configure({ ttftMs: 100, itlMs: 10, reply });
    const results = await Promise.all(Array.from({ length: concurrency }, () => client.chat(req())));
    if (concurrency > 1)
      t.ok(
        server.log.some((e) => e.inFlightOnArrival > 1),
        'requests overlapped on the server',
      );
    for (const r of results) {
      t.equal(r.ok, true);
      t.equal(r.content, reply);
      const e = entryOf(r);
      measured(t, r, r.timing.firstTokenMs, 100, e.firstContentAt, 'TTFT');
      measured(t, r, r.timing.endMs, 100 + 9 * 10, e.endAt, 'E2E');
      t.ok(r.timing.headersMs! <= r.timing.firstByteMs! && r.timing.firstByteMs! <= r.timing.firstTokenMs!);
      const offsets = r.timing.contentChunkOffsetsMs;
      t.equal(offsets.length, 10);
      t.ok(
        offsets.every((v, k) => v >= 100 + k * 10),
        'no chunk before its injected time',
      );
      const lags = offsets.map((v, k) => r.timing.sentAtEpochMs + v - e.contentChunkAt[k]!);
      t.ok(
        lags.every((l) => l >= -0.01),
        'no chunk seen before the server sent it',
      );
      t.ok(r.timing.sentAtEpochMs <= e.receivedAt, 'sent before the server received it');
    }
  });
}

t.test('reasoning_content: time to first thought, then TTFT', async (t) => {
  server.configure({ reasoning: 'a b c', reply: 'answer', ttftMs: 100, itlMs: 20 });
  const r = await client.chat(req());
  const e = entryOf(r);
  measured(t, r, r.timing.firstThoughtMs, 100, e.firstReasoningAt, 'TTFO');
  measured(t, r, r.timing.firstTokenMs, 160, e.firstContentAt, 'TTFT');
  t.same([r.reasoning, r.content], ['a b c', 'answer']);
  t.equal(r.timing.contentChunkOffsetsMs.length, 1, 'reasoning chunks are not content chunks');
});

t.test('<think> inside content is moved to reasoning and timed as thought', async (t) => {
  // Tokens: "<think>", "\nponder", " this", "\n</think>", "\n\nAnswer", " here"
  server.configure({ reply: '<think>\nponder this\n</think>\n\nAnswer here', ttftMs: 50, itlMs: 20 });
  const r = await client.chat(req());
  t.same([r.reasoning, r.content], ['\nponder this\n', 'Answer here']);
  const e = entryOf(r);
  measured(t, r, r.timing.firstThoughtMs, 70, e.contentChunkAt[1], 'TTFO');
  measured(t, r, r.timing.firstTokenMs, 130, e.contentChunkAt[4], 'TTFT');
  t.equal(r.timing.contentChunkOffsetsMs.length, 2);
});

t.test('usage from the server when sent, else counted chunks, never max_tokens', async (t) => {
  const reply = 'a b c d e f g';
  server.configure({ reply, tokensPerChunk: 3 });
  const withUsage = await client.chat(req(true, { max_tokens: 1000 }));
  t.same(withUsage.usage, { promptTokens: 3, completionTokens: tokenize(reply).length, source: 'usage' });
  t.equal(withUsage.timing.contentChunkOffsetsMs.length, 3);
  server.configure({ usage: false });
  const counted = await client.chat(req(true, { max_tokens: 1000 }));
  t.same(counted.usage, { completionTokens: 3, source: 'chunks' });
  const plain = await client.chat(req(false));
  t.same(plain.usage, { source: 'none' });
});

t.test('non-streamed: TTFT = E2E = body read, after the injected delay', async (t) => {
  server.configure({ ttftMs: 80, itlMs: 5, reply: 'x y z' });
  const r = await client.chat(req(false));
  t.equal(r.ok, true);
  t.equal(r.timing.firstTokenMs, r.timing.endMs);
  measured(t, r, r.timing.endMs, 90, entryOf(r).endAt, 'E2E');
  t.ok(r.timing.headersMs! >= 90, 'headers come with the body');
});

t.test('request body on the wire; keep-alive connections are reused', async (t) => {
  const before = server.connectionsAccepted;
  await client.chat(req(true, { enable_thinking: true, temperature: 0.2 }));
  await client.chat(req(true, { enable_thinking: false }));
  await client.chat(req(false));
  const bodies = server.log.map((e) => e.body!);
  t.same(bodies[0]!.chat_template_kwargs, { enable_thinking: true });
  t.same(bodies[0]!.stream_options, { include_usage: true });
  t.equal(bodies[0]!.temperature, 0.2);
  t.notOk('top_p' in bodies[0]! || 'seed' in bodies[0]! || 'max_tokens' in bodies[0]!, 'unset params are not sent');
  t.same(bodies[1]!.chat_template_kwargs, { enable_thinking: false });
  t.notOk('stream_options' in bodies[2]! || 'chat_template_kwargs' in bodies[2]!);
  t.ok(server.connectionsAccepted - before <= 1, 'sequential requests share one socket');
});
