// A level's figures and SLO verdicts from its counts and histograms alone, so a merged level
// (shards summed) and a single run go through the same arithmetic. Rates are per second of the
// measurement window: conversations that *start* in the window are counted (their later turns
// too), which in steady state equals the rate inside the window, and adds up across shards.

import type {
  LoadFigures,
  LoadLevel,
  LoadLevelCounts,
  LoadMetricName,
  SerializedHistogram,
  Slo,
  SloVerdict,
  Summary,
} from '../core/types.js';
import { serializedDistribution } from '../metrics/histogram.js';
import { judge, metricValue, overallVerdict } from '../metrics/slo.js';
import { proportion } from '../metrics/stats.js';
import { LOAD_METRICS } from './aggregate.js';

export function levelFigures(
  counts: LoadLevelCounts,
  histograms: Record<LoadMetricName, SerializedHistogram>,
  durationMs: number,
): LoadFigures {
  const seconds = durationMs / 1000;
  const memoryChecks = proportion(counts.memoryPassed, counts.memoryTotal);
  const interruptions = proportion(counts.interrupted, counts.completed + counts.interrupted);
  const finished = counts.completed + counts.interrupted;
  return {
    contextAccuracy: memoryChecks.rate,
    interruptionRate: interruptions.rate,
    memoryChecks,
    interruptions,
    latency: Object.fromEntries(
      LOAD_METRICS.map((m) => [m, serializedDistribution(histograms[m])]),
    ) as LoadFigures['latency'],
    requestsPerSecond: seconds > 0 ? counts.turns / seconds : 0,
    outputTokensPerSecond: seconds > 0 ? counts.outputTokens / seconds : 0,
    goodput: seconds > 0 ? counts.goodConversations / seconds : 0,
    goodputRate: finished > 0 ? counts.goodConversations / finished : null,
  };
}

/** SLO metric paths read the figures as they read a Summary ("latency.e2eMs.p95", "goodput"...). */
export function judgeLevel(
  figures: LoadFigures,
  slos: readonly Slo[],
): { slo: SloVerdict[]; verdict: LoadLevel['verdict'] } {
  const slo = slos.map((s) => judge(s, metricValue(figures as unknown as Summary, s.metric)));
  return { slo, verdict: overallVerdict(slo) };
}

/**
 * Why a level's conversation-level figures (interruption rate, goodput, accuracy per conversation)
 * cannot be trusted, or undefined when they can. They need finished conversations: at least one
 * per virtual user (closed loop) or half the conversations the rate should have begun in the
 * window (open loop). A level that fails this is said so loudly and never counts as a pass.
 */
export function finishedShortfall(
  level: Pick<LoadLevel, 'users' | 'ratePerSecond' | 'durationMs' | 'counts' | 'cut'>,
): string | undefined {
  if (level.cut === 'interrupted') return undefined;
  const { counts } = level;
  if (counts.turns > 0 && counts.turnsOk === 0) {
    return `the target answered none of the ${counts.turns} requests sent in the window`;
  }
  const finished = counts.completed + counts.interrupted;
  const needed =
    level.users !== undefined
      ? level.users
      : Math.max(1, Math.floor(((level.ratePerSecond ?? 0) * level.durationMs) / 1000 / 2));
  if (finished >= needed) return undefined;
  return (
    `only ${finished} conversation${finished === 1 ? '' : 's'} finished (at least ${needed} needed): conversations ` +
    'outlast the window, so interruption rate and goodput are not measured; raise --duration and --drain'
  );
}
