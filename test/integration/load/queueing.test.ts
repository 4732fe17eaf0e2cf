// Coordinated omission: a server slower than the arrival rate builds a queue. An open loop must
// keep the intended start of every request and report the wait as client queue time, instead of
// measuring from the moment it finally sent (which would make a saturated server look fast).
import t from 'tap';
import { type FixtureServer, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import type { ChatClient } from '../../../src/client/index.js';
import { memoryScenario, runLoad, testClient } from '../../helpers/load-harness.js';

let server: FixtureServer;
let client: ChatClient;
t.before(async () => {
  // Each reply takes ~100 ms; 20 arrivals/s with one conversation at a time is twice too many.
  server = await startFixtureServer({ ttftMs: 100, itlMs: 0, reply: 'Lisbon.' });
  client = testClient(server.url);
});
t.teardown(async () => {
  await client.close();
  await server.close();
});

t.test('queue time is measured from the intended start, not hidden', async (t) => {
  const run = await runLoad(client, [{ ratePerSecond: 20 }], {
    durationMs: 1000,
    arrivals: 'constant',
    maxConcurrent: 1,
    drainMs: 5000,
    scenarios: [memoryScenario(1)],
  });
  const level = run.results.load!.levels[0]!;
  const turns = run.results.turns;
  t.equal(turns.length, 20, 'every arrival of the window was eventually served');
  const log = server.log.filter((r) => r.path === '/v1/chat/completions');
  t.equal(Math.max(...log.map((r) => r.inFlightOnArrival)), 1, 'one at a time, as asked');

  // Each record: intended start + queue = actual send, and the server saw it arrive then.
  const start = Date.parse(run.results.run.startedAt);
  for (const [i, r] of turns.entries()) {
    const intended = r.timing.sentAtEpochMs - r.timing.queuedMs!;
    t.ok(
      Math.abs(intended - (turns[0]!.timing.sentAtEpochMs - turns[0]!.timing.queuedMs!) - i * 50) < 2,
      `turn ${i}: intended start on the 50 ms grid`,
    );
    t.ok(log[i]!.receivedAt >= r.timing.sentAtEpochMs - 0.01, `turn ${i}: the send time is taken before it left`);
    t.ok(intended >= start - 1000);
  }
  // The n-th request waits for n-1 replies of ~100 ms while the schedule moves 50 ms: ~50 ms more each.
  const queued = turns.map((r) => r.timing.queuedMs!);
  t.ok(queued[19]! > 800, `the last arrival waited ${queued[19]!.toFixed(0)} ms`);
  t.ok(queued[19]! > queued[10]! && queued[10]! > queued[1]!, 'the queue grows');
  const f = level.figures.latency;
  t.ok(
    f.e2eMs.p99! * 3 < f.e2eFromIntendedMs.p99!,
    `service time alone looks fine (E2E p99 ${f.e2eMs.p99} ms) next to the queue`,
  );
  t.ok(
    f.e2eFromIntendedMs.p99! > 900,
    `latency from the intended start shows the queue (${f.e2eFromIntendedMs.p99} ms)`,
  );
  t.ok(f.queuedMs.p99! > 800, 'client queue time is reported');
});

t.test('closed-loop users with think time are not counted as queued', async (t) => {
  const run = await runLoad(client, [{ users: 2 }], {
    durationMs: 1200,
    think: { kind: 'fixed', ms: 300 },
    scenarios: [memoryScenario(2)],
  });
  const level = run.results.load!.levels[0]!;
  t.ok(level.counts.turns > 0);
  // Were think time counted as queueing, every later turn would wait >= 300 ms; only timer
  // lateness remains, far below that at the median even on a busy machine.
  t.ok(level.figures.latency.queuedMs.p50! < 150, `queue p50 ${level.figures.latency.queuedMs.p50} ms`);
  // Think time separates a user's turns: the next send is >= 300 ms after the previous reply ended.
  const byConv = new Map<string, typeof run.results.turns>();
  for (const r of run.results.turns) byConv.set(r.conversationId, [...(byConv.get(r.conversationId) ?? []), r]);
  for (const turns of byConv.values()) {
    if (turns.length < 2) continue;
    const [a, b] = turns;
    t.ok(b!.timing.sentAtEpochMs - (a!.timing.sentAtEpochMs + a!.timing.endMs!) >= 299, 'think time between turns');
  }
});
