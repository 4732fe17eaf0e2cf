// Runs one load level: warmup, measurement window, drain. Conversations that start inside the
// window are counted and their records kept; warmup conversations load the server but are not
// recorded. Bounded: the drain deadline aborts whatever is still in flight.

import { setMaxListeners } from 'node:events';
import { seededRandom } from '../core/random.js';
import type { LoadLevel, Scenario, Slo, TurnRecord } from '../core/types.js';
import type { ChatSender } from '../run/conversation.js';
import { aggregateLevel } from './aggregate.js';
import { epochNowMs } from './clock.js';
import { judgeLevel, levelFigures } from './figures.js';
import { type HarnessLimits, startHealthSampler } from './health.js';
import { isWarmupTag, levelTag } from './levels.js';
import type { LoadShape, ShapeContext } from './shapes/types.js';
import { sampleThinkMs, type ThinkTime } from './think-time.js';
import { type ConversationSlot, playConversation } from './virtual-user.js';

export interface LevelSpec {
  index: number;
  shape: LoadShape;
  users?: number;
  ratePerSecond?: number;
  arrivals?: 'poisson' | 'constant';
  warmupMs: number;
  durationMs: number;
}

export interface LevelRunOptions {
  client: ChatSender;
  scenarios: Scenario[];
  stream: boolean;
  model?: string;
  think: ThinkTime;
  seed: number;
  slos: Slo[];
  /** Appended to conversation ids, e.g. "s2" for shard 2, so shards never collide. */
  shardTag: string;
  /** After the window closes, conversations in flight get this long to finish. */
  drainMs: number;
  /** Requests this level may send at most. */
  maxRequests: number;
  /** When the harness counts as fallen behind (default DEFAULT_HARNESS_LIMITS). */
  harnessLimits?: HarnessLimits;
  signal?: AbortSignal;
  onRecord?: (record: TurnRecord) => void;
}

export interface LevelOutcome {
  level: LoadLevel;
  records: TurnRecord[];
}

export async function runLevel(spec: LevelSpec, options: LevelRunOptions): Promise<LevelOutcome> {
  const controller = new AbortController();
  // Every request of the level listens on this signal until it settles: many listeners by design.
  setMaxListeners(0, controller.signal);
  const onOuterAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  if (options.signal?.aborted) controller.abort();

  const startEpochMs = epochNowMs();
  const windowStartEpochMs = startEpochMs + spec.warmupMs;
  const windowEndEpochMs = windowStartEpochMs + spec.durationMs;
  const deadline = setTimeout(() => controller.abort(), windowEndEpochMs + options.drainMs - startEpochMs);
  // Arrivals and think times draw from separate streams, so one seed fixes the arrival
  // schedule whatever the replies' timing does to the order of think-time draws.
  const random = seededRandom(options.seed * 1_000_003 + spec.index);
  const thinkRandom = seededRandom(options.seed * 1_000_003 + spec.index + 500_009);
  const health = startHealthSampler(options.harnessLimits);
  const records: TurnRecord[] = [];
  let requests = 0;
  let requestLimitHit = false;
  let dropped = 0;
  let repetition = 0;
  let nextScenario = 0;

  const ctx: ShapeContext = {
    startEpochMs,
    windowStartEpochMs,
    windowEndEpochMs,
    signal: controller.signal,
    random,
    stopped: () => controller.signal.aborted || requestLimitHit || epochNowMs() >= windowEndEpochMs,
    halted: () => controller.signal.aborted || requestLimitHit,
    nextSlot(intendedEpochMs): ConversationSlot {
      const scenario = options.scenarios[nextScenario++ % options.scenarios.length]!;
      const warm = intendedEpochMs < windowStartEpochMs;
      return { scenario, repetition: ++repetition, idSuffix: levelTag(spec.index, options.shardTag, warm) };
    },
    play(slot, intendedEpochMs) {
      const counted = !isWarmupTag(slot.idSuffix);
      return playConversation(
        {
          client: options.client,
          stream: options.stream,
          model: options.model,
          think: options.think,
          random: thinkRandom,
          originEpochMs: startEpochMs,
          signal: controller.signal,
          onRecord: (record) => {
            // A conversation begun in the warm-up still serves requests inside the window: those
            // count for the level's requests and latency (a level whose conversations outlast the
            // window would otherwise measure nothing); its conversation-level figures never do.
            const sentInWindow =
              record.timing.sentAtEpochMs >= windowStartEpochMs && record.timing.sentAtEpochMs < windowEndEpochMs;
            if (!counted && !(sentInWindow && record.timing.queuedMs !== undefined)) return;
            records.push(record);
            options.onRecord?.(record);
          },
          onScheduleLagMs: (ms) => health.noteScheduleLagMs(ms),
          mayReserveRequest: () => {
            if (requests >= options.maxRequests) {
              requestLimitHit = true;
              return false;
            }
            requests++;
            return true;
          },
        },
        slot,
        intendedEpochMs,
      );
    },
    thinkMs: () => sampleThinkMs(options.think, thinkRandom),
    onScheduleLagMs: (ms) => health.noteScheduleLagMs(ms),
    onDropped: (intendedEpochMs) => {
      if (intendedEpochMs >= windowStartEpochMs) dropped++;
    },
  };

  try {
    await spec.shape.run(ctx);
  } finally {
    clearTimeout(deadline);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  const harness = health.stop(records);
  // Ctrl-C before the window closed: the window actually measured is shorter.
  const interrupted = options.signal?.aborted === true;
  const measuredMs = interrupted
    ? Math.max(0, Math.min(epochNowMs(), windowEndEpochMs) - windowStartEpochMs)
    : spec.durationMs;
  const aggregate = aggregateLevel(records, options.slos, windowStartEpochMs, dropped);
  // Chunk times are the bulk of a record: they are in turns.jsonl and in the ITL histogram now,
  // so the copies kept in memory for results.json drop them (long runs stay bounded in memory).
  for (const record of records) record.timing.contentChunkOffsetsMs = [];
  const figures = levelFigures(aggregate.counts, aggregate.histograms, measuredMs);
  const level: LoadLevel = {
    index: spec.index,
    shape: spec.shape.kind,
    ...(spec.users !== undefined ? { users: spec.users } : {}),
    ...(spec.ratePerSecond !== undefined ? { ratePerSecond: spec.ratePerSecond, arrivals: spec.arrivals } : {}),
    warmupMs: spec.warmupMs,
    durationMs: measuredMs,
    ...aggregate,
    figures,
    ...judgeLevel(figures, options.slos),
    health: [harness],
    ...(interrupted ? { cut: 'interrupted' as const } : requestLimitHit ? { cut: 'request_limit' as const } : {}),
  };
  return { level, records };
}
