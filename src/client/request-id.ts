// Every request carries an id a server can log, so a turn in turns.jsonl joins to the server's
// own record of it (vLLM, gateways and proxies log x-request-id; OpenTelemetry stacks read the
// W3C traceparent header). One id per request: 16 random hex digits per client (so two runs,
// or two shards of one run, never collide) and a 16-digit counter. The same 32 hex digits are
// the traceparent's trace id, and the counter its parent id: one value to grep for either way.
import { randomBytes } from 'node:crypto';

export class RequestIds {
  private readonly prefix = randomBytes(8).toString('hex');
  private n = 0;

  /** 32 lowercase hex digits, never all zero. */
  next(): string {
    this.n++;
    return this.prefix + this.n.toString(16).padStart(16, '0');
  }
}

/** The W3C traceparent header for `requestId`: version 00, sampled. */
export function traceparent(requestId: string): string {
  return `00-${requestId}-${requestId.slice(16)}-01`;
}
