// Routes of the bundled server. Every failure leaves as an OpenAI-style JSON error.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { chatPageHtml } from '../page/chat-page.js';
import { ServerError } from '../types.js';
import { type CompletionDeps, handleChatCompletion } from './completions.js';
import { sendError, sendJson } from './respond.js';

export interface RouterDeps extends CompletionDeps {
  generated: boolean;
  startedAt: number;
}

export function createRouter(deps: RouterDeps): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    void route(req, res, deps);
  };
}

async function route(req: IncomingMessage, res: ServerResponse, deps: RouterDeps): Promise<void> {
  const path = (req.url ?? '/').split('?')[0];
  const method = req.method ?? 'GET';
  try {
    if (path === '/v1/chat/completions') {
      if (method !== 'POST') throw methodNotAllowed('POST');
      const status = await handleChatCompletion(req, res, deps).catch((err: unknown) => sendError(res, err));
      deps.metrics.countRequest(status);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') throw methodNotAllowed('GET');
    switch (path) {
      case '/':
        return sendHtml(res, chatPageHtml({ modelName: deps.modelName, generated: deps.generated }));
      case '/health':
        return sendJson(res, 200, {
          status: 'ok',
          model: deps.modelName,
          generated: deps.generated,
          sequences: deps.pool.size,
          busySequences: deps.pool.busy,
          queueDepth: deps.pool.queueDepth,
          uptimeSeconds: Math.round((Date.now() - deps.startedAt) / 1000),
        });
      case '/v1/models':
        return sendJson(res, 200, {
          object: 'list',
          data: [
            { id: deps.modelName, object: 'model', created: Math.floor(deps.startedAt / 1000), owned_by: 'chatproof' },
          ],
        });
      case '/metrics': {
        const body = deps.metrics.render({
          queueDepth: deps.pool.queueDepth,
          busySequences: deps.pool.busy,
          totalSequences: deps.pool.size,
          peakBusySequences: deps.pool.peakBusy,
        });
        res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' });
        res.end(body);
        return;
      }
      default:
        throw new ServerError(
          404,
          `No route ${method} ${path}. ` +
            'Routes: POST /v1/chat/completions, GET /v1/models, /health, /metrics, / (chat page).',
          'invalid_request_error',
          'not_found',
        );
    }
  } catch (err) {
    sendError(res, err);
  }
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

function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, {
    'content-type': 'text/html; charset=utf-8',
    // The page is self-contained: forbid every outside source, so model text can never load one.
    'content-security-policy':
      "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src data:",
  });
  res.end(html);
}
