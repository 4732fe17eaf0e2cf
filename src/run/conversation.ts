// Plays one scenario conversation turn by turn and hands each finished turn to `onRecord`
// before starting the next, so a crash or Ctrl-C never loses a measured turn. With `onChecks`
// the record is handed over before any check runs (its checks follow in a second call): no
// check, however slow, stands between a received reply and the disk.

import type { ChatRequest, ChatResult, Scenario, TurnRecord } from '../core/types.js';
import { scoreTurnChecks } from '../score/checks/index.js';
import { buildMessages, type CompletedTurn } from './history.js';
import { type Judge, judgeTurn } from './judge.js';

/** The one thing the runner needs from a client; the real one is src/client. */
export interface ChatSender {
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult>;
}

export interface ConversationOptions {
  scenario: Scenario;
  repetition: number;
  sender: ChatSender;
  stream: boolean;
  /** Model name used when the scenario does not name one. */
  model?: string;
  onRecord: (record: TurnRecord) => void;
  /**
   * Called with the record once its checks are scored. When set, `onRecord` gets the record
   * first with no checks (written at once), and judged checks are sent to `judge`.
   */
  onChecks?: (record: TurnRecord) => void;
  judge?: Judge;
  signal?: AbortSignal;
  /** Suffix for conversation ids when one scenario runs in several places (load runs). */
  idSuffix?: string;
}

export interface ConversationOutcome {
  conversationId: string;
  turnsDone: number;
  failed?: TurnRecord;
}

/** Where a turn sits: its scenario, conversation and position. */
export interface TurnPlace {
  scenario: string;
  conversationId: string;
  repetition: number;
  turn: number;
  turnsPlanned: number;
}

/** The record of one sent turn, before its checks: the one shape every conversation writes. */
export function turnRecord(
  place: TurnPlace,
  user: string,
  messagesSent: number,
  historyTurnsSent: number,
  result: ChatResult,
): TurnRecord {
  return {
    type: 'turn',
    ...place,
    user,
    messagesSent,
    historyTurnsSent,
    ok: result.ok,
    content: result.content,
    ...(result.reasoning ? { reasoning: result.reasoning } : {}),
    ...(result.finishReason ? { finishReason: result.finishReason } : {}),
    timing: result.timing,
    usage: result.usage,
    ...(result.error ? { error: result.error } : {}),
    checks: [],
    ...(result.responseHeaders && Object.keys(result.responseHeaders).length > 0
      ? { responseHeaders: result.responseHeaders }
      : {}),
    ...(result.requestId ? { requestId: result.requestId } : {}),
  };
}

export async function runConversation(options: ConversationOptions): Promise<ConversationOutcome> {
  const { scenario, repetition, sender, signal } = options;
  const conversationId = `${scenario.name}#${repetition}${options.idSuffix ?? ''}`;
  const params = { ...scenario.params, model: scenario.params.model ?? options.model };
  const completed: CompletedTurn[] = [];
  let turnsDone = 0;
  for (const turn of scenario.turns) {
    if (signal?.aborted) break;
    const { messages, historyTurnsSent } = buildMessages(
      scenario.system,
      completed,
      turn.user,
      params.max_history_turns,
    );
    const result = await sender.chat({ messages, params, stream: options.stream }, signal);
    const record = turnRecord(
      { scenario: scenario.name, conversationId, repetition, turn: turn.index, turnsPlanned: scenario.turns.length },
      turn.user,
      messages.length,
      historyTurnsSent,
      result,
    );
    // A failed turn has no reply to judge; its checks are not counted either way.
    if (result.ok && options.onChecks !== undefined) {
      options.onRecord(record);
      const answers = await judgeTurn(options.judge, {
        scenario,
        turn,
        transcript: messages,
        reply: result.content,
        signal,
      });
      Object.assign(record, scored(turn.checks, result.content, answers));
      options.onChecks(record);
    } else {
      if (result.ok) Object.assign(record, scored(turn.checks, result.content));
      options.onRecord(record);
    }
    turnsDone++;
    if (!result.ok) return { conversationId, turnsDone, failed: record };
    // Recorded mode feeds the scripted reply back so every engine sees identical history.
    const assistant = scenario.history === 'recorded' && turn.assistant !== undefined ? turn.assistant : result.content;
    completed.push({ user: turn.user, assistant });
  }
  return { conversationId, turnsDone };
}

function scored(...args: Parameters<typeof scoreTurnChecks>): Pick<TurnRecord, 'checks' | 'judgeFailures'> {
  const { checks, judgeFailures } = scoreTurnChecks(...args);
  return { checks, ...(judgeFailures.length > 0 && { judgeFailures }) };
}
