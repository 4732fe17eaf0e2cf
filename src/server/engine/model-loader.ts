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
import { DEFAULTS } from '../defaults.js';
import type { EnginePlacement, GpuChoice } from '../types.js';
import { ServerError } from '../types.js';
import { DecodeLockstep } from './decode-lockstep.js';

export interface LoadedEngine {
  llama: Llama;
  model: LlamaModel;
  context: LlamaContext;
  chatWrapper: ChatWrapper;
  /** Keeps the context's sequences decoding in one batch (decode-lockstep.ts). */
  lockstep: DecodeLockstep;
  gpu: string | false;
  threads: number;
  /** What the startup log, /health and /metrics report about where the model runs. */
  placement: EnginePlacement;
  dispose(): Promise<void>;
}

export interface LoadOptions {
  modelPath: string;
  parallel: number;
  contextSize: number;
  gpu: GpuChoice;
  threads?: number;
  /** Default: on GPU backends where the model supports it, off on the CPU (node-llama-cpp's default: off). */
  flashAttention?: boolean;
  log: (line: string) => void;
}

export async function loadEngine(options: LoadOptions): Promise<LoadedEngine> {
  // node-llama-cpp defaults to max(4, cores) threads on CPU; on a 2-core machine that makes
  // generation hundreds of times slower (PLATFORM.md). All cores is not right either: the event
  // loop (HTTP, SSE, the eval client in-process) then fights the decode threads. Measured on
  // 2 cores, the breakup scenario against the generated model: 2 threads 124 s, 1 thread 16 s.
  // So one core is left to the event loop.
  const maxThreads = options.threads ?? Math.max(1, availableParallelism() - 1);
  const llama = await sharedLlama(options.gpu, maxThreads, options.log);
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
  // Fully offloaded, the CPU only samples and schedules: many threads then only spin and steal
  // the event loop's core (the default was cores - 1, 15 on a 16-core GPU host).
  const offloaded = llama.gpu !== false && model.gpuLayers >= model.fileInsights.totalLayers;
  const threads = options.threads ?? (offloaded ? Math.min(DEFAULTS.offloadedThreads, maxThreads) : maxThreads);
  try {
    const context = await model.createContext({
      sequences: options.parallel,
      contextSize: options.contextSize,
      threads,
      // Every sequence's token of a decode step fits one batch, and prompts go in large chunks.
      batchSize: Math.max(512, options.parallel),
      // On a GPU, batched decode reads each sequence's KV cache in one fused kernel instead of
      // materialising the attention matrix per sequence. On the CPU it measured slower at one
      // sequence and no faster at eight (docs/server.md), so there it is off unless asked for.
      flashAttention: (options.flashAttention ?? llama.gpu !== false) && model.flashAttentionSupported,
    });
    const vram = llama.gpu ? await llama.getVramState() : { used: 0, total: 0 };
    const chatWrapper = resolveChatWrapper(model, { warningLogs: false }) ?? undefined;
    if (!chatWrapper) throw new Error('no chat template could be resolved for this model');
    return {
      llama,
      model,
      context,
      chatWrapper,
      lockstep: new DecodeLockstep(),
      gpu: llama.gpu,
      threads,
      placement: {
        backend: llama.gpu || 'cpu',
        devices: llama.gpu ? await llama.getGpuDeviceNames() : [],
        layersOffloaded: model.gpuLayers,
        totalLayers: model.fileInsights.totalLayers,
        vramUsedBytes: vram.used,
        vramTotalBytes: vram.total,
        contextPerSequence: context.contextSize,
        batchSize: context.batchSize,
        flashAttention: String(context.flashAttention),
      },
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
