// Writing responses: JSON bodies, OpenAI-style errors, and server-sent events.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ServerError } from '../types.js';

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

/** `{"error": {"message", "type", "param", "code"}}`, as the OpenAI API answers failures. */
export function sendError(res: ServerResponse, err: unknown): number {
  const e =
    err instanceof ServerError
      ? err
      : new ServerError(
          500,
          `Internal server error: ${err instanceof Error ? err.message.split('\n')[0] : String(err)}`,
          'server_error',
        );
  if (res.headersSent) {
    // Mid-stream: the status line is gone; an error event is the only way left to say it.
    if (!res.writableEnded) {
      res.write(`data: ${JSON.stringify({ error: errorBody(e) })}\n\n`);
      res.end();
    }
    return e.status;
  }
  if (!res.destroyed) sendJson(res, e.status, { error: errorBody(e) }, e.headers);
  return e.status;
}

const errorBody = (e: ServerError) => ({ message: e.message, type: e.type, param: e.param, code: e.code });

export function startEventStream(res: ServerResponse, headers: Record<string, string>): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...headers,
  });
  res.flushHeaders();
}

/**
 * Writes SSE events after the current turn of the event loop instead of at once: the generation
 * loop then queues the next decode first, so llama.cpp computes the next token while the socket
 * write happens (measured A/B on the tiny model: +7-8 % tokens/s at 1 and 4 conversations).
 * Events produced in the same turn go out in one write.
 */
export class EventWriter {
  private buffer = '';
  private scheduled = false;
  constructor(private readonly res: ServerResponse) {}

  send(data: unknown): void {
    this.buffer += `data: ${JSON.stringify(data)}\n\n`;
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  /** Writes what is buffered, then `tail`, and ends the response. */
  end(tail: string): void {
    this.flush();
    if (!this.res.writableEnded) this.res.end(tail);
  }

  private flush(): void {
    if (this.buffer && !this.res.writableEnded && !this.res.destroyed) this.res.write(this.buffer);
    this.buffer = '';
  }
}

export const MAX_BODY_BYTES = 8 * 1024 * 1024;

/**
 * The body as text. A client that disconnects mid-body is a 499 and a malformed chunked body a
 * 400, never a server error: the cause is the client's, and the log says which.
 */
export async function readBody(req: IncomingMessage): Promise<string> {
  try {
    return await readAll(req);
  } catch (error) {
    if (error instanceof ServerError) throw error;
    const e = error as NodeJS.ErrnoException;
    if (/^HPE_/.test(e.code ?? ''))
      throw new ServerError(400, `The request body is malformed: ${e.message}.`, 'invalid_request_error', 'bad_body');
    throw new ServerError(
      499,
      `The client closed the connection before the request body was complete (${e.code ?? e.message}).`,
      'cancelled',
      'body_incomplete',
    );
  }
}

async function readAll(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES)
      throw new ServerError(
        413,
        `The request body is larger than ${MAX_BODY_BYTES} bytes.`,
        'invalid_request_error',
        'body_too_large',
      );
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
