// startServer: resolve the model, pick a backend that works (GPU probe), load the model into one
// context of N sequences, listen, warm up, and serve the OpenAI-compatible API, the chat page,
// /health and /metrics over node:http.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { basename } from 'node:path';
import { getLlama, getLlamaGpuTypes } from 'node-llama-cpp';
import { BackendProbeError, chooseBackend } from './backend/probe.js';
import { DEFAULTS } from './defaults.js';
import { loadEngine } from './engine/model-loader.js';
import { SequencePool } from './engine/pool.js';
import { PromptRenderer } from './engine/prompt.js';
import { warmUp } from './engine/warm-up.js';
import { createRouter, type ServerPhase } from './http/router.js';
import { ServerMetrics } from './metrics.js';
import { resolveModel } from './resolve.js';
import { type RunningServer, type ServeOptions, StartupError } from './types.js';

export { DEFAULTS };

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const log = options.log ?? (() => {});
  const gpu = options.gpu ?? 'auto';
  const parallel = options.parallel ?? DEFAULTS.parallel;
  const contextSize = options.contextSize ?? DEFAULTS.contextSize;
  const host = options.host ?? DEFAULTS.host;
  const port = options.port ?? DEFAULTS.port;
  const choice = await chooseBackend(
    gpu,
    gpu === 'auto' ? (await getLlamaGpuTypes('supported')).map(String) : [],
    log,
  ).catch((error: unknown) => {
    if (error instanceof BackendProbeError)
      throw new StartupError(`--gpu ${String(gpu)} does not work on this machine: ${error.message}`, 'backend');
    throw error;
  });
  const backend = choice.backend === 'cpu' ? false : choice.backend;
  const vramBytes = options.model === 'auto' ? await freeVram(backend) : undefined;
  const resolved = await resolveModel(options.model, {
    cacheDir: options.modelsDir,
    log,
    vramBytes,
    progressBar: true,
  }).catch((error: unknown) => {
    throw new StartupError((error as Error).message, 'model');
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
    gpu: backend,
    threads: options.threads,
    flashAttention: options.flashAttention,
    log,
  });
  const pool = new SequencePool(engine.context, options.queueLimit ?? DEFAULTS.queueLimit);
  const metrics = new ServerMetrics(engine.placement);
  const renderer = new PromptRenderer(engine.model, engine.chatWrapper);
  const parseErrors = new WeakMap<object, string>();
  const phase: { current: ServerPhase } = { current: options.warmUp === false ? 'ready' : 'warming' };
  const handler = createRouter({
    engine,
    renderer,
    pool,
    metrics,
    phase,
    log,
    parseErrors,
    corsOrigins: new Set(options.corsOrigins ?? []),
    modelName: resolved.name,
    modelAliases: new Set([resolved.name, basename(resolved.path), basename(resolved.path).replace(/\.gguf$/i, '')]),
    generated: resolved.generated,
    startedAt: Date.now(),
  });
  const server = createServer(handler);
  // Malformed HTTP (a bad chunked body, broken headers): answered 400 and remembered, so the
  // request it cut short is counted as the client's error, not as a server failure.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    // A connection closed mid-request (EOF) is the client going away, not malformed HTTP.
    if (error.code === 'ECONNRESET' || error.code === 'HPE_INVALID_EOF_STATE' || !socket.writable)
      return void socket.destroy();
    parseErrors.set(socket, error.code ?? error.message);
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });
  // Long generations must not be cut by node's default request/keep-alive timeouts.
  server.requestTimeout = 0;
  server.headersTimeout = 60_000;
  try {
    await listen(server, port, host);
  } catch (error) {
    await engine.dispose();
    throw new StartupError(listenFailure(error as NodeJS.ErrnoException, host, port), 'address');
  }
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${shownHost}:${address.port}/v1`;
  const p = engine.placement;
  log(
    `serving ${resolved.name} on ${p.backend}${p.devices.length ? ` (${p.devices.join(', ')})` : ''}: ` +
      `${p.layersOffloaded}/${p.totalLayers} layers offloaded, ` +
      `VRAM ${gib(p.vramUsedBytes)} used of ${gib(p.vramTotalBytes)}, ${engine.threads} threads, ` +
      `${parallel} sequences x ${p.contextPerSequence} tokens, batch ${p.batchSize}, ` +
      `flash attention ${p.flashAttention}`,
  );
  await options.onListening?.(url);
  if (phase.current === 'warming') {
    const summary = await warmUp(engine.model, pool.sequences);
    log(
      `warm-up done in ${summary.ms} ms: decoded at batch sizes 1-${summary.batchSizes}, ` +
        `prompts of ${summary.promptTokens.join('/')} tokens; ready`,
    );
    phase.current = 'ready';
  }
  let closing: Promise<void> | undefined;
  return {
    url,
    port: address.port,
    modelName: resolved.name,
    modelPath: resolved.path,
    generated: resolved.generated,
    gpu: engine.gpu,
    placement: engine.placement,
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

const gib = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(1)} GiB`;

/** One sentence per cause: only a port in use is fixed with another --port. */
function listenFailure(error: NodeJS.ErrnoException, host: string, port: number): string {
  switch (error.code) {
    case 'EADDRINUSE':
      return `Port ${port} on ${host} is already in use. Pick another --port (0 picks a free one).`;
    case 'EACCES':
      return `Not allowed to listen on port ${port} (ports below 1024 need privileges). Pick a --port from 1024.`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine. Use --host 127.0.0.1, 0.0.0.0 or one of its own addresses.`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `The host name ${host} does not resolve. Use --host 127.0.0.1, 0.0.0.0 or a name of this machine.`;
    default:
      return `Could not listen on ${host}:${port}: ${error.message}.`;
  }
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
  if (gpu === false) return 0;
  const llama = await getLlama({ gpu: gpu ?? 'auto', build: 'never' }).catch(() => undefined);
  if (!llama) return 0;
  try {
    return llama.gpu ? (await llama.getVramState()).free : 0;
  } finally {
    await llama.dispose();
  }
}
