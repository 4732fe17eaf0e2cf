// Warm-up before ready: while the server decodes at every batch size and each prompt size class,
// /health says "warming" (503) and completions are refused with 503 + Retry-After; then ready.
import t from 'tap';
import type { RunningServer } from '../../../src/server/index.js';
import { call, chat, startTinyServer } from '../../helpers/server.js';

const log: string[] = [];
const during: Array<{ what: string; status: number; body: Record<string, any> }> = [];
const port = { value: 0 };
const fake = (p: number) => ({ port: p }) as RunningServer;
const server = await startTinyServer({
  parallel: 3,
  log: (line) => log.push(line),
  onListening: async (url) => {
    port.value = Number(new URL(url).port);
    log.push('listening');
    const health = await call(fake(port.value), 'GET', '/health');
    during.push({ what: 'health', status: health.status, body: JSON.parse(health.body) });
    const reply = await chat(fake(port.value), { messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 });
    during.push({ what: 'chat', status: reply.status, body: JSON.parse(reply.body) });
    const metrics = await call(fake(port.value), 'GET', '/metrics');
    during.push({
      what: 'metrics',
      status: metrics.status,
      body: { ready: /^chatproof_ready 0$/m.test(metrics.body) },
    });
  },
});
t.teardown(() => server.close());

t.test('while warming: /health 503 "warming", completions 503 warming_up, /metrics ready 0', async (t) => {
  t.match(during[0], { what: 'health', status: 503, body: { status: 'warming', sequences: 3 } });
  t.match(during[1], { what: 'chat', status: 503, body: { error: { code: 'warming_up', param: null } } });
  t.match(during[2], { what: 'metrics', status: 200, body: { ready: true } });
});

t.test('the warm-up ran after listening, at every batch size and each prompt class that fits', async (t) => {
  const listening = log.indexOf('listening');
  const done = log.findIndex((line) => line.startsWith('warm-up done'));
  t.ok(listening !== -1 && done > listening, 'warm-up after the port opened');
  t.match(log[done], /decoded at batch sizes 1-3, prompts of 16\/128\/512 tokens; ready/);
});

t.test('then ready: /health ok, and the sequences hold nothing from the warm-up', async (t) => {
  t.equal(server.port, port.value);
  const health = await call(server, 'GET', '/health');
  t.equal(health.status, 200);
  t.equal(JSON.parse(health.body).status, 'ok');
  const reply = await chat(server, { messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 });
  t.equal(reply.status, 200);
  t.equal(reply.headers['x-chatproof-kv-reused-tokens'], '0', 'no warm-up tokens reused as a prefix');
});
