// Goodput, DistServe's definition (Zhong et al., OSDI 2024; vLLM --goodput) carried from
// requests to conversations: a conversation counts when it completed, each of its turns met
// every per-request latency limit among the SLOs (an SLO "<= X" on a metric the registry marks
// perRequestLimit, read as a limit on each turn, as DistServe applies TTFT/TPOT limits per
// request), and, when the SLOs include context accuracy, every one of its memory checks passed.
// Eval summaries, load levels and the gate all count it here.
import type { ConversationRow, Slo, TurnRecord } from '../core/types.js';
import { type DistributionMetric, metricOf } from '../metrics/registry.js';

interface TurnLimit {
  metric: DistributionMetric;
  slo: Slo;
}

/** SLOs that are also goodput's own metrics are never part of its bar. */
export function isGoodputSlo(slo: Slo): boolean {
  return slo.metric === 'goodput' || slo.metric === 'goodputRate';
}

function turnLimits(slos: readonly Slo[]): TurnLimit[] {
  const limits: TurnLimit[] = [];
  for (const slo of slos) {
    const found = metricOf(slo.metric);
    if (found?.metric.shape !== 'distribution' || !found.metric.perRequestLimit) continue;
    if (slo.op === '<=' || slo.op === '<') limits.push({ metric: found.metric, slo });
  }
  return limits;
}

function within(turn: TurnRecord, limits: readonly TurnLimit[]): boolean {
  return limits.every(({ metric, slo }) => {
    const value = metric.perTurn?.(turn);
    if (value === undefined) return true;
    return slo.op === '<=' ? value <= slo.threshold : value < slo.threshold;
  });
}

/** Completed conversations meeting every SLO, given each conversation's turns. */
export function countGoodConversations(
  rows: readonly ConversationRow[],
  turnsById: ReadonlyMap<string, readonly TurnRecord[]>,
  slos: readonly Slo[],
): number {
  const limits = turnLimits(slos.filter((s) => !isGoodputSlo(s)));
  const needsMemory = slos.some((s) => s.metric === 'contextAccuracy' || s.metric === 'memoryChecks.rate');
  return rows.filter((row) => {
    if (row.status !== 'completed') return false;
    const turns = turnsById.get(row.id) ?? [];
    return turns.every(
      (t) => t.ok && within(t, limits) && (!needsMemory || t.checks.every((c) => !c.memory || c.passed)),
    );
  }).length;
}

export interface GoodputFigures {
  met: number;
  /** Finished conversations (completed or interrupted): incomplete ones say nothing of the target. */
  total: number;
  /** met / total. */
  rate: number | null;
  /** met per second of `durationMs`. */
  perSecond: number | null;
}

export function goodputFigures(
  rows: readonly ConversationRow[],
  records: readonly TurnRecord[],
  slos: readonly Slo[],
  durationMs: number,
): GoodputFigures {
  const byConversation = new Map<string, TurnRecord[]>();
  for (const t of records) {
    const list = byConversation.get(t.conversationId);
    if (list) list.push(t);
    else byConversation.set(t.conversationId, [t]);
  }
  const counted = rows.filter((c) => c.status !== 'incomplete');
  const met = countGoodConversations(counted, byConversation, slos);
  return {
    met,
    total: counted.length,
    rate: counted.length ? met / counted.length : null,
    perSecond: durationMs > 0 ? met / (durationMs / 1000) : null,
  };
}
