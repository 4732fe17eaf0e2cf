// Routes of the bundled server, answered the way OpenAI and vLLM answer: an unknown path is 404,
// a known path with the wrong method 405. Every failure leaves as an OpenAI-style JSON error.
// Browser requests from another origin are refused unless allowed (--cors), and POST bodies
// must be application/json, so a web page the user visits cannot drive the local server.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import { chatPageHtml, chatPagePolicy } from '../page/chat-page.js';
import { ServerError } from '../types.js';
import { type CompletionDeps, handleChatCompletion } from './completions.js';
import { sendError, sendJson } from './respond.js';
import { handleTextCompletion } from './text-completions.js';

export type ServerPhase = 'warming' | 'ready';

export interface RouterDeps extends CompletionDeps {
  generated: boolean;
  startedAt: number;
  phase: { current: ServerPhase };
  corsOrigins: Set<string>;
  log: (line: string) => void;
  /** HTTP parse errors (e.g. a bad chunked body) by socket, recorded by the server's clientError handler. */
  parseErrors: WeakMap<object, string>;
}

type Handler = (req: IncomingMessage, res: ServerResponse, deps: RouterDeps) => unknown;

const POST_ROUTES: Record<string, Handler> = {
  '/v1/chat/completions': handleChatCompletion,
  '/v1/completions': handleTextCompletion,
};

const GET_ROUTES: Record<string, Handler> = {
  '/': (_req, res, deps) => sendPage(res, deps),
  '/health': (_req, res, deps) => sendHealth(res, deps),
  '/v1/models': (_req, res, deps) => sendJson(res, 200, { object: 'list', data: [modelCard(deps)] }),
  '/metrics': (_req, res, deps) => {
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
    res.end(deps.metrics.render(deps.pool, deps.phase.current));
  },
};

const ROUTE_LIST =
  'Routes: POST /v1/chat/completions, POST /v1/completions, GET /v1/models, GET /v1/models/{id}, ' +
  '/health, /metrics, / (chat page).';

export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void route(req, res, deps);
  };
}

async function route(req: IncomingMessage, res: ServerResponse, deps: RouterDeps): Promise<void> {
  const path = (req.url ?? '/').split('?')[0] ?? '/';
  const method = req.method ?? 'GET';
  const from = req.socket.remoteAddress ?? 'unknown';
  try {
    if (!applyCors(req, res, deps)) return;
    if (method === 'OPTIONS') {
      res.writeHead(204, { 'content-length': '0' });
      res.end();
      return;
    }
    const post = POST_ROUTES[path];
    if (post) {
      if (method !== 'POST') throw methodNotAllowed('POST');
      requireJson(req);
      if (deps.phase.current === 'warming') throw warming();
      let status = await Promise.resolve(post(req, res, deps)).then(
        (s) => s as number,
        (err: unknown) => sendError(res, err),
      );
      if (status === 499) {
        // A malformed body also ends as a dropped connection: the parser's verdict comes first.
        await new Promise((resolve) => setImmediate(resolve));
        const parseError = deps.parseErrors.get(req.socket);
        if (parseError) status = 400;
        deps.log(
          `request ${method} ${path} from ${from}: ${status} ` +
            `(${parseError ? `malformed request body, ${parseError}` : 'the client went away'})`,
        );
      } else if (status >= 500) deps.log(`request ${method} ${path} from ${from}: ${status} (server error)`);
      deps.metrics.countRequest(status);
      return;
    }
    const modelId = /^\/v1\/models\/(.+)$/.exec(path)?.[1];
    const get = GET_ROUTES[path] ?? (modelId === undefined ? undefined : () => sendModel(res, deps, modelId));
    if (!get)
      throw new ServerError(404, `No route ${method} ${path}. ${ROUTE_LIST}`, 'invalid_request_error', 'not_found');
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET');
    await get(req, res, deps);
  } catch (err) {
    await drainBody(req);
    sendError(res, err);
  }
}

/**
 * Reads (and drops) what is left of a refused request's body before answering: a reply sent
 * while the client is still writing makes node reset the connection, and the client then sees
 * "socket hang up" instead of the error. Bounded, so a huge or stalled body cannot hold it.
 */
