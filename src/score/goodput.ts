// Goodput, DistServe's definition (Zhong et al., OSDI 2024; vLLM --goodput) carried from
// requests to conversations: a conversation counts when it completed, each of its turns met
// every per-request latency limit among the SLOs (latency.<metric>.<stat> <= X read as a limit
// on each turn, as DistServe applies TTFT/TPOT limits per request), and, when the SLOs include
// context accuracy, every one of its memory checks passed. The gate (src/gate/goodput.ts) judges goodput SLOs with this same rule.
import type { ConversationRow, Slo, TurnRecord } from '../core/types.js';

const PER_TURN: Record<string, (t: TurnRecord) => number | undefined> = {
  'latency.ttftMs': (t) => t.timing.firstTokenMs,
  'latency.e2eMs': (t) => t.timing.endMs,
  'latency.tpotMs': (t) => {
    const { firstTokenMs, endMs } = t.timing;
    const tokens = t.usage.completionTokens;
    return firstTokenMs !== undefined && endMs !== undefined && tokens !== undefined && tokens > 1 ? (endMs - firstTokenMs) / (tokens - 1) : undefined;
  },
  // The latency a user sees when the harness queued the turn: queue + reply.
  'latency.e2eFromIntendedMs': (t) => (t.timing.endMs === undefined ? undefined : t.timing.endMs + (t.timing.queuedMs ?? 0)),
};

function root(metric: string): string {
  return metric.slice(0, metric.lastIndexOf('.'));
}

export function perTurnLimits(slos: readonly Slo[]): Slo[] {
  return slos.filter((s) => (s.op === '<=' || s.op === '<') && PER_TURN[root(s.metric)] !== undefined);
}

function within(turn: TurnRecord, limits: readonly Slo[]): boolean {
  return limits.every((slo) => {
    const value = PER_TURN[root(slo.metric)]!(turn);
    if (value === undefined) return true;
    return slo.op === '<=' ? value <= slo.threshold : value < slo.threshold;
  });
}

/** Completed conversations meeting every SLO, given each conversation's turns. */
export function countGoodConversations(rows: readonly ConversationRow[], turnsById: ReadonlyMap<string, readonly TurnRecord[]>, slos: readonly Slo[]): number {
  const limits = perTurnLimits(slos);
  const needsMemory = slos.some((s) => s.metric === 'contextAccuracy' || s.metric === 'memoryChecks.rate');
  return rows.filter((row) => {
    if (row.status !== 'completed') return false;
    const turns = turnsById.get(row.id) ?? [];
    return turns.every((t) => t.ok && within(t, limits) && (!needsMemory || t.checks.every((c) => !c.memory || c.passed)));
  }).length;
}
