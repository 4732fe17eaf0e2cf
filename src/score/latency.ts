// Latency and token figures from ok turns; each per-turn sample is the registry's definition:
//   ttftMs   first non-empty content chunk (timing.firstTokenMs);
//   e2eMs    last byte (timing.endMs);
//   itlMs    every gap between consecutive content chunks, pooled over turns (vLLM/SGLang "ITL");
//            per chunk, so tokensPerChunk says how many tokens a gap covers;
//   tpotMs   (endMs - firstTokenMs) / (completionTokens - 1) per turn (AIPerf/GuideLLM "ITL");
//   ttfoMs   first reasoning text (AIPerf "TTFO").
// Failed turns are left out: a timeout's "latency" is the timeout, not the model's speed; they
// count in the interruption rate instead.
import type { Distribution, Summary, TokenUsage, TurnRecord } from '../core/types.js';
import { chunkGapsMs, type DistributionMetric, metricByPath, tokensPerSecond } from '../metrics/registry.js';
import { distribution } from '../metrics/stats.js';

function defined(values: Array<number | undefined>): number[] {
  return values.filter((v): v is number => v !== undefined);
}

function perTurn(path: string, turns: readonly TurnRecord[]): Distribution {
  const metric = metricByPath(path) as DistributionMetric;
  return distribution(defined(turns.map((t) => metric.perTurn!(t))));
}

/**
 * `streamed: false`: the replies came whole (`--no-stream`), so the arrival of the body is not a
 * first token and there are no gaps between tokens: TTFT, ITL, TPOT and TTFO are not measured
 * (empty distributions), and an SLO on them is judged "not measured", never met.
 */
export function latencyFigures(okTurns: readonly TurnRecord[], streamed = true): Summary['latency'] {
  const none = distribution([]);
  return {
    ttftMs: streamed ? perTurn('latency.ttftMs', okTurns) : none,
    e2eMs: perTurn('latency.e2eMs', okTurns),
    itlMs: streamed ? distribution(okTurns.flatMap((t) => chunkGapsMs(t.timing.contentChunkOffsetsMs ?? []))) : none,
    tpotMs: streamed ? perTurn('latency.tpotMs', okTurns) : none,
    ttfoMs: streamed ? perTurn('latency.ttfoMs', okTurns) : none,
  };
}

/** The last moment known for a turn, in ms after its send (failed turns may lack endMs). */
function lastOffsetMs(turn: TurnRecord): number {
  const t = turn.timing;
  const offsets = t.contentChunkOffsetsMs ?? [];
  return (
    t.endMs ?? Math.max(0, offsets[offsets.length - 1] ?? 0, t.firstTokenMs ?? 0, t.firstByteMs ?? 0, t.headersMs ?? 0)
  );
}

/** First send to last end over all records, in ms (0 when there are none). */
export function runSpanMs(records: readonly TurnRecord[]): number {
  if (records.length === 0) return 0;
  const start = Math.min(...records.map((t) => t.timing.sentAtEpochMs));
  const end = Math.max(...records.map((t) => t.timing.sentAtEpochMs + lastOffsetMs(t)));
  return end - start;
}

export type TokenFigures = Pick<
  Summary,
  'tokensPerSecond' | 'outputTokensPerSecond' | 'outputTokens' | 'tokenCountSource' | 'tokensPerChunk' | 'durationMs'
>;

/**
 * Token figures. Throughput counts output tokens of ok turns over the span of every record,
 * failed ones included (as vLLM's benchmark does: failures take time but produce nothing).
 */
export function tokenFigures(records: readonly TurnRecord[], okTurns: readonly TurnRecord[]): TokenFigures {
  const durationMs = runSpanMs(records);
  const counted = okTurns.filter((t) => t.usage.completionTokens !== undefined);
  const outputTokens = counted.reduce((sum, t) => sum + (t.usage.completionTokens ?? 0), 0);

  const tokenCountSource: Partial<Record<TokenUsage['source'], number>> = {};
  for (const turn of okTurns) tokenCountSource[turn.usage.source] = (tokenCountSource[turn.usage.source] ?? 0) + 1;

  // Only the server's own usage says how many tokens a chunk carried; counting chunks as tokens
  // would make this 1 by construction.
  const measured = okTurns.filter((t) => t.usage.source === 'usage' && t.usage.completionTokens !== undefined);
  const chunks = measured.reduce((sum, t) => sum + (t.timing.contentChunkOffsetsMs ?? []).length, 0);
  const measuredTokens = measured.reduce((sum, t) => sum + (t.usage.completionTokens ?? 0), 0);

  return {
    tokensPerSecond: distribution(defined(okTurns.map(tokensPerSecond))),
    outputTokensPerSecond: counted.length > 0 && durationMs > 0 ? (outputTokens / durationMs) * 1000 : null,
    outputTokens,
    tokenCountSource,
    tokensPerChunk: chunks > 0 ? measuredTokens / chunks : null,
    durationMs,
  };
}
