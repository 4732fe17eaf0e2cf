// startServer: resolve the model, load it into one context of N sequences, and serve the
// OpenAI-compatible API, the chat page, /health and /metrics over node:http.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { getLlama } from 'node-llama-cpp';
import { loadEngine } from './engine/load.js';
import { SequencePool } from './engine/pool.js';
import { PromptRenderer } from './engine/prompt.js';
import { createRouter } from './http/router.js';
import { ServerMetrics } from './metrics.js';
import { resolveModel } from './resolve.js';
import type { RunningServer, ServeOptions } from './types.js';

export const DEFAULTS = { host: '127.0.0.1', port: 8080, parallel: 4, contextSize: 4096, queueLimit: 64 } as const;

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const gpu = options.gpu ?? 'auto';
  const parallel = options.parallel ?? DEFAULTS.parallel;
  const contextSize = options.contextSize ?? DEFAULTS.contextSize;
  const vramBytes = options.model === 'auto' ? await freeVram(gpu) : undefined;
  const resolved = await resolveModel(options.model, {
    cacheDir: options.modelsDir,
    log,
    vramBytes,
    progressBar: true,
  });
  if (resolved.generated)
    log(
      `NOTE: serving the generated random-weight model ${basename(resolved.path)}: ` +
        'replies are gibberish (plumbing and load tests only).',
    );
  const engine = await loadEngine({
    modelPath: resolved.path,
    parallel,
    contextSize,
    gpu,
    threads: options.threads,
    log,
  });
  const pool = new SequencePool(engine.context, options.queueLimit ?? DEFAULTS.queueLimit);
  const metrics = new ServerMetrics();
  const renderer = new PromptRenderer(engine.model, engine.chatWrapper);
  const handler = createRouter({
    engine,
    renderer,
    pool,
    metrics,
    modelName: resolved.name,
    modelAliases: new Set([resolved.name, basename(resolved.path), basename(resolved.path).replace(/\.gguf$/i, '')]),
    generated: resolved.generated,
    startedAt: Date.now(),
  });
  const server = createServer(handler);
  // Long generations must not be cut by node's default request/keep-alive timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  try {
    await listen(server, options.port ?? DEFAULTS.port, options.host ?? DEFAULTS.host);
  } catch (err) {
    await engine.dispose();
    throw new Error(
      `Could not listen on ${options.host ?? DEFAULTS.host}:${options.port ?? DEFAULTS.port}: ` +
        `${(err as Error).message}. Pick another --port.`,
    );
  }
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  log(
    `serving ${resolved.name} on ${engine.gpu || 'CPU'} ` +
      `(${engine.threads} threads, ${parallel} sequences x ${engine.context.contextSize} tokens)`,
  );
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${address.port}/v1`,
    port: address.port,
    modelName: resolved.name,
    modelPath: resolved.path,
    generated: resolved.generated,
    gpu: engine.gpu,
    close() {
      closing ??= (async () => {
        pool.rejectAll('The server is shutting down.');
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        // Dropping connections aborts their generations (the 'close' handler), freeing sequences.
        server.closeAllConnections();
        await closed;
        await waitUntil(() => pool.busy === 0, 5_000);
        await engine.dispose();
      })();
      return closing;
    },
  };
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function waitUntil(done: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
}

/** Free GPU memory for `--model auto`; 0 on CPU. */
async function freeVram(gpu: ServeOptions['gpu']): Promise<number> {
  const llama = await getLlama({ gpu: gpu ?? 'auto', build: 'never' }).catch(() => undefined);
  if (!llama) return 0;
  try {
    return llama.gpu ? (await llama.getVramState()).free : 0;
  } finally {
    await llama.dispose();
  }
}
