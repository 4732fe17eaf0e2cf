// Maps every way a request can fail to exactly one FailureCause, with a message fit to print.
import type { FailureCause } from '../core/types.js';

export function causeForStatus(status: number): FailureCause {
  if (status === 429) return 'http_429';
  if (status >= 500) return 'http_5xx';
  if (status >= 300 && status < 400) return 'http_3xx';
  return 'http_4xx';
}

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** The most specific error code in an error, its cause chain, or an AggregateError's members. */
export function errorCode(err: unknown): string | undefined {
  for (let e: unknown = err, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const like = e as ErrorLike;
    // Node's happy-eyeballs connect fails with an AggregateError whose members hold the codes.
    if (Array.isArray(like.errors) && like.errors.length > 0) {
      const inner = errorCode(like.errors[0]);
      if (inner) return inner;
    }
    if (typeof like.code === 'string') {
      // UND_ERR_SOCKET wraps the socket's own error in `cause` with a sharper code.
      const deeper = like.code === 'UND_ERR_SOCKET' ? errorCode(like.cause) : undefined;
      return deeper ?? like.code;
    }
    e = like.cause;
  }
  return undefined;
}

const RESET_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
  'UND_ERR_DESTROYED',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'HPE_INVALID_CHUNK_SIZE',
]);

/**
 * Cause of a transport error. `responseStarted`: headers had arrived, so a broken socket
 * means the body ended early (stream_cut), not that the connection failed.
 */
export function causeForTransportError(err: unknown, responseStarted: boolean): FailureCause {
  const code = errorCode(err);
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_NONAME' || code === 'EAI_FAIL')
    return 'host_not_found';
  if (code === 'ECONNREFUSED' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') return 'connection_refused';
  if (code === 'UND_ERR_CONNECT_TIMEOUT' || (code === 'ETIMEDOUT' && !responseStarted)) return 'connect_timeout';
  if (code === 'UND_ERR_HEADERS_TIMEOUT') return 'first_token_timeout';
  if (code === 'UND_ERR_BODY_TIMEOUT') return 'idle_timeout';
  if (code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') return 'aborted';
  if (responseStarted) return 'stream_cut';
  if (code !== undefined && RESET_CODES.has(code)) return 'connection_reset';
  return 'connection_reset';
}

export function transportMessage(err: unknown): string {
  const code = errorCode(err);
  const msg =
    err && typeof err === 'object' && typeof (err as ErrorLike).message === 'string'
      ? ((err as ErrorLike).message as string)
      : String(err);
  const text = msg || (err instanceof AggregateError ? 'connect failed' : 'error');
  return code && !text.includes(code) ? `${code}: ${text}` : text;
}

const SNIPPET_CHARS = 300;

/** A short, single-line excerpt of an error body: OpenAI-style error.message when there is one. */
export function errorBodySnippet(body: string): string {
  let text = body;
  try {
    const parsed = JSON.parse(body) as Record<string, unknown>;
    const e = parsed.error;
    if (typeof e === 'string') text = e;
    else if (e && typeof e === 'object' && typeof (e as { message?: unknown }).message === 'string') {
      text = (e as { message: string }).message;
    } else if (typeof parsed.message === 'string') text = parsed.message;
    else if (typeof parsed.detail === 'string') text = parsed.detail;
  } catch {
    // Not JSON: show the raw text.
  }
  text = text.replace(/\s+/g, ' ').trim();
  return text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}...` : text;
}

/** Cause for an `{"error": ...}` object sent inside a 200 stream (vLLM does this mid-stream). */
export function causeForStreamError(error: unknown): FailureCause {
  const code = error && typeof error === 'object' ? Number((error as { code?: unknown }).code) : NaN;
  return Number.isInteger(code) && code >= 400 && code < 600 ? causeForStatus(code) : 'http_5xx';
}
