// From one level's turn records (the single source of truth) to its mergeable part: counts that
// add up, HDR histograms, latency by turn depth and a per-second time series. Pure.

import type {
  LoadDepthRow,
  LoadLevelCounts,
  LoadMetricName,
  LoadTimePoint,
  SerializedHistogram,
  Slo,
  TurnRecord,
} from '../core/types.js';
import { chunkGapsMs, type DistributionMetric, metricByPath, tpotMs } from '../metrics/registry.js';
import { conversationRows, countConversations, groupConversations } from '../score/conversations.js';
import { countGoodConversations } from '../score/goodput.js';
import { isWarmupConversation } from './levels.js';

const e2eFromIntended = metricByPath('latency.e2eFromIntendedMs') as DistributionMetric;

import { createHistogram, type Histogram, recordMs, serializeHistogram } from '../metrics/histogram.js';

export const LOAD_METRICS: readonly LoadMetricName[] = [
  'ttftMs',
  'e2eMs',
  'itlMs',
  'tpotMs',
  'queuedMs',
  'e2eFromIntendedMs',
];

export interface LevelAggregate {
  counts: LoadLevelCounts;
  histograms: Record<LoadMetricName, SerializedHistogram>;
  byTurn: LoadDepthRow[];
  timeSeries: LoadTimePoint[];
}

/** Load runs stamp queuedMs on every request they send; turns stopped before sending have none. */
export function wasSent(t: TurnRecord): boolean {
  return t.timing.queuedMs !== undefined;
}

export function aggregateLevel(
  records: readonly TurnRecord[],
  slos: readonly Slo[],
  windowStartEpochMs: number,
  droppedArrivals = 0,
): LevelAggregate {
  // Conversations begun in the warm-up lend their in-window requests only (level-run.ts).
  const rows = conversationRows(records.filter((t) => !isWarmupConversation(t.conversationId)));
  const conv = countConversations(rows);
  const turnsById = new Map(groupConversations(records).map((g) => [g[0]!.conversationId, g]));
  const sent = records.filter(wasSent);
  const ok = sent.filter((t) => t.ok);
  const memory = ok.flatMap((t) => t.checks.filter((c) => c.memory));

  const h: Record<LoadMetricName, Histogram> = Object.fromEntries(
    LOAD_METRICS.map((m) => [m, createHistogram()]),
  ) as Record<LoadMetricName, Histogram>;
  const depth = new Map<number, { ttft: Histogram; e2e: Histogram }>();
  const series = new Map<number, LoadTimePoint>();
  for (const t of sent) {
    const { timing } = t;
    if (timing.queuedMs !== undefined) recordMs(h.queuedMs, timing.queuedMs);
    const second = Math.max(0, Math.floor((timing.sentAtEpochMs - windowStartEpochMs) / 1000));
    let point = series.get(second);
    if (!point) point = { second, sent: 0, ok: 0, failed: 0, outputTokens: 0, ttftSumMs: 0, e2eSumMs: 0 };
    series.set(second, point);
    point.sent++;
    if (!t.ok) {
      point.failed++;
      continue;
    }
    point.ok++;
    point.outputTokens += t.usage.completionTokens ?? 0;
    point.ttftSumMs += timing.firstTokenMs ?? 0;
    point.e2eSumMs += timing.endMs ?? 0;
    let d = depth.get(t.turn);
    if (!d) {
      d = { ttft: createHistogram(), e2e: createHistogram() };
      depth.set(t.turn, d);
    }
    if (timing.firstTokenMs !== undefined) {
      recordMs(h.ttftMs, timing.firstTokenMs);
      recordMs(d.ttft, timing.firstTokenMs);
    }
    if (timing.endMs !== undefined) {
      recordMs(h.e2eMs, timing.endMs);
      recordMs(d.e2e, timing.endMs);
      recordMs(h.e2eFromIntendedMs, e2eFromIntended.perTurn!(t)!);
    }
    for (const gap of chunkGapsMs(timing.contentChunkOffsetsMs ?? [])) recordMs(h.itlMs, gap);
    const tpot = tpotMs(t);
    if (tpot !== undefined) recordMs(h.tpotMs, tpot);
  }

  return {
    counts: {
      conversations: conv.total,
      completed: conv.completed,
      interrupted: conv.interrupted,
      incomplete: conv.incomplete,
      goodConversations: countGoodConversations(rows, turnsById, slos),
      turns: sent.length,
      turnsOk: ok.length,
      outputTokens: ok.reduce((sum, t) => sum + (t.usage.completionTokens ?? 0), 0),
      memoryPassed: memory.filter((c) => c.passed).length,
      memoryTotal: memory.length,
      droppedArrivals,
      interruptionsByCause: conv.byCause,
    },
    histograms: Object.fromEntries(LOAD_METRICS.map((m) => [m, serializeHistogram(h[m])])) as Record<
      LoadMetricName,
      SerializedHistogram
    >,
    byTurn: [...depth.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([turn, d]) => ({ turn, ttftMs: serializeHistogram(d.ttft), e2eMs: serializeHistogram(d.e2e) })),
    timeSeries: [...series.values()].sort((a, b) => a.second - b.second),
  };
}
