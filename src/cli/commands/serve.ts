// chatproof serve: start the bundled OpenAI-compatible server, print its URL, and run until
// SIGINT/SIGTERM. Flag values are parsed in cli/flags.ts; the server itself is src/server.
import { ChatproofError, EXIT, SERVE_EXIT } from '../../core/errors.js';
import { parseCommandArgs, parseCorsOrigin, parseGpu, parseHost, parsePort, parsePositiveInt } from '../flags.js';
import { SERVE_HELP } from '../help/serve.js';

export const SERVE_OPTIONS = {
  model: { type: 'string', short: 'm' },
  port: { type: 'string', short: 'p' },
  host: { type: 'string' },
  parallel: { type: 'string' },
  ctx: { type: 'string' },
  gpu: { type: 'string' },
  threads: { type: 'string' },
  queue: { type: 'string' },
  cors: { type: 'string', multiple: true },
  'warm-up': { type: 'boolean', default: true },
  'flash-attention': { type: 'boolean' },
  'models-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const opt = <T>(value: unknown, parse: (text: string) => T): T | undefined =>
  value === undefined ? undefined : parse(value as string);

/** Flags -> startServer options; every bad value is a ChatproofError (exit 2). */
export function parseServeArgs(argv: string[]) {
  const { values, positionals } = parseCommandArgs('serve', argv, SERVE_OPTIONS);
  if (values.help) return { help: true as const };
  if (positionals.length > 0)
    throw new ChatproofError(
      `chatproof serve: unexpected argument "${positionals[0]}"; the model is given with --model.`,
    );
  if (!values.model)
    throw new ChatproofError(
      'chatproof serve: --model is required (a .gguf path, hf:org/repo:quant, a preset, auto, or generated). ' +
        'Run "chatproof serve --help".',
    );
  const queue = opt(values.queue, (text) => (text === '0' ? 0 : parsePositiveInt('--queue', text)));
  return {
    help: false as const,
    options: {
      model: values.model as string,
      host: opt(values.host, parseHost),
      port: opt(values.port, parsePort),
      parallel: opt(values.parallel, (text) => parsePositiveInt('--parallel', text)),
      contextSize: opt(values.ctx, (text) => parsePositiveInt('--ctx', text)),
      gpu: opt(values.gpu, parseGpu),
      threads: opt(values.threads, (text) => parsePositiveInt('--threads', text)),
      queueLimit: queue,
      corsOrigins: ((values.cors as string[] | undefined) ?? []).map(parseCorsOrigin),
      warmUp: values['warm-up'] as boolean,
      flashAttention: values['flash-attention'] as boolean | undefined,
      modelsDir: values['models-dir'] as string | undefined,
    },
  };
}

export interface ServeIo {
  out?: (line: string) => void;
  err?: (line: string) => void;
  /** Resolves when the server should stop; default: SIGINT or SIGTERM. */
  stopSignal?: Promise<string>;
}

/** 0 after a signal; a ChatproofError with SERVE_EXIT's code when the server cannot start. */
export async function serveCommand(argv: string[], io: ServeIo = {}): Promise<number> {
  const out = io.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = io.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const parsed = parseServeArgs(argv);
  if (parsed.help) {
    out(SERVE_HELP);
    return EXIT.ok;
  }
  const { startServer, StartupError } = await import('../../server/index.js');
  let server: Awaited<ReturnType<typeof startServer>>;
  try {
    server = await startServer({
      ...parsed.options,
      log: (line) => err(line),
      onListening: (url) => err(`chatproof serve: listening on ${url}; warming up before ready (GET /health)`),
    });
  } catch (error: unknown) {
    const backend = error instanceof StartupError && error.reason === 'backend';
    throw new ChatproofError(
      `chatproof serve: ${error instanceof Error ? error.message : String(error)}`,
      backend ? SERVE_EXIT.backendFailed : SERVE_EXIT.cannotStart,
    );
  }
  out(`chatproof serve: ${server.modelName} ready at ${server.url} (chat page: ${server.url.replace(/\/v1$/, '/')})`);
  const signal = await (io.stopSignal ??
    new Promise<string>((resolve) => {
      process.once('SIGINT', () => resolve('SIGINT'));
      process.once('SIGTERM', () => resolve('SIGTERM'));
    }));
  err(`chatproof serve: ${signal}, shutting down`);
  await server.close();
  return EXIT.ok;
}
