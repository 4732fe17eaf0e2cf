// Conversation outcomes from turn records (records are the single source of truth).
//   interrupted: some turn failed for a cause other than `aborted` (the target broke the dialogue);
//   completed:   every planned turn is present and ok;
//   incomplete:  neither — the run was stopped (Ctrl-C: `aborted`, or turns never sent).
// The interruption rate is interrupted / (completed + interrupted): a conversation the harness
// itself cut short says nothing about the target, so it is counted apart, not as a failure.
import type { ConversationRow, FailureCause, TurnRecord } from '../core/types.js';

/** Records grouped by conversationId, in order of first appearance, each group sorted by turn. */
export function groupConversations(records: readonly TurnRecord[]): TurnRecord[][] {
  const groups = new Map<string, TurnRecord[]>();
  for (const record of records) {
    const group = groups.get(record.conversationId);
    if (group) group.push(record);
    else groups.set(record.conversationId, [record]);
  }
  return [...groups.values()].map((group) => [...group].sort((a, b) => a.turn - b.turn));
}

export function conversationRow(turns: readonly TurnRecord[]): ConversationRow {
  const first = turns[0];
  const turnsPlanned = Math.max(...turns.map((t) => t.turnsPlanned));
  const okTurns = new Set(turns.filter((t) => t.ok).map((t) => t.turn));
  const failure = turns.find((t) => !t.ok && t.error?.cause !== 'aborted');
  const row: ConversationRow = {
    id: first.conversationId,
    scenario: first.scenario,
    repetition: first.repetition,
    status: 'incomplete',
    turnsDone: okTurns.size,
    turnsPlanned,
  };
  if (failure) {
    row.status = 'interrupted';
    if (failure.error) row.cause = failure.error.cause;
  } else if (turns.every((t) => t.ok) && countPlannedDone(okTurns, turnsPlanned) === turnsPlanned) {
    row.status = 'completed';
  } else if (turns.some((t) => t.error?.cause === 'aborted')) {
    row.cause = 'aborted';
  }
  return row;
}

function countPlannedDone(okTurns: Set<number>, turnsPlanned: number): number {
  let done = 0;
  for (let turn = 1; turn <= turnsPlanned; turn++) if (okTurns.has(turn)) done++;
  return done;
}

export function conversationRows(records: readonly TurnRecord[]): ConversationRow[] {
  return groupConversations(records).map(conversationRow);
}

export interface ConversationCounts {
  total: number;
  completed: number;
  interrupted: number;
  incomplete: number;
  byCause: Partial<Record<FailureCause, number>>;
}

export function countConversations(rows: readonly ConversationRow[]): ConversationCounts {
  const counts: ConversationCounts = { total: rows.length, completed: 0, interrupted: 0, incomplete: 0, byCause: {} };
  for (const row of rows) {
    counts[row.status]++;
    // A failed turn always carries an error (client contract); one without is counted as
    // interrupted but cannot be attributed to a cause.
    if (row.status === 'interrupted' && row.cause) counts.byCause[row.cause] = (counts.byCause[row.cause] ?? 0) + 1;
  }
  return counts;
}
