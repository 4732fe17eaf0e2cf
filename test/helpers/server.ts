// Shared by test/server-*.test.ts: a server on the generated tiny model, on 127.0.0.1 port 0,
// one thread (PLATFORM.md: default threads make CPU generation hundreds of times slower).
import { request } from 'node:http';
import { type RunningServer, type ServeOptions, startServer } from '../../src/server/index.js';

export async function startTinyServer(options: Partial<ServeOptions> = {}): Promise<RunningServer> {
  return startServer({
    model: 'generated',
    host: '127.0.0.1',
    port: 0,
    parallel: 2,
    contextSize: 1024,
    gpu: false,
    threads: 1,
    ...options,
  });
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request over node:http; `onData` sees the body as it streams. */
export function call(
  server: RunningServer,
  method: string,
  path: string,
  body?: unknown,
  onData?: (chunk: string, destroy: () => void) => void,
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        method,
        path,
        headers: payload ? { 'content-type': 'application/json' } : {},
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          text += chunk;
          onData?.(chunk, () => {
            req.destroy();
            resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text });
          });
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
        res.on('error', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export const chat = (
  server: RunningServer,
  body: Record<string, unknown>,
  onData?: (chunk: string, destroy: () => void) => void,
) => call(server, 'POST', '/v1/chat/completions', body, onData);

/** The JSON payloads of an SSE body, without the final [DONE]. */
export function sseEvents(body: string): Array<Record<string, any>> {
  return body
    .split('\n\n')
    .map((block) => block.trim())
    .filter((block) => block.startsWith('data: ') && block !== 'data: [DONE]')
    .map((block) => JSON.parse(block.slice('data: '.length)));
}

export async function metric(server: RunningServer, name: string): Promise<number> {
  const { body } = await call(server, 'GET', '/metrics');
  const line = body.split('\n').find((l) => l.startsWith(`${name} `));
  return line ? Number(line.split(' ')[1]) : NaN;
}

export async function waitFor(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}
