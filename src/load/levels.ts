// A load level as every later stage names and selects it: its load in users or conversations per
// second, that load in words, whether two loads are the same, and the level's own turns. Pure.
import type { LoadLevel, Results, Slo } from '../core/types.js';
import { mergeSlos } from '../metrics/slo.js';

export { levelLoad } from './knee.js';

export type LoadUnit = 'users' | 'conv/s';

export function loadUnit(shape: 'closed' | 'open'): LoadUnit {
  return shape === 'closed' ? 'users' : 'conv/s';
}

/** "1 user", "8 users", "2 conv/s", "0.075 conv/s". */
export function formatLoad(load: number, unit: LoadUnit): string {
  if (unit === 'users') return `${load} user${load === 1 ? '' : 's'}`;
  return `${formatRate(load)} conv/s`;
}

/** A rate as a sweep plans it: refined rates have 2-3 significant digits, also below 1/s (0.075). */
export function formatRate(rate: number): string {
  return String(Number(rate >= 1 ? rate.toFixed(2) : rate.toPrecision(3)));
}

/** A level's load in words. */
export function loadLabel(level: Pick<LoadLevel, 'users' | 'ratePerSecond'>): string {
  return level.users !== undefined ? formatLoad(level.users, 'users') : formatLoad(level.ratePerSecond ?? 0, 'conv/s');
}

/**
 * Same load in two places: users are whole numbers; rates are summed over shards (0.1 + 0.2),
 * so they are equal within a part in a million.
 */
export function sameLoad(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(a), Math.abs(b));
}

// Load runs tag every conversation id with its level and shard: "breakup#17@L3s2"; a
// conversation that started in the warm-up ends in "w" and is never counted.
const LEVEL_TAG = /@L(\d+)(?:s\d+)?$/;

/** The suffix of a conversation id at level `index` ("@L3s2", "@L3s2w" in the warm-up). */
export function levelTag(index: number, shardTag: string, warmup: boolean): string {
  return `@L${index}${shardTag}${warmup ? 'w' : ''}`;
}

export function isWarmupTag(idSuffix: string): boolean {
  return idSuffix.endsWith('w');
}

/** A conversation id begun in a level's warm-up ("breakup#17@L3s2w"). */
export function isWarmupConversation(conversationId: string): boolean {
  return /@L\d+(?:s\d+)?w$/.test(conversationId);
}

export function levelOfConversation(conversationId: string): number | null {
  const m = LEVEL_TAG.exec(conversationId);
  return m ? Number(m[1]) : null;
}

/**
 * The run restricted to one level's conversations and turns, so that the eval machinery
 * (cluster bootstrap, goodput) applies to a level unchanged. results.json keeps every counted
 * turn of a load run (only chunk offsets are dropped), so this is the level's whole sample.
 */
export function levelView(results: Results, index: number): Results {
  return {
    ...results,
    turns: results.turns.filter((t) => levelOfConversation(t.conversationId) === index),
    conversations: results.conversations.filter((c) => levelOfConversation(c.id) === index),
  };
}

/**
 * The SLOs a load run is gated by: its own (results.json load.slos), then command-line ones,
 * which replace the run's on the same metric whatever the direction (as `compare --slo` does
 * for eval runs).
 */
export function effectiveLoadSlos(results: Results, extra: readonly Slo[]): Slo[] {
  const own = results.load?.slos ?? [];
  const kept = own.filter((s) => !extra.some((e) => e.metric === s.metric));
  return mergeSlos(kept, [...extra]);
}
