// Loads one model into one context with N sequences: the unit of continuous batching.
import { availableParallelism } from 'node:os';
import {
  type ChatWrapper,
  getLlama,
  type Llama,
  type LlamaContext,
  LlamaLogLevel,
  type LlamaModel,
  resolveChatWrapper,
} from 'node-llama-cpp';
import type { GpuChoice } from '../types.js';
import { ServerError } from '../types.js';
import { DecodeGate } from './gate.js';

export interface LoadedEngine {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  chatWrapper: ChatWrapper;
  /** Keeps the context's sequences decoding in one batch (gate.ts). */
  gate: DecodeGate;
  gpu: string | false;
  threads: number;
  dispose(): Promise<void>;
}

export interface LoadOptions {
  modelPath: string;
  parallel: number;
  contextSize: number;
  gpu: GpuChoice;
  threads?: number;
  log: (line: string) => void;
}

export async function loadEngine(options: LoadOptions): Promise<LoadedEngine> {
  // node-llama-cpp defaults to max(4, cores) threads on CPU; on a 2-core machine that makes
  // generation hundreds of times slower (PLATFORM.md). All cores is not right either: the event
  // loop (HTTP, SSE, the eval client in-process) then fights the decode threads. Measured on
  // 2 cores, the breakup scenario against the generated model: 2 threads 124 s, 1 thread 16 s.
  // So one core is left to the event loop.
  const threads = options.threads ?? Math.max(1, availableParallelism() - 1);
  const llama = await sharedLlama(options.gpu, threads, options.log);
  let model: LlamaModel;
  try {
    model = await llama.loadModel({ modelPath: options.modelPath });
  } catch (err) {
    throw new ServerError(
      500,
      `Could not load the model at ${options.modelPath}: ${firstLine(err)}. Is it a GGUF file?`,
      'server_error',
    );
  }
  try {
    const context = await model.createContext({
      sequences: options.parallel,
      contextSize: options.contextSize,
      threads,
    });
    const chatWrapper = resolveChatWrapper(model, { warningLogs: false }) ?? undefined;
    if (!chatWrapper) throw new Error('no chat template could be resolved for this model');
    return {
      llama,
      model,
      context,
      chatWrapper,
      gate: new DecodeGate(),
      gpu: llama.gpu,
      threads,
      async dispose() {
        // The Llama binding stays cached for the next server in this process (see sharedLlama).
        logSinks.delete(options.log);
        await context.dispose();
        await model.dispose();
      },
    };
  } catch (err) {
    await model.dispose();
    throw new ServerError(
      500,
      `Could not create a context of ${options.parallel} x ${options.contextSize} tokens: ${firstLine(err)}. ` +
        'Try a smaller --ctx or --parallel.',
      'server_error',
    );
  }
}

export function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return (text.split('\n')[0] ?? '').trim();
}

const llamas = new Map<string, Promise<Llama>>();
const logSinks = new Set<(line: string) => void>();

/**
 * getLlama tests its native binary in a child process each time (~3-4 s on a busy 2-core box),
 * so one binding per gpu/threads choice is kept for the whole process and shared by servers.
 */
async function sharedLlama(gpu: GpuChoice, threads: number, log: (line: string) => void): Promise<Llama> {
  logSinks.add(log);
  const key = `${String(gpu)}/${threads}`;
  let pending = llamas.get(key);
  if (!pending) {
    pending = getLlama({
      gpu,
      maxThreads: threads,
      build: 'never',
      logLevel: LlamaLogLevel.warn,
      logger: (level, message) => {
        const text = message.trim();
        if (text) for (const sink of logSinks) sink(`llama.cpp ${level}: ${text}`);
      },
    });
    llamas.set(key, pending);
  }
  try {
    return await pending;
  } catch (err) {
    llamas.delete(key);
    throw new ServerError(
      500,
      `Could not start llama.cpp with gpu=${String(gpu)}: ${firstLine(err)}. Try --gpu auto or --gpu false.`,
      'server_error',
    );
  }
}
