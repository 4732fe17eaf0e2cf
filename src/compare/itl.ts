// Inter-token latency (ITL) in a comparison: what users feel as "the text stutters". Pure: the
// chunk gaps arrive already read from turns.jsonl (chunk-log.ts).
//
// Samples follow the ITL figure of results.json (score/latency.ts) exactly: every gap between
// consecutive content chunks of an ok turn, pooled; nothing before the first chunk (TTFT);
// failed turns left out. Each conversation contributes its turns' gaps as one cluster, each gap
// at its turn's position, so the shift estimate (shift.ts) aligns and clusters them as it does
// TTFT and E2E: gaps of one reply are even more correlated than turns of one conversation.
//
// Only turns that results.json counts are used (looked up by conversation id and turn), so ITL
// is compared on the same turns as TTFT and E2E, level by level for load runs.
import type { Results } from '../core/types.js';
import { type ChunkGaps, type ChunkSource, turnKey } from '../store/chunk-gaps.js';
import { percentileRows } from './latency-rows.js';
import { type PositionIds, positionKey } from './samples.js';
import type { Cluster } from './shift.js';
import type { CompareOptions, LatencyRow } from './types.js';

export const ITL_ROOT = 'latency.itlMs';

/** Chunk times of both runs as read beside their results.json; a side without a file: undefined. */
export interface ItlInput {
  baseline?: ChunkSource;
  candidate?: ChunkSource;
}

export interface ItlPlan {
  /** Both runs' usable gaps, or both null when ITL is not compared. */
  baseline: ChunkGaps | null;
  candidate: ChunkGaps | null;
  /** Why ITL is not compared (null when it is): shown on its rows and as a note. */
  reason: string | null;
  /** Sentences for the outputs: the reason above, a torn last line skipped. */
  notes: string[];
}

function check(
  results: Results,
  source: ChunkSource | undefined,
  side: 'baseline' | 'candidate',
): { gaps: ChunkGaps; note: string | null } | { reason: string } {
  if (!source) return { reason: `the ${side} was given without its file, so its turns.jsonl is unknown` };
  if (!source.available) return { reason: source.reason };
  if (source.runId !== results.run.runId) {
    return {
      reason:
        `${source.file} belongs to run ${source.runId}, but the ${side}'s results.json to run ` +
        `${results.run.runId}`,
    };
  }
  const ok = results.turns.filter((t) => t.ok);
  const missing = ok.filter((t) => !source.gaps.has(turnKey(t.conversationId, t.turn))).length;
  // A torn last line explains one missing turn at most; more means a log of another or partial
  // run, and ITL from it would not be the sample TTFT and E2E are compared on.
  if (missing > source.truncatedLines) {
    return {
      reason:
        `${source.file} lacks ${missing} of the ${ok.length} successful turns of the ${side}'s results.json ` +
        `(a partial turn log, or one of another run)`,
    };
  }
  if (source.truncatedLines === 0) return { gaps: source, note: null };
  const left =
    missing > 0 ? `; ${missing} turn of results.json has no chunk times and is left out of inter-token latency` : '';
  return {
    gaps: source,
    note: `${source.file}: the last line was cut short (a run killed mid-write) and was skipped${left}`,
  };
}

/**
 * Whether ITL can be compared. Null when no chunk times were asked for at all (pure callers
 * such as the statistics tests): the comparison then has no ITL rows and counts no ITL figure.
 */
export function planItl(baseline: Results, candidate: Results, input: ItlInput | undefined): ItlPlan | null {
  if (!input) return null;
  const b = check(baseline, input.baseline, 'baseline');
  const c = check(candidate, input.candidate, 'candidate');
  const reasons = [b, c].flatMap((x) => ('reason' in x ? [x.reason] : []));
  const notes = [b, c].flatMap((x) => ('note' in x && x.note ? [x.note] : []));
  if (reasons.length > 0 || !('gaps' in b) || !('gaps' in c)) {
    const reason =
      `inter-token latency (ITL) not compared: ${reasons.join('; ')}. Give run folders that hold ` +
      `turns.jsonl to compare it.`;
    return { baseline: null, candidate: null, reason, notes: [reason, ...notes] };
  }
  return { baseline: b.gaps, candidate: c.gaps, reason: null, notes };
}

/** Each conversation's inter-chunk gaps (ok turns of the given scenarios, as counted in results). */
export function itlClusters(
  results: Results,
  scenarios: ReadonlySet<string>,
  gaps: ChunkGaps | null,
  positions: PositionIds = new Map(),
): Cluster[] {
  if (!gaps) return [];
  const byConversation = new Map<string, Cluster>();
  for (const turn of results.turns) {
    if (!turn.ok || !scenarios.has(turn.scenario)) continue;
    const turnGaps = gaps.gaps.get(turnKey(turn.conversationId, turn.turn));
    if (!turnGaps || turnGaps.length === 0) continue;
    const position = positionKey(positions, turn.scenario, turn.turn);
    let c = byConversation.get(turn.conversationId);
    if (!c) {
      c = { positions: [], values: [] };
      byConversation.set(turn.conversationId, c);
    }
    for (const g of turnGaps) {
      c.positions.push(position);
      c.values.push(g);
    }
  }
  return [...byConversation.values()];
}

/** Figures ITL adds to the Bonferroni family: P50 and P95 when both runs have gaps. */
export function itlFigures(b: readonly unknown[], c: readonly unknown[]): number {
  return b.length > 0 && c.length > 0 ? 2 : 0;
}

/** ITL P50 and P95 rows: the shift estimate of latency-rows.ts, or "no data" with the reason. */
export function itlRows(
  plan: ItlPlan,
  b: readonly Cluster[][],
  c: readonly Cluster[],
  options: Required<CompareOptions>,
): LatencyRow[] {
  if (plan.reason !== null) {
    const empty = { conversations: 0, samples: 0 };
    return [50, 95].map((p) => ({
      kind: 'latency' as const,
      metric: `${ITL_ROOT}.p${p}`,
      baseline: null,
      candidate: null,
      change: null,
      ci: null,
      tolerance: options.tolerance,
      noiseFloor: options.noiseFloor,
      size: { baseline: empty, candidate: empty },
      neededConversations: null,
      detectable: null,
      verdict: 'no-data' as const,
      reason: plan.reason!,
    }));
  }
  return percentileRows(ITL_ROOT, b, c, options, 'gaps');
}
