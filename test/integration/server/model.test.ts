import t from 'tap';
import { call, chat, metric, sseEvents, startTinyServer, waitFor } from '../../helpers/server.js';

const user = (content: string) => ({ role: 'user', content });

t.test('concurrent requests decode together on separate sequences', async (t) => {
  const server = await startTinyServer({ parallel: 3, queueLimit: 4 });
  t.teardown(() => server.close());
  const windows = await Promise.all(
    [0, 1, 2].map(async (i) => {
      const sent = performance.now();
      let firstTextAt = 0;
      const r = await chat(
        server,
        { messages: [user(`conversation ${i}`)], max_tokens: 300, seed: i, stream: true },
        () => {
          firstTextAt ||= performance.now();
        },
      );
      return {
        sent,
        firstTextAt,
        end: performance.now(),
        sequence: r.headers['x-chatproof-sequence'],
        events: sseEvents(r.body),
      };
    }),
  );
  t.same(new Set(windows.map((w) => w.sequence)).size, 3, 'each request had its own sequence');
  // Sequential service would start each reply after the previous one ended.
  const lastStart = Math.max(...windows.map((w) => w.firstTextAt));
  const firstEnd = Math.min(...windows.map((w) => w.end));
  t.ok(lastStart < firstEnd, 'all three replies were streaming at the same time');
  t.equal(await metric(server, 'chatproof_sequences_busy_peak'), 3);
  t.ok(windows.every((w) => w.events.length > 1));
});

t.test('a client that disconnects frees its sequence at once', async (t) => {
  const server = await startTinyServer({ parallel: 1, contextSize: 4096 });
  t.teardown(() => server.close());
  let chunks = 0;
  await chat(server, { messages: [user('talk forever')], max_tokens: 4000, stream: true }, (_chunk, destroy) => {
    if (++chunks === 3) destroy();
  });
  t.ok(await waitFor(async () => (await metric(server, 'chatproof_cancelled_total')) === 1), 'generation cancelled');
  t.equal(await metric(server, 'chatproof_sequences_busy'), 0);
  t.ok((await metric(server, 'chatproof_generated_tokens_total')) < 4000, 'stopped long before max_tokens');
  t.equal(await metric(server, 'chatproof_requests_total{status="499"}'), 1);
  // The only sequence is usable again straight away.
  const next = await chat(server, { messages: [user('next')], max_tokens: 3 });
  t.equal(next.status, 200);
});

t.test('beyond the wait queue the server answers 429 with Retry-After', async (t) => {
  const server = await startTinyServer({ parallel: 1, queueLimit: 1, contextSize: 4096 });
  t.teardown(() => server.close());
  const destroyers: Array<() => void> = [];
  const long = { messages: [user('long one')], max_tokens: 4000, stream: true };
  // The first request holds the only sequence (it streams), the second waits in the queue.
  let started!: () => void;
  const streaming = new Promise<void>((r) => (started = r));
  const first = chat(server, long, (_c, destroy) => {
    destroyers.push(destroy);
    started();
  });
  await streaming;
  const second = chat(server, { messages: [user('waiting')], max_tokens: 2 });
  t.ok(await waitFor(async () => (await metric(server, 'chatproof_queue_depth')) === 1), 'second request queued');
  const third = await chat(server, { messages: [user('refused')], max_tokens: 2 });
  t.equal(third.status, 429);
  t.equal(third.headers['retry-after'], '1');
  t.equal(JSON.parse(third.body).error.type, 'rate_limit_exceeded');
  // Freeing the sequence lets the queued request through.
  destroyers[0]!();
  await first;
  const queued = await second;
  t.equal(queued.status, 200);
  t.equal(JSON.parse((await call(server, 'GET', '/health')).body).queueDepth, 0);
});
