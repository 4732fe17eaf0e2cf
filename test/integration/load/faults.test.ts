// Accuracy and interruptions per level with faults injected at a known rate: the reported
// interruption rate must be the server's own count of cut conversations, and both rates must
// sit within sampling error of what was configured.
import t from 'tap';
import { type FixtureServer, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import type { ChatClient } from '../../../src/client/index.js';
import { seededRandom } from '../../../src/core/random.js';
import { parseSlo } from '../../../src/metrics/slo.js';
import { runLoad, testClient } from '../../helpers/load-harness.js';

const forget = seededRandom(9);
let server: FixtureServer;
let client: ChatClient;
t.before(async () => {
  server = await startFixtureServer({
    ttftMs: 2,
    itlMs: 1,
    faultRate: 0.05,
    faultRateKinds: 'cut',
    seed: 42,
    // One reply in four, drawn at random (arrival order would correlate with turn depth),
    // forgets the city: context accuracy should be ~75%.
    reply: () => (forget() < 0.25 ? 'You live in Porto.' : 'You live in Lisbon.'),
  });
  client = testClient(server.url);
});
t.teardown(async () => {
  await client.close();
  await server.close();
});

t.test('interruption rate and accuracy match the injected rates', async (t) => {
  const slos = ['interruptionRate <= 2%', 'contextAccuracy >= 90%'].map((e) => parseSlo(e, 'load'));
  // Bounded by requests, not time (60 conversations of 2 turns), so the sample does not depend on
  // how fast this machine is; the window is what it took.
  const run = await runLoad(client, [{ users: 6 }], { durationMs: 60_000, maxRequestsPerLevel: 120, slos });
  const level = run.results.load!.levels[0]!;
  const log = server.log.filter((r) => r.path === '/v1/chat/completions');
  const faulted = log.filter((r) => r.fault === 'cut').length;
  const c = level.counts;
  t.ok(c.conversations >= 50, `${c.conversations} conversations`);
  // No warmup: every conversation is counted, and a cut ends its conversation: exact agreement.
  t.equal(c.interrupted, faulted, 'one interrupted conversation per cut the server made');
  t.equal(c.interruptionsByCause.stream_cut, faulted);
  t.equal(c.turns, log.length, 'every request the server saw is a counted turn');
  // Two turns, each cut with p = 0.05: 1 - 0.95^2 of conversations are interrupted.
  const p = 1 - 0.95 ** 2;
  const n = c.completed + c.interrupted;
  const rate = level.figures.interruptionRate!;
  t.ok(
    Math.abs(rate - p) <= 4 * Math.sqrt((p * (1 - p)) / n),
    `interruption rate ${(rate * 100).toFixed(1)}% vs ${(p * 100).toFixed(1)}% (n=${n})`,
  );
  const acc = level.figures.contextAccuracy!;
  const m = c.memoryTotal;
  t.ok(
    Math.abs(acc - 0.75) <= 4 * Math.sqrt((0.75 * 0.25) / m),
    `context accuracy ${(acc * 100).toFixed(1)}% vs 75% (n=${m})`,
  );
  t.ok(
    level.figures.interruptions.ci95!.low <= rate && rate <= level.figures.interruptions.ci95!.high,
    'with its Wilson interval',
  );
  t.equal(level.verdict, 'fail', 'both SLOs are broken');
  t.same(
    level.slo.map((v) => v.passed),
    [false, false],
  );
  // Goodput counts completed conversations that kept the fact (one memory check each).
  t.equal(c.goodConversations, c.memoryPassed, 'good conversations: completed and remembered');
  t.equal(c.memoryTotal, c.completed, 'one memory check per completed conversation');
  t.ok(
    Math.abs(level.figures.goodput - c.memoryPassed / (level.durationMs / 1000)) < 1e-9,
    'goodput per second of the window',
  );
});
