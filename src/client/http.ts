// Transport: one undici Agent (a keep-alive Pool per origin) shared by every conversation of a
// client, so connection setup is paid once per socket, not per request (older SGLang paid it per
// request and counted it in TTFT).
import { Agent } from 'undici';

export interface Timeouts {
  /** TCP (and TLS) connect. */
  connectMs: number;
  /** Send -> first content or reasoning text. */
  firstTokenMs: number;
  /** Longest gap between chunks after the first token. */
  idleMs: number;
  /** Send -> complete reply. */
  totalMs: number;
}

export const DEFAULT_TIMEOUTS: Timeouts = {
  connectMs: 10_000,
  firstTokenMs: 60_000,
  idleMs: 30_000,
  totalMs: 300_000,
};

export interface DispatcherOptions {
  connectMs: number;
  /** Sockets per origin; undefined = as many as there are requests in flight. */
  connections?: number;
}

export function createDispatcher(options: DispatcherOptions): Agent {
  return new Agent({
    connections: options.connections ?? null,
    connect: { timeout: options.connectMs },
    keepAliveTimeout: 10_000,
    keepAliveMaxTimeout: 60_000,
    // Our own deadlines apply (see stream-reader.ts); undici's defaults (300 s) must not fire first.
    headersTimeout: 0,
    bodyTimeout: 0,
    pipelining: 1,
  });
}
