// The sweep doubles closed-loop users until an SLO breaks; the knee must land where the fixture
// server's capacity puts it: with 2 replies served at once, 2 users get instant service and 4
// users wait a whole reply (~220 ms) for every turn. The SLO is on the median so that a stall
// of a busy test machine cannot move the knee.
import t from 'tap';
import { startFixtureServer, type FixtureServer } from '../fixtures/openai-server/index.js';
import type { ChatClient } from '../src/client/index.js';
import { parseSloExpression } from '../src/gate/slo.js';
import { sweepPlan } from '../src/load/sweep.js';
import { memoryScenario, runLoad, testClient } from './helpers/load-harness.js';

let server: FixtureServer;
let client: ChatClient;
t.before(async () => {
  server = await startFixtureServer({ ttftMs: 200, itlMs: 5, reply: 'You live in Lisbon.', capacity: 2 });
  client = testClient(server.url);
});
t.teardown(async () => {
  await client.close();
  await server.close();
});

t.test('the knee is the fixture server\'s capacity', async (t) => {
  const slos = [parseSloExpression('ttft.p50 <= 320ms')];
  const run = await runLoad(client, [], {
    planner: sweepPlan({ start: 1, max: 16, kind: 'users' }), slos, durationMs: 1200, warmupMs: 300, scenarios: [memoryScenario(1)],
  });
  const load = run.results.load!;
  t.same(load.levels.map((l) => l.users), [1, 2, 4], 'doubling until the SLO broke');
  t.same(load.levels.map((l) => l.verdict), ['pass', 'pass', 'fail']);
  t.equal(load.knee?.level, 2);
  t.equal(load.knee?.users, 2);
  t.match(load.knee?.reason, /SLO broke at level 3/);
  const log = server.log.filter((r) => r.path === '/v1/chat/completions');
  t.ok(log.some((r) => r.admittedAt! - r.receivedAt > 50), 'at 4 users the server queued requests');
  t.ok(load.levels[2]!.figures.latency.ttftMs.p50! > 320, 'queued requests wait a whole reply');
});

t.test('a fixture in another process is read through its control routes', async (t) => {
  const { request } = await import('undici');
  const origin = new URL(server.url).origin;
  const before = server.log.length;
  const log = await (await request(`${origin}/_fixture/log`)).body.json() as unknown[];
  t.equal(log.length, before, 'the log as JSON');
  await (await request(`${origin}/_fixture/reset`, { method: 'POST' })).body.text();
  t.equal(server.log.length, 0, 'reset clears it; control calls are not logged');
});
