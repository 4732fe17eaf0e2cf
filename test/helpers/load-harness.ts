// Shared pieces for the load tests: scenarios in memory, a client, a bounded load run.
import { type ChatClient, createChatClient } from '../../src/client/index.js';
import type { Scenario } from '../../src/core/types.js';
import { executeLoadRun, type LoadRunOptions } from '../../src/load/load-run.js';
import { fixedPlan } from '../../src/load/sweep.js';
import { parseThinkTime } from '../../src/load/think-time.js';
import { tempDir } from './eval-harness.js';

/** A scenario of `turns` turns whose last turn probes the city stated at turn 1. */
export function memoryScenario(turns = 2, name = 'load-mini'): Scenario {
  return {
    name,
    file: `${name}.yaml`,
    hash: 'test',
    params: { max_tokens: 32 },
    history: 'live',
    runs: 1,
    facts: [{ id: 'city', text: 'lives in Lisbon', turn: 1, probedAt: [turns] }],
    turns: Array.from({ length: turns }, (_, i) => ({
      index: i + 1,
      user: i === 0 ? 'I live in Lisbon.' : i === turns - 1 ? 'Where do I live?' : `Tell me something (${i + 1}).`,
      checks:
        i === turns - 1 && turns > 1
          ? [
              {
                name: 'remembers the city',
                spec: { kind: 'contains' as const, any: ['Lisbon'] },
                fact: 'city',
                memory: true,
              },
            ]
          : [],
    })),
    slo: [],
  };
}

export function testClient(url: string): ChatClient {
  return createChatClient({
    baseUrl: url,
    model: 'fixture-model',
    timeouts: { firstTokenMs: 5000, idleMs: 2000, totalMs: 10_000 },
  });
}

/** Limits no busy test machine reaches: a level is invalid only when a test makes it so. */
export const TEST_HARNESS_LIMITS = { maxLagMs: 5000, maxStallMs: 5000, maxSuspectShare: 1, maxCpuCores: 64 };

type Loads = Array<{ users?: number; ratePerSecond?: number }>;

/** A short load run with test defaults; every field can be overridden. */
export function runLoad(
  client: ChatClient,
  loads: Loads,
  over: Partial<LoadRunOptions> = {},
): ReturnType<typeof executeLoadRun> {
  return executeLoadRun({
    scenarios: [memoryScenario()],
    client,
    outDir: tempDir('chatproof-load-'),
    target: { baseUrl: 'http://127.0.0.1/v1', model: 'fixture-model', stream: true },
    stream: true,
    planner: fixedPlan(loads),
    arrivals: 'constant',
    maxConcurrent: 1000,
    warmupMs: 0,
    durationMs: 1000,
    drainMs: 3000,
    maxRequestsPerLevel: 5000,
    think: parseThinkTime('0'),
    seed: 1,
    slos: [],
    shard: { index: 1, count: 1 },
    // Tests share two cores with other test files: the harness's own lag is judged only by the
    // tests about it (synthetic health figures), never by chance here.
    harnessLimits: TEST_HARNESS_LIMITS,
    ...over,
  });
}
