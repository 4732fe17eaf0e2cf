// `npm run bench:client` section E: timing accuracy under many multi-turn streams. N virtual users
// play breakup-en (8 turns, full history) against the fixture server in its own process (pinned
// to its own core), through chatproof's real load engine: history building, checks, turns.jsonl
// writes and aggregation all run on the client's event loop, as in `chatproof load`. The fixture
// logs the true send time of every token with the client's x-request-id, so each turn's TTFT and
// E2E error is joined request by request (client stamp - server send stamp). Also counted: turns
// marked timing suspect (timing.stallMs over the default 10 ms limit) and the level's verdict.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ServedRequest } from '../fixtures/openai-server/types.js';
import { createChatClient } from '../src/client/index.js';
import type { TurnRecord } from '../src/core/types.js';
import { DEFAULT_HARNESS_LIMITS } from '../src/load/health.js';
import { executeLoadRun } from '../src/load/load-run.js';
import { fixedPlan } from '../src/load/sweep.js';
import { parseThinkTime } from '../src/load/think-time.js';
import { histogramDistribution, histogramOfMs } from '../src/metrics/histogram.js';
import { loadScenario } from '../src/scenario/index.js';

/** What the fixture must be started with: TTFT 200 ms, 20 ms between 50 tokens. */
export const MULTI_TURN_FIXTURE_ARGS = [
  '--ttft-ms',
  '200',
  '--itl-ms',
  '20',
  '--reply',
  Array.from({ length: 50 }, (_, i) => `w${i}`).join(' '),
];

export interface MultiTurnOptions {
  url: string;
  fetchLog: () => Promise<ServedRequest[]>;
  reset: () => Promise<void>;
  users: number[];
  durationMs: number;
  runs: number;
}

const abs = (xs: number[]) => {
  const d = histogramDistribution(histogramOfMs(xs.map(Math.abs)));
  return { n: d.count, p50Ms: d.p50, p99Ms: d.p99, maxMs: d.max };
};

interface LevelRow {
  users: number;
  turns: number;
  unjoined: number;
  ttftErrorMs: ReturnType<typeof abs>;
  e2eErrorMs: ReturnType<typeof abs>;
  suspectTurns: number;
  suspectShare: number | null;
  worstStallMs: number | null;
  eventLoopP99Ms: number | null;
  cpuCores: number;
  valid: boolean;
}

async function oneLevel(o: MultiTurnOptions, users: number): Promise<LevelRow> {
  const { scenario } = await loadScenario(path.resolve('scenarios/breakup-en.yaml'));
  const client = createChatClient({
    baseUrl: o.url,
    model: 'fixture-model',
    timeouts: { firstTokenMs: 60_000, idleMs: 30_000, totalMs: 120_000 },
  });
  const outDir = mkdtempSync(path.join(tmpdir(), 'chatproof-bench-multiturn-'));
  const records: TurnRecord[] = [];
  await o.reset();
  try {
    const run = await executeLoadRun({
      scenarios: [{ ...scenario, runs: 1 }],
      client,
      outDir,
      target: { baseUrl: o.url, model: 'fixture-model', stream: true },
      stream: true,
      planner: fixedPlan([{ users }]),
      arrivals: 'constant',
      maxConcurrent: users,
      // Every user starts its first conversation at once (the burst is part of the test) and
      // conversations outlast short windows: no warm-up tag, and a drain lets them finish.
      warmupMs: 0,
      durationMs: o.durationMs,
      drainMs: 60_000,
      maxRequestsPerLevel: 1_000_000,
      think: parseThinkTime('0'),
      seed: 1,
      slos: [],
      shard: { index: 1, count: 1 },
      harnessLimits: DEFAULT_HARNESS_LIMITS,
      onRecord: (r) => {
        if (r.ok) records.push(r);
      },
    });
    const served = new Map<string, ServedRequest>();
    for (const e of await o.fetchLog()) if (e.requestId) served.set(e.requestId, e);
    const ttft: number[] = [];
    const e2e: number[] = [];
    let unjoined = 0;
    for (const r of records) {
      const s = r.requestId ? served.get(r.requestId) : undefined;
      if (!s || s.firstContentAt === undefined || r.timing.firstTokenMs === undefined) {
        unjoined++;
        continue;
      }
      ttft.push(r.timing.sentAtEpochMs + r.timing.firstTokenMs - s.firstContentAt);
      e2e.push(r.timing.sentAtEpochMs + r.timing.endMs! - s.chunkAt[s.chunkAt.length - 1]!);
    }
    const level = run.results.load!.levels[0]!;
    const suspect = level.health[0]!.timingSuspect!;
    return {
      users,
      turns: records.length,
      unjoined,
      ttftErrorMs: abs(ttft),
      e2eErrorMs: abs(e2e),
      suspectTurns: suspect.turns,
      suspectShare: records.length ? suspect.turns / suspect.of : null,
      worstStallMs: suspect.worstStallMs,
      eventLoopP99Ms: level.health[0]!.eventLoopLagMs.p99,
      cpuCores: level.health[0]!.cpuCores,
      valid: level.health[0]!.valid,
    };
  } finally {
    await client.close();
    rmSync(outDir, { recursive: true, force: true });
  }
}

/** Every level `runs` times; rows in run order, then the median and worst per level. */
export async function multiTurnAccuracy(o: MultiTurnOptions): Promise<unknown> {
  // One unmeasured pass first: sockets, JIT and the fixture warm, as a real run's warm-up does.
  await oneLevel(o, Math.min(...o.users));
  const rows: Array<LevelRow & { run: number }> = [];
  for (let run = 1; run <= o.runs; run++) {
    for (const users of o.users) {
      const row = { run, ...(await oneLevel(o, users)) };
      rows.push(row);
      const t = row.ttftErrorMs;
      process.stderr.write(
        `multi-turn run ${run}, ${users} users: ${row.turns} turns, TTFT error p99 ${t.p99Ms} ms, ` +
          `suspect ${row.suspectTurns} (worst stall ${row.worstStallMs} ms), valid ${row.valid}\n`,
      );
    }
  }
  const byUsers = o.users.map((users) => {
    const mine = rows.filter((r) => r.users === users);
    const p99s = mine.map((r) => r.ttftErrorMs.p99Ms ?? Number.NaN).sort((a, b) => a - b);
    const shares = mine.map((r) => r.suspectShare ?? Number.NaN).sort((a, b) => a - b);
    const mid = (xs: number[]) =>
      xs.length % 2 ? xs[(xs.length - 1) / 2]! : (xs[xs.length / 2 - 1]! + xs[xs.length / 2]!) / 2;
    return {
      users,
      ttftErrorP99Ms: { median: mid(p99s), worst: p99s.at(-1) },
      suspectShare: { median: mid(shares), worst: shares.at(-1) },
    };
  });
  return {
    scenario: 'breakup-en (8 turns, full history), think time 0',
    fixture: 'TTFT 200 ms, ITL 20 ms, 50 tokens; own process and core',
    durationMs: o.durationMs,
    byUsers,
    rows,
  };
}
