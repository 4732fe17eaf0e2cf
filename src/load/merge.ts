// Merges load sections of shards (`--shard i/n`, run at the same time on several processes or
// machines) into one: counts and histograms add exactly, users and rates add, and figures and
// verdicts are derived again by the same function a single run uses. Pure.
import type { LoadDepthRow, LoadLevel, LoadLevelCounts, LoadSection, LoadTimePoint } from '../core/types.js';
import { mergeSerialized } from '../metrics/histogram.js';
import { LOAD_METRICS } from './aggregate.js';
import { judgeLevel, levelFigures } from './figures.js';
import { findKnee } from './knee.js';

export class MergeError extends Error {}

function addCounts(a: LoadLevelCounts, b: LoadLevelCounts): LoadLevelCounts {
  const byCause = { ...a.interruptionsByCause };
  for (const [cause, n] of Object.entries(b.interruptionsByCause)) {
    byCause[cause as keyof typeof byCause] = (byCause[cause as keyof typeof byCause] ?? 0) + (n ?? 0);
  }
  return {
    conversations: a.conversations + b.conversations,
    completed: a.completed + b.completed,
    interrupted: a.interrupted + b.interrupted,
    incomplete: a.incomplete + b.incomplete,
    goodConversations: a.goodConversations + b.goodConversations,
    turns: a.turns + b.turns,
    turnsOk: a.turnsOk + b.turnsOk,
    outputTokens: a.outputTokens + b.outputTokens,
    memoryPassed: a.memoryPassed + b.memoryPassed,
    memoryTotal: a.memoryTotal + b.memoryTotal,
    droppedArrivals: a.droppedArrivals + b.droppedArrivals,
    interruptionsByCause: byCause,
  };
}

function mergeSeries(a: readonly LoadTimePoint[], b: readonly LoadTimePoint[]): LoadTimePoint[] {
  const out = new Map<number, LoadTimePoint>(a.map((p) => [p.second, { ...p }]));
  for (const p of b) {
    const q = out.get(p.second);
    if (!q) out.set(p.second, { ...p });
    else {
      q.sent += p.sent;
      q.ok += p.ok;
      q.failed += p.failed;
      q.outputTokens += p.outputTokens;
      q.ttftSumMs += p.ttftSumMs;
      q.e2eSumMs += p.e2eSumMs;
    }
  }
  return [...out.values()].sort((x, y) => x.second - y.second);
}

function mergeDepth(a: readonly LoadDepthRow[], b: readonly LoadDepthRow[]): LoadDepthRow[] {
  const turns = [...new Set([...a, ...b].map((r) => r.turn))].sort((x, y) => x - y);
  return turns.map((turn) => {
    const rows = [...a, ...b].filter((r) => r.turn === turn);
    return {
      turn,
      ttftMs: mergeSerialized(rows.map((r) => r.ttftMs)),
      e2eMs: mergeSerialized(rows.map((r) => r.e2eMs)),
    };
  });
}

function mergeLevel(a: LoadLevel, b: LoadLevel, section: LoadSection): LoadLevel {
  if (a.shape !== b.shape)
    throw new MergeError(`level ${a.index}: one shard ran a ${a.shape} loop, another a ${b.shape} loop`);
  const counts = addCounts(a.counts, b.counts);
  const histograms = Object.fromEntries(
    LOAD_METRICS.map((m) => [m, mergeSerialized([a.histograms[m], b.histograms[m]])]),
  ) as LoadLevel['histograms'];
  // Shards share the window length; an interrupted shard measured less, the shortest is honest.
  const durationMs = Math.min(a.durationMs, b.durationMs);
  const figures = levelFigures(counts, histograms, durationMs);
  const cut = a.cut ?? b.cut;
  return {
    index: a.index,
    shape: a.shape,
    ...(a.users !== undefined ? { users: a.users + (b.users ?? 0) } : {}),
    ...(a.ratePerSecond !== undefined
      ? { ratePerSecond: a.ratePerSecond + (b.ratePerSecond ?? 0), arrivals: a.arrivals }
      : {}),
    warmupMs: a.warmupMs,
    durationMs,
    counts,
    histograms,
    byTurn: mergeDepth(a.byTurn, b.byTurn),
    timeSeries: mergeSeries(a.timeSeries, b.timeSeries),
    figures,
    ...judgeLevel(figures, section.slos),
    health: [...a.health, ...b.health],
    ...(cut ? { cut } : {}),
  };
}

export function mergeLoadSections(sections: readonly LoadSection[]): LoadSection {
  if (sections.length === 0) throw new MergeError('nothing to merge');
  const [first, ...rest] = sections;
  let merged: LoadSection = { ...first!, levels: [...first!.levels] };
  for (const next of rest) {
    if (next.shape !== merged.shape)
      throw new MergeError(
        `one run is a ${merged.shape} loop, another a ${next.shape} loop; merge shards of one load run`,
      );
    if (next.levels.length !== merged.levels.length) {
      throw new MergeError(
        `the shards ran different numbers of levels (${merged.levels.length} and ${next.levels.length}); merge ` +
          `shards of one load run`,
      );
    }
    const dup = next.shards.find((s) => merged.shards.includes(s));
    if (dup) throw new MergeError(`shard ${dup} appears twice; each shard may be merged once`);
    merged = {
      ...merged,
      shards: [...merged.shards, ...next.shards],
      levels: merged.levels.map((level, i) => mergeLevel(level, next.levels[i]!, merged)),
    };
  }
  const knee = findKnee(merged.levels, 'merged shards: largest level meeting every SLO');
  return { ...merged, knee };
}
