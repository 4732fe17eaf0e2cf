// The threaded client (client/threaded.ts): the chat client on its own thread, as load runs use
// it. Same turns as the direct client; timestamps taken while the main thread is blocked; abort,
// model listing and a dead thread behave. The server runs in a child process so that a blocked
// main thread cannot delay its sends.
import { type ChildProcess, spawn } from 'node:child_process';
import t from 'tap';
import { startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { createChatClient } from '../../../src/client/index.js';
import { createThreadedChatClient } from '../../../src/client/threaded.js';
import type { ChatRequest } from '../../../src/core/types.js';
import { chatShape } from '../../helpers/chat-shape.js';

const SERVER = `
const http = require('node:http');
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    setTimeout(() => {
      console.log('sent ' + (performance.timeOrigin + performance.now()));
      res.write('data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}\\n\\n');
      res.end('data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\\n\\ndata: [DONE]\\n\\n');
    }, 100);
  });
}).listen(0, '127.0.0.1', function () { console.log('listening ' + this.address().port); });
`;
const REQUEST: ChatRequest = { messages: [{ role: 'user', content: '你好' }], params: {}, stream: true };

let child: ChildProcess;
let url: string;
const sentAt: number[] = [];
t.before(async () => {
  child = spawn(process.execPath, ['-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
  url = await new Promise<string>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      for (const line of text.split('\n')) {
        if (line.startsWith('listening ')) resolve(`http://127.0.0.1:${line.slice(10)}/v1`);
        if (line.startsWith('sent ')) sentAt.push(Number(line.slice(5)));
      }
    });
  });
});
t.teardown(() => {
  child.removeAllListeners('exit');
  child.kill();
});

t.test('the same turn as the direct client, with its request id', async (t) => {
  const fixture = await startFixtureServer({
    reply: 'Lisbon, 里斯本 😀. '.repeat(5),
    reasoning: '想一想',
    ttftMs: 0,
    itlMs: 0,
  });
  const direct = createChatClient({ baseUrl: fixture.url, model: 'm' });
  const threaded = createThreadedChatClient({ baseUrl: fixture.url, model: 'm' });
  t.teardown(async () => {
    await direct.close();
    await threaded.close();
    await fixture.close();
  });
  const [a, b] = [await direct.chat(REQUEST), await threaded.chat(REQUEST)];
  t.ok(b.ok, b.error?.message ?? 'ok');
  t.same(chatShape(b), chatShape(a));
  t.match(b.requestId, /^[0-9a-f]{32}$/);
  t.equal(fixture.log.at(-1)?.requestId, b.requestId, 'the thread sent the id it returned');
  const models = await threaded.listModels();
  t.ok(models.ok);
  t.same(models.models, ['fixture-model']);
});

t.test('timestamps are taken while the main thread is blocked', async (t) => {
  const threaded = createThreadedChatClient({ baseUrl: url, model: 'm' });
  t.teardown(() => threaded.close());
  await threaded.chat(REQUEST); // the thread's first request: module load and connection
  // The token leaves the server ~100 ms after the request; this thread is blocked from 20 ms to
  // 1,020 ms. Stamped on the client thread, it is stamped during the block, before it ends (the
  // margin, ~900 ms, is for a machine so busy that the client thread itself waits for a core).
  const pending = threaded.chat(REQUEST);
  let blockEnd = 0;
  setTimeout(() => {
    const end = performance.now() + 1000;
    while (performance.now() < end);
    blockEnd = performance.timeOrigin + performance.now();
  }, 20);
  const r = await pending;
  t.ok(r.ok, r.error?.message ?? 'ok');
  const stamped = r.timing.sentAtEpochMs + r.timing.firstTokenMs!;
  t.ok(blockEnd > 0, 'the block ran');
  t.ok(stamped < blockEnd, `first token stamped ${(blockEnd - stamped).toFixed(0)} ms before the block ended`);
  t.ok(stamped >= sentAt.at(-1)! - 1, 'and not before the server sent it');
});

t.test('abort reaches the thread; a closed client answers without hanging', async (t) => {
  const fixture = await startFixtureServer({ ttftMs: 5000 });
  const threaded = createThreadedChatClient({ baseUrl: fixture.url, model: 'm' });
  t.teardown(() => fixture.close());
  const controller = new AbortController();
  const pending = threaded.chat(REQUEST, controller.signal);
  setTimeout(() => controller.abort(), 50);
  const r = await pending;
  t.equal(r.ok, false);
  t.equal(r.error?.cause, 'aborted');
  await threaded.close();
  const after = await threaded.chat(REQUEST);
  t.equal(after.ok, false, 'a call after close fails at once');
  t.match(after.error?.message ?? '', /client thread stopped/);
});
