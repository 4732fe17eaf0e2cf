// One completion on one leased sequence: reuse the KV prefix the sequence already holds, evaluate
// only the rest of the prompt, then sample token by token until max_tokens, a stop string, an
// end-of-turn token or the client going away.
import type { LlamaContextSequence, LlamaModel, Token } from 'node-llama-cpp';
import type { FinishReason, GenerationUsage } from '../types.js';
import { ReplyDecoder, type TextKind } from './decoder.js';
import type { DecodeGate } from './gate.js';

export type { TextKind };

export interface SamplingParams {
  temperature: number;
  topP?: number;
  seed?: number;
  maxTokens: number;
  stop: string[];
}

export interface GenerationResult {
  finishReason: FinishReason | 'cancelled';
  usage: GenerationUsage;
  /** ms from the start of prompt evaluation to the first generated token. */
  firstTokenMs: number | null;
}

/** Prompt tokens whose KV state the sequence already holds. */
export function reusablePrefix(sequence: LlamaContextSequence, prompt: Token[]): number {
  // At least the last prompt token is evaluated again: its logits give the first new token.
  return Math.max(0, Math.min(sequence.compareContextTokens(prompt).firstDifferentIndex, prompt.length - 1));
}

export async function generate(
  model: LlamaModel,
  sequence: LlamaContextSequence,
  prompt: Token[],
  params: SamplingParams,
  signal: AbortSignal,
  onText: (kind: TextKind, text: string) => void,
  /** Shared by the generations of one context, to keep their decodes in one batch (gate.ts). */
  gate?: DecodeGate,
): Promise<GenerationResult> {
  const started = performance.now();
  const reused = reusablePrefix(sequence, prompt);
  if (sequence.nextTokenIndex > reused) {
    // Drop the divergent tail (an old reply, another conversation) so only new tokens are evaluated.
    await sequence.eraseContextTokenRanges([{ start: reused, end: sequence.nextTokenIndex }]);
  }
  const decoder = new ReplyDecoder(model, params.stop, onText);
  const result: GenerationResult = {
    finishReason: 'stop',
    usage: { promptTokens: prompt.length, completionTokens: 0, reusedTokens: reused },
    firstTokenMs: null,
  };
  if (signal.aborted) return { ...result, finishReason: 'cancelled' };
  const tokens = sequence.evaluate(prompt.slice(reused), {
    temperature: params.temperature,
    topP: params.topP,
    seed: params.seed,
  });
  // The next token is asked for *before* this one is detokenised and streamed: asking queues its
  // decode, so llama.cpp computes it while this thread does the per-token work (text, JSON, socket
  // write) instead of after it. Measured: the main thread's per-token work otherwise sits on the
  // critical path between batches. Never past max_tokens; on a stop string, a cancel or an error
  // at most one token more is evaluated and the sequence's KV tail is trimmed by the next request.
  let pending = tokens.next();
  let entered = false;
  try {
    for (;;) {
      const step = await pending;
      if (step.done) break;
      if (signal.aborted) {
        result.finishReason = 'cancelled';
        return result;
      }
      result.usage.completionTokens++;
      result.firstTokenMs ??= performance.now() - started;
      if (!entered && gate) {
        gate.enter();
        entered = true;
      }
      const last = result.usage.completionTokens >= params.maxTokens;
      if (!last) pending = gate ? gate.next(tokens) : tokens.next();
      decoder.push(step.value);
      if (decoder.stopped) return result;
      if (last) {
        result.finishReason = 'length';
        break;
      }
    }
  } finally {
    if (entered) gate!.leave();
    // Ends the generator (after a token still in flight); its errors are not this reply's.
    pending.catch(() => undefined);
    await tokens.return(undefined).catch(() => undefined);
  }
  decoder.finish();
  return result;
}
