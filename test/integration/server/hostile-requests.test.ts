// Requests a web page or a broken client can send: only application/json bodies, no
// cross-origin browser requests unless allowed, and a body cut mid-way is the client's failure
// (499 or 400 in /metrics, one log line), never a server error.
import { connect } from 'node:net';
import t from 'tap';
import { call, metric, startTinyServer, waitFor } from '../../helpers/server.js';

const log: string[] = [];
const server = await startTinyServer({
  corsOrigins: ['http://localhost:3000'],
  warmUp: false,
  log: (line) => log.push(line),
});
t.teardown(() => server.close());
const body = JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], max_tokens: 2 });

/** A raw HTTP/1.1 request; resolves with the status line's code (0 if the server closed first). */
function raw(text: string, keepOpen = false): Promise<number> {
  return new Promise((resolve) => {
    const socket = connect(server.port, '127.0.0.1', () => {
      socket.write(text);
      if (!keepOpen) return;
      // Give the server the partial body, then vanish mid-body.
      setImmediate(() => socket.destroy());
    });
    let reply = '';
    socket.on('data', (d) => {
      reply += d.toString();
    });
    socket.on('close', () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(reply)?.[1] ?? 0)));
    socket.on('error', () => {});
  });
}

function post(headers: Record<string, string>): Promise<{ status: number; headers: Record<string, string | null> }> {
  return fetch(`http://127.0.0.1:${server.port}/v1/chat/completions`, { method: 'POST', headers, body }).then(
    async (r) => {
      await r.text();
      return {
        status: r.status,
        headers: { 'access-control-allow-origin': r.headers.get('access-control-allow-origin') },
      };
    },
  );
}

t.test('a body that is not application/json is refused with 415 and generates nothing', async (t) => {
  const before = await metric(server, 'chatproof_generated_tokens_total');
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
    t.equal((await post({ 'content-type': type })).status, 415, type);
  }
  const none = await raw(
    `POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: ${body.length}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
  t.equal(none, 415, 'no Content-Type');
  const r = await call(server, 'POST', '/v1/chat/completions', body);
  t.equal(r.status, 200, 'application/json passes (the helper sends it)');
  t.equal(await metric(server, 'chatproof_generated_tokens_total'), before + 2, 'only the JSON request generated');
  const refused = await fetch(`http://127.0.0.1:${server.port}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain' },
    body,
  });
  const { error } = (await refused.json()) as { error: unknown };
  t.match(error, { code: 'unsupported_media_type', param: 'content-type' });
});

t.test('cross-origin browser requests are refused unless the origin was allowed', async (t) => {
  const json = { 'content-type': 'application/json' };
  const evil = await post({ ...json, origin: 'http://evil.example' });
  t.equal(evil.status, 403);
  t.equal(evil.headers['access-control-allow-origin'], null);
  const allowed = await post({ ...json, origin: 'http://localhost:3000' });
  t.equal(allowed.status, 200);
  t.equal(allowed.headers['access-control-allow-origin'], 'http://localhost:3000');
  const same = await post({ ...json, origin: `http://127.0.0.1:${server.port}` });
  t.equal(same.status, 200, 'the chat page (same origin) works');
  const rebound = await raw(
    `POST /v1/chat/completions HTTP/1.1\r\nHost: evil.example:${server.port}\r\n` +
      `Origin: http://evil.example:${server.port}\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
  );
  t.equal(rebound, 403, 'a DNS-rebound name is not this server');
  const preflight = await fetch(`http://127.0.0.1:${server.port}/v1/chat/completions`, {
    method: 'OPTIONS',
    headers: { origin: 'http://localhost:3000', 'access-control-request-method': 'POST' },
  });
  t.equal(preflight.status, 204);
  t.match(preflight.headers.get('access-control-allow-headers'), /content-type/);
  t.equal((await post(json)).status, 200, 'no Origin (curl, SDKs) passes');
});

t.test('a client that disconnects mid-body or sends a bad chunked body is not a 500, and is logged', async (t) => {
  const head = 'POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n';
  await raw(`${head}Content-Length: 5000\r\n\r\n{"messages": [`, true);
  t.ok(await waitFor(async () => (await metric(server, 'chatproof_requests_total{status="499"}')) === 1));
  const status = await raw(`${head}Transfer-Encoding: chunked\r\n\r\nZZZ\r\nnot hex\r\n0\r\n\r\n`);
  t.not(status, 500);
  const metrics = (await call(server, 'GET', '/metrics')).body;
  t.notMatch(metrics, /chatproof_requests_total\{status="500"\}/, 'no 500 counted');
  const said = (pattern: RegExp) => log.some((line) => pattern.test(line));
  t.ok(said(/request POST \/v1\/chat\/completions from 127\.0\.0\.1: 499 \(the client went away\)/), 'cut logged');
  t.ok(
    await waitFor(async () => said(/from 127\.0\.0\.1: 400 \(malformed request body, HPE_INVALID_CHUNK_SIZE\)/)),
    'bad chunk logged',
  );
  t.equal(await metric(server, 'chatproof_requests_total{status="400"}'), 1, "counted as the client's error");
});
