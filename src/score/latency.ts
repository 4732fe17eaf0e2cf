// Latency and token figures from ok turns. Definitions follow /shared/METRICS.md:
//   ttftMs   first non-empty content chunk (timing.firstTokenMs);
//   e2eMs    last byte (timing.endMs);
//   itlMs    every gap between consecutive content chunks, pooled over turns (vLLM/SGLang "ITL");
//            per chunk, so tokensPerChunk says how many tokens a gap covers;
//   tpotMs   (endMs - firstTokenMs) / (completionTokens - 1) per turn (AIPerf/GuideLLM "ITL");
//   ttfoMs   first reasoning text (AIPerf "TTFO").
// Failed turns are left out: a timeout's "latency" is the timeout, not the model's speed; they
// count in the interruption rate instead.
import type { Summary, TokenUsage, TurnRecord } from '../core/types.js';
import { distribution } from '../metrics/stats.js';

export function pooledGapsMs(offsetsMs: readonly number[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < offsetsMs.length; i++) gaps.push(offsetsMs[i] - offsetsMs[i - 1]);
  return gaps;
}

function defined(values: Array<number | undefined>): number[] {
  return values.filter((v): v is number => v !== undefined);
}

export function latencyFigures(okTurns: readonly TurnRecord[]): Summary['latency'] {
  return {
    ttftMs: distribution(defined(okTurns.map((t) => t.timing.firstTokenMs))),
    e2eMs: distribution(defined(okTurns.map((t) => t.timing.endMs))),
    itlMs: distribution(okTurns.flatMap((t) => pooledGapsMs(t.timing.contentChunkOffsetsMs ?? []))),
    tpotMs: distribution(defined(okTurns.map(tpotMs))),
    ttfoMs: distribution(defined(okTurns.map((t) => t.timing.firstThoughtMs))),
  };
}

function tpotMs(turn: TurnRecord): number | undefined {
  const { firstTokenMs, endMs } = turn.timing;
  const tokens = turn.usage.completionTokens;
  if (firstTokenMs === undefined || endMs === undefined || tokens === undefined || tokens <= 1) return undefined;
  return (endMs - firstTokenMs) / (tokens - 1);
}

/** Output tokens over the whole request time, TTFT included: the speed a user perceives. */
function tokensPerSecond(turn: TurnRecord): number | undefined {
  const { endMs } = turn.timing;
  const tokens = turn.usage.completionTokens;
  if (endMs === undefined || endMs <= 0 || tokens === undefined) return undefined;
  return tokens / (endMs / 1000);
}

/** The last moment known for a turn, in ms after its send (failed turns may lack endMs). */
function lastOffsetMs(turn: TurnRecord): number {
  const t = turn.timing;
  const offsets = t.contentChunkOffsetsMs ?? [];
  return t.endMs ?? Math.max(0, offsets[offsets.length - 1] ?? 0, t.firstTokenMs ?? 0, t.firstByteMs ?? 0, t.headersMs ?? 0);
}

/** First send to last end over all records, in ms (0 when there are none). */
export function runSpanMs(records: readonly TurnRecord[]): number {
  if (records.length === 0) return 0;
  const start = Math.min(...records.map((t) => t.timing.sentAtEpochMs));
  const end = Math.max(...records.map((t) => t.timing.sentAtEpochMs + lastOffsetMs(t)));
  return end - start;
}

export type TokenFigures = Pick<Summary, 'tokensPerSecond' | 'outputTokensPerSecond' | 'outputTokens' | 'tokenCountSource' | 'tokensPerChunk' | 'durationMs'>;

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
