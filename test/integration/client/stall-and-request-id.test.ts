// Two things every turn now carries, end to end over real HTTP: the x-request-id (and W3C
// traceparent) chatproof sent, so a turn joins to the server's log, and the longest event-loop
// stall any of its timestamps was taken through, so a turn timed through a stall is known. The
// server runs in a child process: a stall of this process must not delay the server's sends.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { evalCommand } from '../../../src/cli/commands/eval.js';
import { createChatClient } from '../../../src/client/index.js';
import type { ChatRequest } from '../../../src/core/types.js';
import { MEMORY_SCENARIO, tempDir, writeScenario } from '../../helpers/eval-harness.js';

// Logs each request's ids on stdout, answers "hi" after TTFT ms (from the environment).
const SERVER = `
const http = require('node:http');
const ttft = Number(process.env.TTFT);
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    console.log('ids ' + JSON.stringify({ id: req.headers['x-request-id'], tp: req.headers.traceparent }));
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    setTimeout(() => {
      res.write('data: {"choices":[{"index":0,"delta":{"content":"hi"},"finish_reason":null}]}\\n\\n');
      res.end('data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\\n\\ndata: [DONE]\\n\\n');
    }, ttft);
  });
}).listen(0, '127.0.0.1', function () { console.log('listening ' + this.address().port); });
`;

let child: ChildProcess;
let url: string;
const seen: Array<{ id?: string; tp?: string }> = [];
t.before(async () => {
  child = spawn(process.execPath, ['-e', SERVER], {
    env: { ...process.env, TTFT: '400' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`server exited ${code}`)));
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      buffer += text;
      for (let i = buffer.indexOf('\n'); i !== -1; i = buffer.indexOf('\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 1);
        if (line.startsWith('listening ')) resolve(`http://127.0.0.1:${line.slice(10)}/v1`);
        if (line.startsWith('ids ')) seen.push(JSON.parse(line.slice(4)));
      }
    });
  });
});
t.teardown(() => {
  child.removeAllListeners('exit');
  child.kill();
});

const REQUEST: ChatRequest = { messages: [{ role: 'user', content: 'hello' }], params: {}, stream: true };
/** The ids the server logged for the request just made (its log line may trail the reply). */
async function lastSeen(count: number): Promise<{ id?: string; tp?: string }> {
  while (seen.length < count) await new Promise((r) => setTimeout(r, 5));
  return seen[count - 1]!;
}

t.test('every request carries a unique x-request-id and the matching traceparent', async (t) => {
  const client = createChatClient({ baseUrl: url, model: 'm' });
  const other = createChatClient({ baseUrl: url, model: 'm' });
  t.teardown(async () => {
    await client.close();
    await other.close();
  });
  const ids: string[] = [];
  for (const c of [client, client, other]) {
    const r = await c.chat(REQUEST);
    t.ok(r.ok, r.error?.message ?? 'ok');
    const logged = await lastSeen(ids.length + 1);
    t.match(r.requestId, /^[0-9a-f]{32}$/, '32 hex digits');
    t.equal(logged.id, r.requestId, 'the id sent is the id returned');
    t.equal(logged.tp, `00-${r.requestId}-${r.requestId!.slice(16)}-01`, 'W3C traceparent, same trace id');
    ids.push(r.requestId!);
  }
  t.equal(new Set(ids).size, 3, 'unique within a client and across clients');
  t.not(ids[0]!.slice(0, 16), ids[2]!.slice(0, 16), 'each client has its own prefix');
});

t.test("the user's own x-request-id wins; requestIds: false sends none", async (t) => {
  const own = createChatClient({ baseUrl: url, model: 'm', headers: { 'X-Request-Id': 'mine-1' } });
  const none = createChatClient({ baseUrl: url, model: 'm', requestIds: false });
  t.teardown(async () => {
    await own.close();
    await none.close();
  });
  const before = seen.length;
  const a = await own.chat(REQUEST);
  t.equal((await lastSeen(before + 1)).id, 'mine-1');
  t.equal(a.requestId, undefined, 'no id of ours to record');
  const b = await none.chat(REQUEST);
  t.same(await lastSeen(before + 2), {}, 'neither header sent');
  t.equal(b.requestId, undefined);
});

t.test('a turn timed through a stall says so: stallMs bounds how late its stamps may be', async (t) => {
  const client = createChatClient({ baseUrl: url, model: 'm' });
  t.teardown(() => client.close());
  // The first token leaves the server 400 ms after the request arrives there. As soon as the
  // server's log shows the request arrived, this process blocks for a second: the token waits in
  // the socket and is stamped after the block, however late this busy machine noticed the log.
  const before = seen.length;
  const pending = client.chat(REQUEST);
  await lastSeen(before + 1);
  const end = performance.now() + 1000;
  while (performance.now() < end);
  const r = await pending;
  t.ok(r.ok, r.error?.message ?? 'ok');
  t.ok(r.timing.stallMs !== undefined && r.timing.stallMs >= 100, `stallMs ${r.timing.stallMs} >= 100`);
});

t.test('eval writes each turn with its request id', async (t) => {
  const server = await startFixtureServer({ ttftMs: 5, itlMs: 1, reply: 'You live in Lisbon. Lisbon is lovely.' });
  t.teardown(() => server.close());
  const dir = tempDir();
  const scenario = writeScenario(dir, 'memory-mini', MEMORY_SCENARIO);
  const out = path.join(dir, 'run');
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  stdout.resume();
  const code = await evalCommand([scenario, '--target', server.url, '--out', out, '--no-report', '--quiet'], {
    stdout,
    stderr: new PassThrough(),
  });
  t.equal(code, 0);
  const turns = readFileSync(path.join(out, 'turns.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l))
    .filter((r) => r.type === 'turn');
  t.ok(turns.length >= 6, `${turns.length} turns`);
  t.ok(
    turns.every((r) => /^[0-9a-f]{32}$/.test(r.requestId)),
    'every turn record holds the id it was sent with',
  );
  t.equal(new Set(turns.map((r) => r.requestId)).size, turns.length, 'one id per turn');
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8'));
  t.same(
    results.turns.map((r: { requestId: string }) => r.requestId),
    turns.map((r) => r.requestId),
    'results.json carries them too (and passes its schema)',
  );
});
