// chatproof's client for OpenAI-compatible /v1/chat/completions servers.

import { isSecretName, redactText, registerSecret } from '../core/redact.js';
import type { ChatRequest, ChatResult, TurnError } from '../core/types.js';
import { causeForStatus, causeForTransportError, errorBodySnippet, transportMessage } from './classify.js';
import { fastPathFromEnv } from './fast-path.js';
import { createDispatcher, DEFAULT_TIMEOUTS, type Timeouts } from './http.js';
import { buildRequestBody } from './request-body.js';
import { RequestIds, traceparent } from './request-id.js';
import { watchStalls } from './stall-watch.js';
import { exchange } from './stream-reader.js';
import { normalizeBaseUrl } from './url.js';

export { FAST_PATH_ENV, fastPathFromEnv } from './fast-path.js';
export { DEFAULT_TIMEOUTS, type Timeouts } from './http.js';
export { buildRequestBody, type OpenAIChatBody } from './request-body.js';
export { SseParser } from './sse.js';
export { apiKeyFromEnv, normalizeBaseUrl } from './url.js';

export interface ChatClientOptions {
  /** http(s)://host:port[/v1]; /v1 is appended when the path is empty. */
  baseUrl: string;
  apiKey?: string;
  /** Used when a request's params carry no model. */
  model: string;
  timeouts?: Partial<Timeouts>;
  /** Sockets to the target; default: one per request in flight. */
  connections?: number;
  /** Extra request headers (sent as given; never logged). */
  headers?: Record<string, string>;
  /** The stream reader's fast path (fast-path.ts); default: on unless CHATPROOF_CLIENT_FAST_PATH=0. */
  fastPath?: boolean;
  /**
   * Send x-request-id and traceparent with every chat request (request-id.ts) and return the id;
   * default true. An x-request-id in `headers` wins: then none is generated.
   */
  requestIds?: boolean;
}

export interface ModelList {
  ok: boolean;
  models: string[];
  raw?: unknown;
  error?: TurnError;
}

export interface ChatClient {
  /** Never rejects for target failures: they come back as `ok: false` with an error cause. */
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult>;
  listModels(): Promise<ModelList>;
  close(): Promise<void>;
}

export function createChatClient(options: ChatClientOptions): ChatClient {
  const base = new URL(normalizeBaseUrl(options.baseUrl));
  const timeouts: Timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  const origin = base.origin;
  const prefix = base.pathname;
  // Query parameters of the base URL (e.g. api-version) ride on every request.
  const query = base.search;
  const chatPath = `${prefix}/chat/completions${query}`;
  const modelsPath = `${prefix}/models${query}`;
  const apiKey = options.apiKey;
  const fastPath = options.fastPath ?? fastPathFromEnv();
  registerSecret(apiKey);
  // Secret-looking query values ride on every request: servers echo them in error bodies.
  for (const [name, value] of base.searchParams) if (isSecretName(name)) registerSecret(value);
  // user:password@ in the URL is HTTP Basic auth (as curl sends it); an API key takes precedence.
  const user = decodeURIComponent(base.username);
  const password = decodeURIComponent(base.password);
  const basic = user || password ? Buffer.from(`${user}:${password}`).toString('base64') : undefined;
  registerSecret(password);
  registerSecret(basic);
  const dispatcher = createDispatcher({ connectMs: timeouts.connectMs, connections: options.connections });
  const ownId = Object.keys(options.headers ?? {}).some((name) => name.toLowerCase() === 'x-request-id');
  const ids = options.requestIds !== false && !ownId ? new RequestIds() : undefined;
  const releaseStallWatch = watchStalls();

  const common: Record<string, string> = { ...options.headers };
  if (apiKey) common.authorization = `Bearer ${apiKey}`;
  else if (basic) common.authorization = `Basic ${basic}`;
  // Built once: undici does not mutate them, and the hot path should not rebuild them.
  const streamHeaders = { ...common, 'content-type': 'application/json', accept: 'text/event-stream' };
  const jsonHeaders = { ...common, 'content-type': 'application/json', accept: 'application/json' };
  const getHeaders = { ...common, accept: 'application/json' };

  return {
    chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
      const body = JSON.stringify(buildRequestBody(request, options.model));
      const headers = request.stream ? streamHeaders : jsonHeaders;
      const requestId = ids?.next();
      return exchange({
        dispatcher,
        origin,
        path: chatPath,
        body,
        stream: request.stream,
        timeouts,
        signal,
        apiKey,
        fastPath,
        headers: requestId ? { ...headers, 'x-request-id': requestId, traceparent: traceparent(requestId) } : headers,
        ...(requestId ? { requestId } : {}),
      });
    },

    async listModels(): Promise<ModelList> {
      const fail = (error: TurnError): ModelList => ({
        ok: false,
        models: [],
        error: { ...error, message: redactText(error.message) },
      });
      const deadline = AbortSignal.timeout(timeouts.totalMs);
      try {
        const res = await dispatcher.request({
          origin,
          path: modelsPath,
          method: 'GET',
          headers: getHeaders,
          signal: deadline,
          headersTimeout: Math.min(timeouts.firstTokenMs, timeouts.totalMs),
          bodyTimeout: timeouts.idleMs,
        });
        const text = await res.body.text();
        if (res.statusCode >= 300) {
          return fail({
            cause: causeForStatus(res.statusCode),
            httpStatus: res.statusCode,
            message: `HTTP ${res.statusCode}: ${errorBodySnippet(text)}`,
          });
        }
        let raw: unknown;
        try {
          raw = JSON.parse(text);
        } catch {
          return fail({ cause: 'malformed_chunk', message: `models list is not JSON: ${errorBodySnippet(text)}` });
        }
        const data = (raw as { data?: unknown }).data;
        const models = Array.isArray(data)
          ? data
              .map((m) => (m && typeof m === 'object' ? (m as { id?: unknown }).id : undefined))
              .filter((id): id is string => typeof id === 'string')
          : [];
        return { ok: true, models, raw };
      } catch (err) {
        if (deadline.aborted)
          return fail({ cause: 'total_timeout', message: `no answer within ${timeouts.totalMs} ms` });
        return fail({ cause: causeForTransportError(err, false), message: transportMessage(err) });
      }
    },

    async close(): Promise<void> {
      releaseStallWatch();
      // Graceful first (lets finished keep-alive sockets close cleanly), then force stalled ones.
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'late'>((resolve) => {
        timer = setTimeout(() => resolve('late'), 1000);
      });
      const outcome = await Promise.race([dispatcher.close().then(() => 'closed' as const), grace]);
      clearTimeout(timer);
      if (outcome === 'late') await dispatcher.destroy();
    },
  };
}
