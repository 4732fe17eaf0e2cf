// One chat request on the wire: the timing-critical loop.
// Timestamps are taken in undici's data callback, as the bytes arrive and before any parsing;
// the parse runs right after (cheap). One timer per request enforces all deadlines lazily.
import type { Dispatcher } from 'undici';
import { redactText } from '../core/redact.js';
import type { ChatResult, FailureCause, TurnError } from '../core/types.js';
import { SseText, utf8FromBytes } from './byte-text.js';
import { causeForStatus, causeForTransportError, errorBodySnippet, transportMessage } from './classify.js';
import type { Timeouts } from './http.js';
import { SseParser } from './sse.js';
import { stallAt } from './stall-watch.js';
import { TurnState } from './turn-state.js';
import { Utf8Stream } from './utf8.js';

export interface ExchangeOptions {
  dispatcher: Dispatcher;
  origin: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  /** The body asked for `stream: true`. */
  stream: boolean;
  timeouts: Timeouts;
  signal?: AbortSignal;
  /** Only used to scrub it out of messages. */
  apiKey?: string;
  /** Byte text and the chunk template (fast-path.ts); false: TextDecoder and JSON.parse throughout. */
  fastPath?: boolean;
  /** Sent as x-request-id (in `headers` already) and returned in the result. */
  requestId?: string;
}

const ERROR_BODY_MAX_BYTES = 8192;
/** Stalls below this are timer granularity, not worth a field in every record. */
const STALL_NOTED_MS = 1;
const KEPT_HEADERS = new Set([
  'server',
  'x-request-id',
  'request-id',
  'openai-processing-ms',
  'openai-model',
  'openai-version',
  'retry-after',
  'location',
  'content-type',
  'via',
  'x-ratelimit-remaining-requests',
  'x-ratelimit-remaining-tokens',
]);

type Mode = 'waiting' | 'sse' | 'json' | 'error';

class Exchange implements Dispatcher.DispatchHandler {
  private readonly state: TurnState;
  private readonly parser: SseParser;
  /** Error and JSON bodies: decoded text. */
  private readonly decoder = new Utf8Stream();
  /** Event streams: byte text (see byte-text.ts). */
  private readonly sseText: SseText;
  private readonly dispatchedAt = performance.now();
  /** Send time: when undici hands the request to a connected socket. */
  private sentAt = this.dispatchedAt;
  private controller: Dispatcher.DispatchController | undefined;
  private settled = false;
  private mode: Mode = 'waiting';
  private status = 0;
  private headersMs: number | undefined;
  private firstByteMs: number | undefined;
  private lastDataAt = 0;
  private chunkMs = 0;
  /**
   * The longer event-loop stall of the two stamps TTFT and E2E rest on, first token and end
   * (stall-watch.ts): mid-stream stamps are not counted, a turn is suspect for its headline figures.
   */
  private worstStallMs = 0;
  private bodyText = '';
  private bodyBytes = 0;
  private responseHeaders: Record<string, string> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private timerDue = Infinity;
  private readonly onAbort = (): void => this.fail('aborted', 'aborted by the caller');

  constructor(
    private readonly o: ExchangeOptions,
    private readonly resolve: (r: ChatResult) => void,
  ) {
    this.state = new TurnState({ fastPath: o.fastPath !== false });
    this.sseText = new SseText({ bytes: o.fastPath !== false });
    this.parser = new SseParser(
      (data) => {
        if (this.settled) return;
        const text = this.sseText.bytes ? utf8FromBytes(data) : data;
        if (!this.state.onEvent(text, this.chunkMs)) this.failFromState();
      },
      // Template events never fail, so a run needs no failure check; once settled, none is taken.
      (buf, pos, readId) =>
        this.settled ? pos : this.state.consumeRun(buf, pos, readId, this.chunkMs, this.sseText.bytes),
    );
  }

