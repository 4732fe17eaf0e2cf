// Thinking end to end: a scripted generated model writes "<think>hm</think>OK" (a random model
// never opens <think>), and the bundled server, the HTTP stream and chatproof's client must
// carry it as reasoning_content and content, timed apart.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import t from 'tap';
import { createChatClient } from '../../../src/client/index.js';
import { GENERATED_MODELS, generateQwen3Gguf, startServer } from '../../../src/server/index.js';
import { call } from '../../helpers/server.js';

const dir = mkdtempSync(path.join(tmpdir(), 'chatproof-thinking-'));
const modelPath = path.join(dir, 'scripted.gguf');
await generateQwen3Gguf({
  ...GENERATED_MODELS.tiny,
  path: modelPath,
  script: ['<think>', 'h', 'm', '</think>', 'O', 'K', '<|im_end|>'],
});
const server = await startServer({
  model: modelPath,
  host: '127.0.0.1',
  port: 0,
  parallel: 2,
  contextSize: 1024,
  gpu: false,
  threads: 1,
});
const client = createChatClient({ baseUrl: `http://127.0.0.1:${server.port}/v1`, model: 'scripted' });
t.teardown(async () => {
  await client.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const messages = [{ role: 'user' as const, content: 'Are you there?' }];

t.test('streamed: reasoning_content deltas, then content; the client splits and times them', async (t) => {
  const raw = await call(server, 'POST', '/v1/chat/completions', {
    messages,
    temperature: 0,
    max_tokens: 16,
    stream: true,
  });
  t.equal(raw.status, 200);
  const deltas = raw.body
    .split('\n\n')
    .filter((e) => e.startsWith('data: {'))
    .map((e) => JSON.parse(e.slice(6)).choices[0]?.delta ?? {});
  t.same(
    deltas
      .filter((d) => d.reasoning_content)
      .map((d) => d.reasoning_content)
      .join(''),
    'hm',
    'thinking as reasoning_content',
  );
  t.same(
    deltas
      .filter((d) => d.content)
      .map((d) => d.content)
      .join(''),
    'OK',
    'the answer as content',
  );
  t.notOk(raw.body.includes('<think>') || raw.body.includes('</think>'), 'no think tags leak into the stream');

  const r = await client.chat({
    messages,
    params: { model: 'scripted', temperature: 0, max_tokens: 16 },
    stream: true,
  });
  t.equal(r.ok, true, r.error?.message ?? 'the turn succeeded');
  t.equal(r.reasoning, 'hm');
  t.equal(r.content, 'OK');
  t.equal(r.finishReason, 'stop', 'the model ended its turn itself');
  t.ok(
    r.timing.firstThoughtMs !== undefined &&
      r.timing.firstTokenMs !== undefined &&
      r.timing.firstThoughtMs <= r.timing.firstTokenMs,
    `time to first thought ${r.timing.firstThoughtMs} ms <= time to first token ${r.timing.firstTokenMs} ms`,
  );
  t.equal(r.timing.contentChunkOffsetsMs.length, 2, 'only answer chunks count as output chunks');
});

t.test('not streamed: message.reasoning_content beside the content', async (t) => {
  const raw = await call(server, 'POST', '/v1/chat/completions', { messages, temperature: 0, max_tokens: 16 });
  const message = JSON.parse(raw.body).choices[0].message;
  t.same(
    { content: message.content, reasoning_content: message.reasoning_content },
    { content: 'OK', reasoning_content: 'hm' },
  );
  const r = await client.chat({
    messages,
    params: { model: 'scripted', temperature: 0, max_tokens: 16 },
    stream: false,
  });
  t.same([r.reasoning, r.content], ['hm', 'OK']);
});

t.test('a script token missing from the vocabulary is refused when the model is written', async (t) => {
  await t.rejects(
    generateQwen3Gguf({
      ...GENERATED_MODELS.tiny,
      path: path.join(dir, 'bad.gguf'),
      script: ['<think>', 'not-a-token'],
    }),
    /not in the generated vocabulary/,
  );
});
