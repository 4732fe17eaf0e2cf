// Builds the messages of one request from the conversation so far.
import type { ChatMessage } from '../core/types.js';

export interface CompletedTurn {
  user: string;
  assistant: string;
}

/**
 * System prompt (always kept) + the last `maxHistoryTurns` completed turns + the new user message.
 * The window counts whole user/assistant pairs so the model never sees an orphaned reply;
 * the "max_history_turns" of a serving app is the same knob applied client-side here, so every
 * OpenAI-compatible server gets an identical prompt whether or not it supports the field.
 */
export function buildMessages(
  system: string | undefined,
  completed: readonly CompletedTurn[],
  user: string,
  maxHistoryTurns?: number,
): { messages: ChatMessage[]; historyTurnsSent: number } {
  const kept =
    maxHistoryTurns === undefined ? completed : completed.slice(Math.max(0, completed.length - maxHistoryTurns));
  const messages: ChatMessage[] = [];
  if (system !== undefined && system.length > 0) messages.push({ role: 'system', content: system });
  for (const turn of kept) {
    messages.push({ role: 'user', content: turn.user });
    messages.push({ role: 'assistant', content: turn.assistant });
  }
  messages.push({ role: 'user', content: user });
  return { messages, historyTurnsSent: kept.length };
}
