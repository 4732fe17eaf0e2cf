// A load run end to end: levels one after another (each: warmup, window, drain), every counted
// turn appended to turns.jsonl as it finishes, results.json rewritten after each level, so
// Ctrl-C or a crash keeps every level measured so far.
import path from 'node:path';
import type { LoadLevel, LoadSection, Results, RunHeader, Scenario, Slo, TurnRecord } from '../core/types.js';
import type { ChatSender } from '../run/conversation.js';
import { anySignal, GuardedTurnLog, runHeader, type WriteFailure } from '../run/eval-run.js';
import { warmUpTarget } from '../run/warm-up.js';
import { buildResults } from '../score/results.js';
import { ensureFolder } from '../store/out-dir.js';
import { writeResultsJson } from '../store/results-file.js';
import { TurnLog } from '../store/turn-log.js';
import type { HarnessLimits } from './health.js';
import { findKnee } from './knee.js';
import { runLevel } from './level-run.js';
import { closedLoop } from './shapes/closed.js';
import { type ArrivalProcess, openLoop } from './shapes/open.js';
import type { LevelPlanner } from './sweep.js';
import type { ThinkTime } from './think-time.js';

export interface Shard {
  /** 1-based. */
  index: number;
  count: number;
}

export interface LoadRunOptions {
  scenarios: Scenario[];
  client: ChatSender;
  outDir: string;
  target: RunHeader['target'];
  stream: boolean;
  planner: LevelPlanner;
  arrivals: ArrivalProcess;
  /** Open loop: conversations in flight at most; later arrivals wait (and that wait is measured). */
  maxConcurrent: number;
  warmupMs: number;
  durationMs: number;
  drainMs: number;
  maxRequestsPerLevel: number;
  think: ThinkTime;
  thinkText?: string;
  seed: number;
  /** When the harness counts as fallen behind (default DEFAULT_HARNESS_LIMITS). */
  harnessLimits?: HarnessLimits;
  slos: Slo[];
  shard: Shard;
  options?: Record<string, unknown>;
  serverModels?: unknown;
  /** Untimed requests before the first level (run/warm-up.ts); the command sends 1 by default, here 0. */
  warmUpRequests?: number;
  signal?: AbortSignal;
  onRecord?: (record: TurnRecord) => void;
  onLevelStart?: (index: number, load: { users?: number; ratePerSecond?: number }) => void;
  onLevel?: (level: LoadLevel) => void;
  now?: () => Date;
}

export interface LoadRunOutput {
  results: Results;
  resultsPath: string;
  turnsPath: string;
  aborted: boolean;
  /** An output stopped taking writes (disk full...): the run stopped there. */
  writeFailure?: WriteFailure;
}

/** This shard's part of a load: users split as evenly as whole users allow, rates divided. */
export function shardShare(
  load: { users?: number; ratePerSecond?: number },
  shard: Shard,
): { users?: number; ratePerSecond?: number } {
  if (load.users !== undefined) {
    const base = Math.floor(load.users / shard.count);
    return { users: base + (shard.index <= load.users % shard.count ? 1 : 0) };
  }
  return { ratePerSecond: (load.ratePerSecond ?? 0) / shard.count };
}

export async function executeLoadRun(o: LoadRunOptions): Promise<LoadRunOutput> {
  const now = o.now ?? (() => new Date());
  ensureFolder(o.outDir);
  const turnsPath = path.join(o.outDir, 'turns.jsonl');
  const resultsPath = path.join(o.outDir, 'results.json');
  const warmUp = o.warmUpRequests
    ? {
        warmUp: await warmUpTarget({
          sender: o.client,
          scenarios: o.scenarios,
          stream: o.stream,
          model: o.target.model,
          requests: o.warmUpRequests,
        }),
      }
    : {};
  const header = runHeader(
    {
      scenarios: o.scenarios,
      sender: o.client,
      outDir: o.outDir,
      target: o.target,
      stream: o.stream,
      serverModels: o.serverModels,
      options: { mode: 'load', shard: `${o.shard.index}/${o.shard.count}`, seed: o.seed, ...warmUp, ...o.options },
    },
    now(),
  );
  const log = new GuardedTurnLog(new TurnLog(turnsPath, header));
  const signal = anySignal(o.signal, log.stop.signal);
  const records: TurnRecord[] = [];
  const levels: LoadLevel[] = [];
  const shardTag = o.shard.count > 1 ? `s${o.shard.index}` : '';
  let stopReason = 'stopped';
  const section = (): LoadSection => ({
    schemaVersion: 1,
    shape: levels[0]?.shape ?? 'closed',
    seed: o.seed,
    ...(o.thinkText ? { thinkTime: o.thinkText } : {}),
    shards: [`${o.shard.index}/${o.shard.count}`],
    slos: o.slos,
    levels,
    knee: findKnee(levels, stopReason),
  });
  const write = (): Results => {
    const results: Results = { ...buildResults(header, records, now(), o.slos), load: section() };
    writeResultsJson(resultsPath, results);
    return results;
  };
  try {
    for (;;) {
      if (signal.aborted) {
        stopReason = log.failure ? 'stopped: an output could not be written' : 'interrupted';
        break;
      }
      const planned = o.planner.next(levels);
      if ('stop' in planned) {
        stopReason = planned.stop;
        break;
      }
      const load = shardShare(planned, o.shard);
      const index = levels.length + 1;
      o.onLevelStart?.(index, load);
      const shape =
        load.users !== undefined ? closedLoop(load.users) : openLoop(load.ratePerSecond!, o.arrivals, o.maxConcurrent);
      const outcome = await runLevel(
        {
          index,
          shape,
          ...load,
          ...(load.ratePerSecond !== undefined ? { arrivals: o.arrivals } : {}),
          warmupMs: o.warmupMs,
          durationMs: o.durationMs,
        },
        {
          client: o.client,
          scenarios: o.scenarios,
          stream: o.stream,
          model: o.target.model,
          think: o.think,
          seed: o.seed + o.shard.index * 7919,
          ...(o.harnessLimits ? { harnessLimits: o.harnessLimits } : {}),
          slos: o.slos,
          shardTag,
          drainMs: o.drainMs,
          maxRequests: o.maxRequestsPerLevel,
          signal,
          onRecord: (record) => {
            // On disk first: whatever happens next (a crash, a kill), this turn is kept.
            log.append(record);
            records.push(record);
            o.onRecord?.(record);
          },
        },
      );
      levels.push(outcome.level);
      o.onLevel?.(outcome.level);
      // Every finished level on disk at once; a failure here stops the run like a full turn log.
      if (log.finish(() => write())) break;
    }
  } finally {
    log.close();
  }
  let results: Results | undefined;
  const writeFailure = log.finish(() => {
    results = write();
  });
  results ??= { ...buildResults(header, records, now(), o.slos), load: section() };
  return {
    results,
    resultsPath,
    turnsPath,
    aborted: o.signal?.aborted === true,
    ...(writeFailure ? { writeFailure } : {}),
  };
}
