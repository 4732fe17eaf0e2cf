// `chatproof serve`: parse flags, start the bundled server, print its URL, run until SIGINT/SIGTERM.
import { parseArgs } from 'node:util';
import { DEFAULTS, startServer } from './server.js';
import type { GpuChoice } from './types.js';

export const SERVE_USAGE = `Usage: chatproof serve
       --model <path.gguf | hf:org/repo:quant | qwen3-8b | qwen3-0.6b | auto | generated>
       [--port ${DEFAULTS.port}] [--host ${DEFAULTS.host}] [--parallel ${DEFAULTS.parallel}]
       [--ctx ${DEFAULTS.contextSize}]
       [--gpu auto|cuda|vulkan|false] [--threads N] [--queue ${DEFAULTS.queueLimit}] [--models-dir DIR]

Serves an OpenAI-compatible API (POST /v1/chat/completions, GET /v1/models), /health,
/metrics and a chat page at / . --parallel sequences decode together (continuous batching);
--ctx is the token budget of each sequence; --queue requests may wait, beyond that 429.`;

class UsageError extends Error {}

function intFlag(value: string | undefined, name: string, min: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min) throw new UsageError(`--${name} must be an integer >= ${min}; got "${value}".`);
  return n;
}

function gpuFlag(value: string | undefined): GpuChoice | undefined {
  if (value === undefined) return undefined;
  if (value === 'false' || value === 'cpu') return false;
  if (value === 'auto' || value === 'cuda' || value === 'vulkan') return value;
  throw new UsageError(`--gpu must be auto, cuda, vulkan or false; got "${value}".`);
}

const SERVE_OPTIONS = {
  model: { type: 'string', short: 'm' },
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  parallel: { type: 'string' },
  ctx: { type: 'string' },
  gpu: { type: 'string' },
  threads: { type: 'string' },
  queue: { type: 'string' },
  'models-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseServeArgs(argv: string[]) {
  let values: ReturnType<typeof parseArgs<{ options: typeof SERVE_OPTIONS; strict: true }>>['values'];
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: SERVE_OPTIONS,
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  if (values.help) return { help: true as const };
  if (!values.model)
    throw new UsageError('--model is required (a .gguf path, hf:org/repo:quant, a preset, auto, or generated).');
  return {
    help: false as const,
    options: {
      model: values.model,
      host: values.host,
      port: intFlag(values.port, 'port', 0),
      parallel: intFlag(values.parallel, 'parallel', 1),
      contextSize: intFlag(values.ctx, 'ctx', 64),
      gpu: gpuFlag(values.gpu),
      threads: intFlag(values.threads, 'threads', 1),
      queueLimit: intFlag(values.queue, 'queue', 0),
      modelsDir: values['models-dir'],
    },
  };
}

/** Returns the process exit code: 0 after a signal, 1 when the server cannot start, 2 on usage errors. */
export async function serveCommand(
  argv: string[],
  io: { out?: (line: string) => void; err?: (line: string) => void } = {},
): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(line + '\n'));
  const err = io.err ?? ((line: string) => process.stderr.write(line + '\n'));
  let parsed: ReturnType<typeof parseServeArgs>;
  try {
    parsed = parseServeArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    err(`chatproof serve: ${e.message}\n\n${SERVE_USAGE}`);
    return 2;
  }
  if (parsed.help) {
    out(SERVE_USAGE);
    return 0;
  }
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({ ...parsed.options, log: (line) => err(line) });
  } catch (e) {
    err(`chatproof serve: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  }
  out(`chatproof serve: ${server.modelName} ready at ${server.url} (chat page: ${server.url.replace(/\/v1$/, '/')})`);
  const signal = await new Promise<string>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  err(`chatproof serve: ${signal}, shutting down`);
  await server.close();
  return 0;
}
