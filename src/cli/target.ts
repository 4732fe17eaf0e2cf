// Where eval sends its requests: a given OpenAI-compatible URL (checked before the run), or
// the bundled node-llama-cpp server started in-process on a free loopback port.

import { request } from 'undici';
import { apiKeyFromEnv, createChatClient, normalizeBaseUrl } from '../client/index.js';
import { ChatproofError, EXIT } from '../core/errors.js';
import { redactUrl } from '../core/redact.js';

export interface ResolvedTarget {
  baseUrl: string;
  model: string;
  bundled: boolean;
  generatedModel: boolean;
  modelPath?: string;
  /** The target's /v1/models answer, kept for the environment fingerprint. */
  modelsAnswer?: unknown;
  close(): Promise<void>;
}

export interface TargetRequest {
  target?: string;
  model?: string;
  scenarioModel?: string;
  /** false: never download a model for the bundled server (use a cached one or the generated one). */
  download?: boolean;
  log: (line: string) => void;
  /** The command asking ("eval", "load"), for its messages. */
  command?: string;
}

export async function resolveTarget(request: TargetRequest): Promise<ResolvedTarget> {
  if (request.target) return checkRemoteTarget(request.target, request);
  return startBundledTarget(request);
}

async function checkRemoteTarget(url: string, request: TargetRequest): Promise<ResolvedTarget> {
  let baseUrl: string;
  try {
    baseUrl = normalizeBaseUrl(url);
  } catch {
    throw new ChatproofError(
      `--target: "${redactUrl(url)}" is not an http(s) URL; expected e.g. http://127.0.0.1:8000/v1.`,
    );
  }
  const probe = createChatClient({
    baseUrl,
    apiKey: apiKeyFromEnv(),
    model: request.model ?? 'probe',
    timeouts: { connectMs: 10_000, totalMs: 20_000 },
  });
  try {
    const models = await probe.listModels();
    if (
      !models.ok &&
      models.error &&
      ['connection_refused', 'host_not_found', 'connect_timeout', 'connection_reset'].includes(models.error.cause)
    ) {
      throw new ChatproofError(
        `chatproof ${request.command ?? 'eval'}: the target ${redactUrl(baseUrl)} is unreachable ` +
          `(${models.error.cause}: ${models.error.message}). ` +
          'Start the server or fix --target / CHATPROOF_TARGET.',
        EXIT.unreachable,
      );
    }
    const model = request.model ?? request.scenarioModel ?? (models.ok ? models.models[0] : undefined);
    if (!model) {
      throw new ChatproofError(
        `chatproof ${request.command ?? 'eval'}: no model name: ${redactUrl(baseUrl)}/models ` +
          `${models.ok ? 'lists no model' : `did not answer (${models.error?.message ?? 'unknown error'})`}; pass ` +
          `--model NAME or set params.model in the scenario.`,
      );
    }
    return {
      baseUrl,
      model,
      bundled: false,
      generatedModel: false,
      modelsAnswer: models.ok ? models.raw : undefined,
      close: async () => {},
    };
  } finally {
    await probe.close();
  }
}

async function startBundledTarget(request: TargetRequest): Promise<ResolvedTarget> {
  const { resolveDefaultModel, startServer } = await import('../server/index.js');
  const quiet = { log: () => {} };
  let server: Awaited<ReturnType<typeof startServer>> | undefined;
  let resolved = await resolveDefaultModel({ log: () => {} });
  if (resolved.generated && request.download !== false && (await hubReachable(request.log))) {
    // No real model cached: fetch the preset that fits this machine (auto), as `serve --model auto` would.
    request.log(
      'No --target and no cached Qwen3 model: downloading the preset that fits this machine for the bundled server' +
        ' (pass --target URL to use your own server, or --no-download to skip).',
    );
    try {
      server = await startServer({ model: 'auto', host: '127.0.0.1', port: 0, ...quiet });
      resolved = { path: server.modelPath, name: server.modelName, generated: false };
    } catch (error) {
      request.log(`Download failed: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  if (resolved.generated) {
    request.log(
      '\n⚠  No --target given and no real Qwen3 model available: using the GENERATED test model\n' +
        `   (${resolved.path}). Its replies are gibberish: figures show plumbing and latency only,\n` +
        '   never model quality. Pass --target URL, or cache a model: chatproof serve --model qwen3-0.6b\n',
    );
  }
  server ??= await startServer({ model: resolved.path, host: '127.0.0.1', port: 0, ...quiet });
  request.log(`Started the bundled server on ${server.url} (${server.modelName}, gpu: ${server.gpu || 'none'}).`);
  const running = server;
  return {
    baseUrl: running.url,
    model: request.model ?? running.modelName,
    bundled: true,
    generatedModel: resolved.generated,
    modelPath: resolved.path,
    close: () => running.close(),
  };
}

/**
 * A quick look at the model hub before committing to a download: offline machines (or ones whose
 * DNS hangs) fall back to the generated model in seconds instead of waiting on a stalled transfer.
 */
async function hubReachable(log: (line: string) => void, timeoutMs = 5000): Promise<boolean> {
  const endpoint = process.env.HF_ENDPOINT ?? 'https://huggingface.co/';
  try {
    const res = await request(endpoint, {
      method: 'HEAD',
      signal: AbortSignal.timeout(timeoutMs),
      headersTimeout: timeoutMs,
    });
    await res.body.dump();
    return true;
  } catch (error) {
    log(
      `No --target, no cached Qwen3 model, and the model hub ${endpoint} is unreachable ` +
        `(${(error as Error).message}): no download.`,
    );
    return false;
  }
}