function drainBody(req: IncomingMessage): Promise<void> {
  if (req.complete || req.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    let bytes = 0;
    const done = () => {
      clearTimeout(timer);
      req.off('data', count);
      resolve();
    };
    const count = (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > 1024 * 1024) done();
    };
    const timer = setTimeout(done, 2_000);
    req.on('data', count);
    req.once('end', done);
    req.once('error', done);
    req.once('close', done);
  });
}

/**
 * Same origin (the chat page), an origin allowed with --cors, or no Origin at all (curl, SDKs)
 * pass; any other browser origin gets 403. Same origin counts only when the Host is an IP
 * address or localhost, so a DNS-rebound name cannot pass itself off as this server.
 */
function applyCors(req: IncomingMessage, res: ServerResponse, deps: RouterDeps): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  if (deps.corsOrigins.has(origin)) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('vary', 'Origin');
    res.setHeader('access-control-allow-methods', 'GET, POST, OPTIONS');
    res.setHeader('access-control-allow-headers', 'authorization, content-type');
    res.setHeader('access-control-expose-headers', 'x-request-id, x-chatproof-ignored-fields');
    return true;
  }
  const host = req.headers.host ?? '';
  const hostname = host.replace(/:\d+$/, '').replace(/^\[|\]$/g, '');
  if ((isIP(hostname) !== 0 || hostname === 'localhost') && sameOrigin(origin, host)) return true;
  throw new ServerError(
    403,
    `Requests from the web origin ${origin} are refused: a page in a browser may not drive this server. ` +
      `To allow that origin, start the server with --cors ${origin}.`,
    'invalid_request_error',
    'cross_origin_forbidden',
  );
}

function sameOrigin(origin: string, host: string): boolean {
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}

function requireJson(req: IncomingMessage): void {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type === 'application/json') return;
  throw new ServerError(
    415,
    'The request body must be JSON with "Content-Type: application/json"; ' +
      `got ${type ? `"${type}"` : 'no Content-Type'}.`,
    'invalid_request_error',
    'unsupported_media_type',
    {},
    'content-type',
  );
}

function warming(): ServerError {
  return new ServerError(
    503,
    'The server is warming up (decoding once at every batch size before it takes requests). Retry in a moment; ' +
      'GET /health says "ok" when ready.',
    'server_error',
    'warming_up',
    { 'retry-after': '1' },
  );
}

function methodNotAllowed(allowed: string): ServerError {
  return new ServerError(
    405,
    `Method not allowed here; use ${allowed}.`,
    'invalid_request_error',
    'method_not_allowed',
    { allow: allowed },
  );
}

const modelCard = (deps: RouterDeps) => ({
  id: deps.modelName,
  object: 'model',
  created: Math.floor(deps.startedAt / 1000),
  owned_by: 'chatproof',
  max_model_len: deps.engine.placement.contextPerSequence,
});

function sendModel(res: ServerResponse, deps: RouterDeps, id: string): void {
  const name = decodeURIComponent(id);
  if (!deps.modelAliases.has(name))
    throw new ServerError(
      404,
      `The model "${name}" does not exist here; this server serves "${deps.modelName}".`,
      'invalid_request_error',
      'model_not_found',
      {},
      'model',
    );
  sendJson(res, 200, modelCard(deps));
}

function sendHealth(res: ServerResponse, deps: RouterDeps): void {
  const ready = deps.phase.current === 'ready';
  const p = deps.engine.placement;
  sendJson(res, ready ? 200 : 503, {
    status: ready ? 'ok' : 'warming',
    model: deps.modelName,
    generated: deps.generated,
    backend: p.backend,
    devices: p.devices,
    layersOffloaded: p.layersOffloaded,
    totalLayers: p.totalLayers,
    vramUsedBytes: p.vramUsedBytes,
    contextPerSequence: p.contextPerSequence,
    sequences: deps.pool.size,
    busySequences: deps.pool.busy,
    queueDepth: deps.pool.queueDepth,
    uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
  });
}

function sendPage(res: ServerResponse, deps: RouterDeps): void {
  const nonce = randomBytes(16).toString('base64');
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    // Only this response's nonce-carrying <style> and <script> run: model text can never add one.
    'content-security-policy': chatPagePolicy(nonce),
    'x-content-type-options': 'nosniff',
  });
  res.end(chatPageHtml({ modelName: deps.modelName, generated: deps.generated }, nonce));
}
