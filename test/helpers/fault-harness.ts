// Shared by the fault suite: the three-turn scenario of the reproductions, CLI commands run
// in-process with their output captured, and a bare HTTP server on 127.0.0.1 that misbehaves in
// one chosen way per test.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { ChatproofError } from '../../src/core/errors.js';

export const THREE_TURNS = `
name: three
facts:
  city: { turn: 1, text: the user lives in Lisbon }
turns:
  - user: I live in Lisbon.
  - user: What should I pack?
  - user: Where do I live?
    checks:
      - fact: city
        contains: [Lisbon]
slo: { e2e.p95: "<= 60s" }
`;

export interface Captured {
  code: number;
  out: string;
  err: string;
}

/** Any command's entry point (each types its io its own way; capture passes writable streams). */
type Command = (argv: string[], io: never) => Promise<number>;

/** A command run in-process as main() runs it: a ChatproofError is its message and exit code. */
export async function capture(command: Command, argv: string[]): Promise<Captured> {
  let out = '';
  let err = '';
  const sink = (add: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        add(chunk.toString());
        done();
      },
    });
  const io = { stdout: sink((text) => (out += text)), stderr: sink((text) => (err += text)) };
  try {
    return { code: await command(argv, io as never), out, err };
  } catch (error) {
    if (!(error instanceof ChatproofError)) throw error;
    return { code: error.exitCode, out, err: err + error.message };
  }
}

export interface BareServer {
  url: string;
  requests: IncomingMessage[];
  close(): Promise<void>;
}

/** A server whose every request gets `handle`; its base URL ends in /v1. */
export async function startBareServer(
  handle: (req: IncomingMessage, res: ServerResponse, body: string) => void,
): Promise<BareServer> {
  const requests: IncomingMessage[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req);
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => handle(req, res, body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The /v1/models answer every OpenAI-compatible server gives. */
export function answerModels(res: ServerResponse): void {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ object: 'list', data: [{ id: 'fault-model', object: 'model' }] }));
}
