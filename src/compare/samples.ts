// The raw samples a comparison resamples, taken from results.json's turns (the single source
// of truth), restricted to the scenarios both runs share so both sides measure the same thing.
import type { Results } from '../core/types.js';

export interface LatencyClusters {
  /** One array per conversation that has at least one successful turn with the figure. */
  ttftMs: number[][];
  e2eMs: number[][];
}

/** TTFT and E2E of successful turns, grouped by conversation (the resampling unit). */
export function latencyClusters(results: Results, scenarios: ReadonlySet<string>): LatencyClusters {
  const ttft = new Map<string, number[]>();
  const e2e = new Map<string, number[]>();
  for (const turn of results.turns) {
    if (!turn.ok || !scenarios.has(turn.scenario)) continue;
    const add = (map: Map<string, number[]>, v: number | undefined): void => {
      if (v === undefined || !Number.isFinite(v)) return;
      const list = map.get(turn.conversationId) ?? [];
      list.push(v);
      map.set(turn.conversationId, list);
    };
    add(ttft, turn.timing.firstTokenMs);
    add(e2e, turn.timing.endMs);
  }
  return { ttftMs: [...ttft.values()], e2eMs: [...e2e.values()] };
}

export interface RateCounts {
  /** Successes in the rate's own sense: memory checks passed, or conversations interrupted. */
  hits: number;
  total: number;
  conversations: number;
}

/** Memory (fact) checks on successful turns, as summarize.ts counts them for contextAccuracy. */
export function memoryCounts(results: Results, scenarios: ReadonlySet<string>): RateCounts {
  let hits = 0;
  let total = 0;
  const conversations = new Set<string>();
  for (const turn of results.turns) {
    if (!turn.ok || !scenarios.has(turn.scenario)) continue;
    for (const check of turn.checks) {
      if (!check.memory) continue;
      total++;
      if (check.passed) hits++;
      conversations.add(turn.conversationId);
    }
  }
  return { hits, total, conversations: conversations.size };
}

/** Interrupted / (completed + interrupted) conversations, as summarize.ts defines the rate. */
export function interruptionCounts(results: Results, scenarios: ReadonlySet<string>): RateCounts {
  const rows = results.conversations.filter((c) => scenarios.has(c.scenario) && c.status !== 'incomplete');
  const hits = rows.filter((c) => c.status === 'interrupted').length;
  return { hits, total: rows.length, conversations: rows.length };
}
