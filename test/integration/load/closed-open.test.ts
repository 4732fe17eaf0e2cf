// Closed and open loop produce the intended concurrency and arrival rate, checked from the
// fixture server's own log (what arrived when, and how many requests it was serving).
import t from 'tap';
import { type FixtureServer, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import type { ChatClient } from '../../../src/client/index.js';
import { memoryScenario, runLoad, testClient } from '../../helpers/load-harness.js';

let server: FixtureServer;
let client: ChatClient;
t.before(async () => {
  server = await startFixtureServer({ ttftMs: 30, itlMs: 5, reply: 'You live in Lisbon, as you said.' });
  client = testClient(server.url);
});
t.teardown(async () => {
  await client.close();
  await server.close();
});
t.beforeEach(() => server.reset());

const chats = (): FixtureServer['log'] => server.log.filter((r) => r.path === '/v1/chat/completions');

t.test('closed loop keeps N conversations in flight', async (t) => {
  const users = 4;
  const run = await runLoad(client, [{ users }], { durationMs: 1200 });
  const level = run.results.load!.levels[0]!;
  t.equal(level.users, users);
  t.equal(level.shape, 'closed');
  const log = chats();
  // How many fit in 1.2 s depends on this machine; two rounds of every user are enough to see it.
  t.ok(log.length >= 2 * users, `enough requests (${log.length})`);
  const maxInFlight = Math.max(...log.map((r) => r.inFlightOnArrival));
  t.ok(maxInFlight <= users, `never more than ${users} in flight (saw ${maxInFlight})`);
  // In steady state (not the ramp or the drain) a request arrives as another user's ends:
  // the server is then serving the other N-1 plus this one.
  const steady = log
    .slice(users, Math.floor(log.length * 0.7))
    .map((r) => r.inFlightOnArrival)
    .sort((a, b) => a - b);
  t.ok(
    steady[Math.floor(steady.length / 2)]! >= users - 1,
    `median in flight on arrival ${steady[Math.floor(steady.length / 2)]}`,
  );
  t.equal(level.counts.turns, level.counts.conversations * 2, 'two turns per conversation');
  t.equal(level.counts.completed, level.counts.conversations, 'every conversation completed');
  t.equal(level.figures.contextAccuracy, 1);
  t.equal(level.figures.interruptionRate, 0);
  t.ok(level.figures.latency.ttftMs.p50! >= 30, 'TTFT includes the server delay');
  t.ok(level.figures.requestsPerSecond > 0 && level.figures.outputTokensPerSecond > 0);
  t.equal(level.byTurn.length, 2, 'latency by turn depth for both turns');
  t.ok(
    level.timeSeries.length >= 1 && level.timeSeries.reduce((s, p) => s + p.sent, 0) === level.counts.turns,
    'time series adds up',
  );
  t.equal(level.health.length, 1);
  t.type(level.health[0]!.cpuCores, 'number');
  t.equal(run.results.turns.length, level.counts.turns, 'every counted turn is in results.json');
  t.ok(
    run.results.turns.every((r) => r.conversationId.endsWith('@L1')),
    'the level is in the conversation id',
  );
});

t.test('open loop sends new conversations at the intended rate', async (t) => {
  const rate = 20;
  const durationMs = 1500;
  const run = await runLoad(client, [{ ratePerSecond: rate }], { durationMs, arrivals: 'constant' });
  const level = run.results.load!.levels[0]!;
  t.equal(level.shape, 'open');
  t.equal(level.ratePerSecond, rate);
  const firsts = chats()
    .filter((r) => r.body?.messages?.filter((m) => m.role === 'user').length === 1)
    .map((r) => r.receivedAt);
  t.equal(firsts.length, (rate * durationMs) / 1000, 'one new conversation every 50 ms for the window');
  // Intended starts (send time minus client queue time) lie on the 50 ms grid: the schedule, not
  // the machine's timers, sets them, so this holds however busy the machine is.
  const intended = run.results.turns
    .filter((r) => r.turn === 1)
    .map((r) => r.timing.sentAtEpochMs - r.timing.queuedMs!)
    .sort((a, b) => a - b);
  t.ok(
    intended.every((at, i) => Math.abs(at - intended[0]! - i * 50) < 0.01),
    `one intended start every 50 ms: ${intended.map((x) => (x - intended[0]!).toFixed(3)).join(' ')}`,
  );
  t.ok(
    firsts.every((at, i) => at >= intended[i]! - 0.01),
    'no conversation reached the server before its intended start',
  );
  t.equal(level.counts.conversations, firsts.length);
});

t.test('Poisson arrivals average the rate', async (t) => {
  const run = await runLoad(client, [{ ratePerSecond: 40 }], {
    durationMs: 1000,
    arrivals: 'poisson',
    seed: 7,
    scenarios: [memoryScenario(1)],
  });
  const n = run.results.load!.levels[0]!.counts.conversations;
  // Poisson(40): 40 ± 3 sigma (19).
  t.ok(n >= 21 && n <= 59, `${n} arrivals in 1 s at 40/s`);
});
