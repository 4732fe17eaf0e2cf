// Warm-up before "ready": GPU backends compile or load kernels on first use, per batch shape, so
// the first requests of a run would otherwise wait seconds (measured on an H200: a 17 s first
// request and a 30 s first token later, both inside the run's P99). Decoding once at every batch
// size up to --parallel, and evaluating one prompt of each size class, takes those costs here.
import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';

/** Prompt lengths (tokens) of the size classes: llama.cpp picks kernels by batch shape. */
export const WARM_UP_PROMPT_TOKENS = [16, 128, 512, 2048] as const;

export interface WarmUpSummary {
  batchSizes: number;
  promptTokens: number[];
  ms: number;
}

async function decode(sequence: LlamaContextSequence, prompt: Token[], tokens: number): Promise<void> {
  let n = 0;
  for await (const _token of sequence.evaluate(prompt, { temperature: 0 })) {
    if (++n >= tokens) break;
  }
}

function promptOf(model: LlamaModel, length: number): Token[] {
  const piece = model.tokenize(' warm up the kernels');
  const tokens: Token[] = [];
  while (tokens.length < length) tokens.push(...piece);
  return tokens.slice(0, length);
}

export async function warmUp(model: LlamaModel, sequences: LlamaContextSequence[]): Promise<WarmUpSummary> {
  const started = performance.now();
  const contextSize = sequences[0]?.contextSize ?? 0;
  const short = promptOf(model, 4);
  // Batch sizes 1..N: N sequences started together decode their tokens in one batch per step.
  for (let size = 1; size <= sequences.length; size++) {
    await Promise.all(sequences.slice(0, size).map((sequence) => decode(sequence, short, 3)));
    for (const sequence of sequences) await sequence.clearHistory();
  }
  const promptTokens = WARM_UP_PROMPT_TOKENS.filter((n) => n + 2 <= contextSize);
  for (const length of promptTokens) {
    await decode(sequences[0]!, promptOf(model, length), 1);
    await sequences[0]!.clearHistory();
  }
  return { batchSizes: sequences.length, promptTokens, ms: Math.round(performance.now() - started) };
}
