// The raw samples a comparison uses, taken from results.json's turns (the single source of
// truth), restricted to the scenarios both runs share so both sides measure the same thing.
import type { Results } from '../core/types.js';
import type { Cluster } from './shift.js';

export interface LatencyClusters {
  /** One cluster per conversation that has at least one successful turn with the figure. */
  ttftMs: Cluster[];
  e2eMs: Cluster[];
}

/**
 * The turn position a sample is aligned on: scenario and turn number, so that two scenarios'
 * turn 3 are different positions.
 */
export function positionKey(positions: Map<string, number>, scenario: string, turn: number): number {
  const key = `${scenario}\u0000${turn}`;
  let id = positions.get(key);
  if (id === undefined) {
    id = positions.size;
    positions.set(key, id);
  }
  return id;
}

/** A registry of turn positions to share between the runs of one comparison. */
export type PositionIds = Map<string, number>;

/** TTFT and E2E of successful turns, grouped by conversation, each with its turn position. */
export function latencyClusters(
  results: Results,
  scenarios: ReadonlySet<string>,
  positions: PositionIds = new Map(),
): LatencyClusters {
  const ttft = new Map<string, Cluster>();
  const e2e = new Map<string, Cluster>();
  for (const turn of results.turns) {
    if (!turn.ok || !scenarios.has(turn.scenario)) continue;
    const position = positionKey(positions, turn.scenario, turn.turn);
    const add = (map: Map<string, Cluster>, v: number | undefined): void => {
      if (v === undefined || !Number.isFinite(v)) return;
      let c = map.get(turn.conversationId);
      if (!c) {
        c = { positions: [], values: [] };
        map.set(turn.conversationId, c);
      }
      c.positions.push(position);
      c.values.push(v);
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
  /**
   * [hits, total] of each conversation, per run (for the design effect of checks clustered in
   * conversations); absent when only totals are known (load levels without turn records).
   */
  clusters?: Array<Array<[number, number]>>;
}

/** Counts of several baseline runs pooled; each run's conversations stay its own clusters. */
export function mergeCounts(runs: readonly RateCounts[]): RateCounts {
  const clusters = runs.every((r) => r.clusters) ? runs.flatMap((r) => r.clusters!) : undefined;
  return {
    hits: runs.reduce((s, r) => s + r.hits, 0),
    total: runs.reduce((s, r) => s + r.total, 0),
    conversations: runs.reduce((s, r) => s + r.conversations, 0),
    ...(clusters ? { clusters } : {}),
  };
}

/** Memory (fact) checks on successful turns, as summarize.ts counts them for contextAccuracy. */
export function memoryCounts(results: Results, scenarios: ReadonlySet<string>): RateCounts {
  let hits = 0;
  let total = 0;
  const conversations = new Map<string, [number, number]>();
  for (const turn of results.turns) {
    if (!turn.ok || !scenarios.has(turn.scenario)) continue;
    for (const check of turn.checks) {
      if (!check.memory) continue;
      total++;
      if (check.passed) hits++;
      const c = conversations.get(turn.conversationId) ?? [0, 0];
      c[0] += check.passed ? 1 : 0;
      c[1] += 1;
      conversations.set(turn.conversationId, c);
    }
  }
  return { hits, total, conversations: conversations.size, clusters: [[...conversations.values()]] };
}

/** Interrupted / (completed + interrupted) conversations, as summarize.ts defines the rate. */
export function interruptionCounts(results: Results, scenarios: ReadonlySet<string>): RateCounts {
  const rows = results.conversations.filter((c) => scenarios.has(c.scenario) && c.status !== 'incomplete');
  const hits = rows.filter((c) => c.status === 'interrupted').length;
  return { hits, total: rows.length, conversations: rows.length };
}
