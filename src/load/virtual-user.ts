// One conversation as a virtual user plays it: each turn has an intended start (the arrival
// for the first turn, the end of the previous reply plus think time for the others) and the
// record keeps how late the actual send was (queuedMs). Measuring from the send alone would hide
// every wait the harness imposed: coordinated omission.

import type { ChatRequest, ChatResult, Scenario, TurnRecord } from '../core/types.js';
import { type ChatSender, runConversation } from '../run/conversation.js';
import { epochNowMs, sleepUntil } from './clock.js';
import { sampleThinkMs, type ThinkTime } from './think-time.js';

export interface ConversationSlot {
  scenario: Scenario;
  repetition: number;
  idSuffix: string;
}

export interface VirtualUserContext {
  client: ChatSender;
  stream: boolean;
  model?: string;
  think: ThinkTime;
  random: () => number;
  /** Epoch ms that scheduledOffsetMs is measured from (the level's start). */
  originEpochMs: number;
  signal: AbortSignal;
  onRecord: (record: TurnRecord) => void;
  /** A timer fired late by this much (harness health). */
  onScheduleLagMs: (lateMs: number) => void;
  /** Called before each send; false stops the conversation (request bound reached). */
  mayReserveRequest: () => boolean;
}

/** Plays one conversation whose first turn was meant to start at `intendedEpochMs`. */
export async function playConversation(
  ctx: VirtualUserContext,
  slot: ConversationSlot,
  intendedEpochMs: number,
): Promise<void> {
  let nextIntendedMs = intendedEpochMs;
  const sender: ChatSender = {
    async chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
      const intended = nextIntendedMs;
      const lateMs = await sleepUntil(intended, signal);
      if (lateMs !== undefined) ctx.onScheduleLagMs(lateMs);
      if (signal?.aborted) return notSent('stopped before sending');
      const result = await ctx.client.chat(request, signal);
      result.timing.scheduledOffsetMs = intended - ctx.originEpochMs;
      result.timing.queuedMs = Math.max(0, result.timing.sentAtEpochMs - intended);
      nextIntendedMs = epochNowMs() + sampleThinkMs(ctx.think, ctx.random);
      return result;
    },
  };
  const limited: ChatSender = {
    chat(request, signal) {
      // Past the request bound the rest of the conversation is not sent: it stays incomplete.
      if (!ctx.mayReserveRequest()) return Promise.resolve(notSent('not sent: the level reached its request bound'));
      return sender.chat(request, signal);
    },
  };
  await runConversation({
    scenario: slot.scenario,
    repetition: slot.repetition,
    sender: limited,
    stream: ctx.stream,
    model: ctx.model,
    onRecord: ctx.onRecord,
    signal: ctx.signal,
    idSuffix: slot.idSuffix,
  });
}

/** A turn the harness never sent: `aborted`, and without queuedMs (only sent turns have one). */
function notSent(message: string): ChatResult {
  return {
    ok: false,
    content: '',
    reasoning: '',
    timing: { sentAtEpochMs: epochNowMs(), contentChunkOffsetsMs: [] },
    usage: { source: 'none' },
    error: { cause: 'aborted', message },
  };
}