  start(): void {
    const { signal } = this.o;
    if (signal?.aborted) {
      this.fail('aborted', 'aborted by the caller before sending');
      return;
    }
    signal?.addEventListener('abort', this.onAbort, { once: true });
    this.arm(Math.min(this.o.timeouts.firstTokenMs, this.o.timeouts.totalMs));
    try {
      this.o.dispatcher.dispatch(
        {
          origin: this.o.origin,
          path: this.o.path,
          method: 'POST',
          headers: this.o.headers,
          body: this.o.body,
          // Deadlines are ours (first token is about content, not bytes); undici's would misfire.
          headersTimeout: 0,
          bodyTimeout: 0,
        },
        this,
      );
    } catch (err) {
      this.fail(causeForTransportError(err, false), transportMessage(err));
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.controller = controller;
    if (this.settled) controller.abort(new Error('chatproof: request already settled'));
    else this.sentAt = performance.now();
  }

  onResponseStart(
    _c: Dispatcher.DispatchController,
    status: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (this.settled || status < 200) return;
    this.headersMs = performance.now() - this.sentAt;
    this.status = status;
    this.responseHeaders = pickHeaders(headers);
    const type = String(headers['content-type'] ?? '');
    if (status >= 300) this.mode = 'error';
    // A web page where the API should be (a login page, a captive portal): not a cut stream.
    else if (type.includes('text/html')) this.mode = 'error';
    // Some servers ignore stream:true and answer with JSON: read it as a non-streamed reply.
    else if (type.includes('text/event-stream') || (this.o.stream && !type.includes('json'))) this.mode = 'sse';
    else this.mode = 'json';
  }

  onResponseData(_c: Dispatcher.DispatchController, chunk: Buffer): void {
    const at = performance.now();
    if (this.settled) return;
    this.lastDataAt = at;
    const offsetMs = at - this.sentAt;
    if (this.firstByteMs === undefined) this.firstByteMs = offsetMs;
    if (this.mode === 'sse') {
      const wasStarted = this.state.started;
      const wasDone = this.state.done;
      this.chunkMs = offsetMs;
      this.parser.push(this.sseText.decode(chunk));
      if (!wasStarted && this.state.started && !this.settled) {
        this.noteStall(at);
        this.onFirstOutput();
      }
      if (!wasDone && this.state.done) this.noteStall(at);
    } else if (this.mode === 'error') {
      if (this.bodyBytes < ERROR_BODY_MAX_BYTES) this.bodyText += this.decoder.decode(chunk);
      this.bodyBytes += chunk.length;
    } else {
      this.bodyText += this.decoder.decode(chunk);
    }
  }

  onResponseEnd(): void {
    const now = performance.now();
    const endMs = now - this.sentAt;
    if (this.settled) return;
    // E2E ends here unless [DONE] came first (non-streamed replies: TTFT is this stamp too).
    if (this.state.doneMs === undefined) this.noteStall(now);
    const tail = this.mode === 'sse' ? this.sseText.end() : this.decoder.end();
    if (this.mode === 'error') {
      const snippet = errorBodySnippet(this.bodyText + tail);
      const retry = this.responseHeaders?.['retry-after'];
      const location = this.responseHeaders?.location;
      const message =
        this.status < 300
          ? `HTTP ${this.status} with a web page (text/html), not an API answer: a login page or a proxy in the ` +
            `way?${snippet ? ` ${snippet}` : ''}`
          : `HTTP ${this.status}${snippet ? `: ${snippet}` : ''}${retry ? ` (retry-after ${retry})` : ''}` +
            (location ? ` (redirect to ${location}, not followed: point --target at the final URL)` : '');
      this.fail(this.status < 300 ? 'not_an_api' : causeForStatus(this.status), message, this.status, endMs);
      return;
    }
    if (this.mode === 'sse') {
      this.chunkMs = endMs;
      if (tail) this.parser.push(tail);
      this.parser.end();
      if (this.settled) return;
      // E2E ends at [DONE]; the chunked terminator normally rides in the same packet anyway.
      this.finish(this.state.doneMs ?? endMs);
      return;
    } else {
      // Non-streamed: the whole reply becomes visible at once, so TTFT = E2E = body fully read.
      if (!this.state.onCompletion(this.bodyText + tail, endMs)) {
        this.failFromState(endMs);
        return;
      }
    }
    this.finish(endMs);
  }

  onResponseError(_c: Dispatcher.DispatchController, err: Error): void {
    if (this.settled) return;
    const endMs = performance.now() - this.sentAt;
    const started = this.mode !== 'waiting';
    // The answer was complete before the socket broke: nothing was lost.
    if (started && this.mode === 'sse' && (this.state.done || this.state.finishReason !== undefined)) {
      this.parser.end();
      if (!this.settled) this.finish(this.state.doneMs ?? endMs);
      return;
    }
    // Connected and the request handed over, then closed without a byte of answer: the server
    // was reached and dropped the request (streamed or not), so it is not "unreachable".
    if (!started && this.sentAt > this.dispatchedAt && causeForTransportError(err, false) === 'connection_reset') {
      this.fail(
        'stream_cut',
        `the server closed the connection after the request, without an answer (${transportMessage(err)})`,
        undefined,
        endMs,
      );
      return;
    }
    this.fail(causeForTransportError(err, started), transportMessage(err), started ? this.status : undefined, endMs);
  }

  private finish(endMs: number): void {
    this.state.end();
    if (!this.state.done && this.state.finishReason === undefined) {
      this.fail('stream_cut', 'stream ended without finish_reason or [DONE]', this.status, endMs);
      return;
    }
    if (this.state.text.content.trim().length === 0) {
      const what = this.state.text.reasoning.length > 0 ? 'reasoning only, no content' : 'no content';
      this.fail('empty_reply', `empty reply (${what})`, this.status, endMs);
      return;
    }
    this.settle(endMs, undefined);
  }

  private noteStall(at: number): void {
    const stall = stallAt(at);
    if (stall > this.worstStallMs) this.worstStallMs = stall;
  }

  private onFirstOutput(): void {
    // Past the first token, the idle deadline (usually shorter) applies from the last chunk.
    const { idleMs, totalMs } = this.o.timeouts;
    const dueMs = Math.min(this.lastDataAt + idleMs, this.dispatchedAt + totalMs) - this.dispatchedAt;
    if (dueMs < this.timerDue - this.dispatchedAt) this.arm(dueMs);
  }

  /** Schedules the deadline check `dueMs` after dispatch. */
  private arm(dueMs: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = this.dispatchedAt + dueMs;
    this.timer = setTimeout(this.check, Math.max(1, this.timerDue - performance.now()));
  }

  private readonly check = (): void => {
    this.timer = undefined;
    if (this.settled) return;
    const { firstTokenMs, idleMs, totalMs } = this.o.timeouts;
    const now = performance.now();
    const elapsedMs = now - this.dispatchedAt;
    if (elapsedMs >= totalMs) {
      this.fail('total_timeout', `no complete reply within ${totalMs} ms`);
      return;
    }
    if (!this.state.started) {
      if (elapsedMs >= firstTokenMs) {
        this.fail('first_token_timeout', `no token within ${firstTokenMs} ms`);
        return;
      }
      this.arm(Math.min(firstTokenMs, totalMs));
      return;
    }
    if (now - this.lastDataAt >= idleMs) {
      if (this.state.done) {
        // [DONE] came but the body never ended: the reply is whole; drop the socket.
        this.finish(this.state.doneMs!);
        this.controller?.abort(new Error('chatproof: body not ended after [DONE]'));
        return;
      }
      this.fail('idle_timeout', `no data for ${idleMs} ms after the first token`);
      return;
    }
    this.arm(Math.min(this.lastDataAt + idleMs - this.dispatchedAt, totalMs));
  };

  private failFromState(endMs?: number): void {
    const f = this.state.failure!;
    this.fail(f.cause, f.message, this.status || undefined, endMs);
  }

  private fail(cause: FailureCause, message: string, httpStatus?: number, endMs?: number): void {
    if (this.settled) return;
    const error: TurnError = { cause, message: redactText(message) };
    if (httpStatus !== undefined && httpStatus > 0) error.httpStatus = httpStatus;
    this.settle(endMs, error);
    // Frees the connection: undici destroys the socket of an aborted in-flight request.
    this.controller?.abort(new Error(`chatproof: ${cause}`));
  }

  private settle(endMs: number | undefined, error: TurnError | undefined): void {
    this.settled = true;
    if (this.timer) clearTimeout(this.timer);
    this.o.signal?.removeEventListener('abort', this.onAbort);
    const s = this.state;
    if (error) s.text.end();
    const result: ChatResult = {
      ok: error === undefined,
      content: s.text.content,
      reasoning: s.text.reasoning,
      timing: {
        sentAtEpochMs: performance.timeOrigin + this.sentAt,
        headersMs: this.headersMs,
        firstByteMs: this.firstByteMs,
        firstThoughtMs: s.firstThoughtMs,
        firstTokenMs: s.firstTokenMs,
        endMs,
        contentChunkOffsetsMs: s.contentChunkOffsetsMs,
        ...(this.worstStallMs >= STALL_NOTED_MS ? { stallMs: Math.round(this.worstStallMs * 10) / 10 } : {}),
      },
      usage: s.usage(this.mode === 'sse'),
    };
    if (s.finishReason !== undefined) result.finishReason = s.finishReason;
    if (this.o.requestId !== undefined) result.requestId = this.o.requestId;
    if (this.responseHeaders) result.responseHeaders = this.responseHeaders;
    if (error) result.error = error;
    this.resolve(result);
  }
}

function pickHeaders(headers: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    if (KEPT_HEADERS.has(name) || name.startsWith('x-chatproof-')) {
      const v = headers[name];
      // Header values are server-chosen text that reaches results.json: a redirect URL may carry a token.
      if (v !== undefined) out[name] = redactText(Array.isArray(v) ? v.join(', ') : v);
    }
  }
  return out;
}

/** Sends one chat request and reads the reply. Never rejects for target failures. */
export function exchange(options: ExchangeOptions): Promise<ChatResult> {
  return new Promise((resolve) => new Exchange(options, resolve).start());
}
