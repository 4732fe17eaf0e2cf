// One completion on one leased sequence: reuse the KV prefix the sequence already holds, evaluate
// only the rest of the prompt, then sample token by token until max_tokens, a stop string, an
// end-of-turn token or the client going away.
import {
  type LlamaContextSequence,
  type LlamaGrammar,
  LlamaGrammarEvaluationState,
  type LlamaModel,
  type Token,
} from 'node-llama-cpp';
import type { FinishReason, GenerationUsage } from '../types.js';
import type { DecodeLockstep } from './decode-lockstep.js';
import { ReplyDecoder, type TextKind } from './decoder.js';

export type { TextKind };

export interface SamplingParams {
  temperature: number;
  topP?: number;
  topK?: number;
  minP?: number;
  seed?: number;
  maxTokens: number;
  stop: string[];
  presencePenalty?: number;
  frequencyPenalty?: number;
  repetitionPenalty?: number;
  /** Constrains every sampled token (response_format, forced tool calls). */
  grammar?: LlamaGrammar;
  /** Ends the reply (finish "stop") once true, checked after each token: e.g. the JSON is complete. */
  stopWhen?: () => boolean;
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
  /** Shared by the generations of one context, to keep their decodes in one batch (decode-lockstep.ts). */
  lockstep?: DecodeLockstep,
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
  const generated: Token[] = [];
  const penalised =
    params.presencePenalty || params.frequencyPenalty || (params.repetitionPenalty && params.repetitionPenalty !== 1);
  const tokens = sequence.evaluate(prompt.slice(reused), {
    temperature: params.temperature,
    topP: params.topP,
    // -1 (vLLM's "off") and 0 both mean every token is a candidate.
    topK: params.topK === undefined ? undefined : Math.max(0, params.topK),
    minP: params.minP,
    seed: params.seed,
    grammarEvaluationState: params.grammar
      ? new LlamaGrammarEvaluationState({ model, grammar: params.grammar })
      : undefined,
    repeatPenalty: penalised
      ? {
          punishTokens: () => generated,
          penalty: params.repetitionPenalty,
          presencePenalty: params.presencePenalty,
          frequencyPenalty: params.frequencyPenalty,
        }
      : undefined,
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
      generated.push(step.value);
      result.firstTokenMs ??= performance.now() - started;
      if (!entered && lockstep) {
        lockstep.enter();
        entered = true;
      }
      const last = result.usage.completionTokens >= params.maxTokens;
      if (!last) pending = lockstep ? lockstep.next(tokens) : tokens.next();
      decoder.push(step.value);
      if (decoder.stopped) return result;
      if (params.stopWhen?.()) break;
      if (last) {
        result.finishReason = 'length';
        break;
      }
    }
  } finally {
    if (entered) lockstep!.leave();
    // Ends the generator (after a token still in flight); its errors are not this reply's.
    pending.catch(() => undefined);
    await tokens.return(undefined).catch(() => undefined);
  }
  decoder.finish();
  return result;
}
