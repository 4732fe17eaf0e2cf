// Shards merge exactly: two shards run side by side, merged, equal one aggregate of all their
// records (HDR histograms add without loss); the merge command writes one results.json.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type FixtureServer, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { mergeCommand } from '../../../src/cli/commands/merge.js';
import type { ChatClient } from '../../../src/client/index.js';
import type { Results } from '../../../src/core/types.js';
import { aggregateLevel } from '../../../src/load/aggregate.js';
import { judgeLevel, levelFigures } from '../../../src/load/figures.js';
import { mergeLoadSections } from '../../../src/load/merge.js';
import { serializedDistribution } from '../../../src/metrics/histogram.js';
import { parseSlo } from '../../../src/metrics/slo.js';
import { tempDir } from '../../helpers/eval-harness.js';
import { runLoad, testClient } from '../../helpers/load-harness.js';

let server: FixtureServer;
let client: ChatClient;
t.before(async () => {
  server = await startFixtureServer({
    ttftMs: 10,
    itlMs: 3,
    faultRate: 0.1,
    faultRateKinds: 'http_500',
    seed: 3,
    reply: (req) => (req.index % 3 === 0 ? 'Porto, I think.' : 'You live in Lisbon, right?'),
  });
  client = testClient(server.url);
});
t.teardown(async () => {
  await client.close();
  await server.close();
});

t.test('two shards merged equal one run over their records', async (t) => {
  const slos = [parseSlo('e2e.p95 <= 2s'), parseSlo('contextAccuracy >= 50%')];
  // Bounded by requests (16 per shard), not time: the sample does not depend on this machine's speed.
  const common = { durationMs: 60_000, maxRequestsPerLevel: 16, slos };
  const [a, b] = await Promise.all([
    runLoad(client, [{ users: 3 }], { ...common, shard: { index: 1, count: 2 } }),
    runLoad(client, [{ users: 3 }], { ...common, shard: { index: 2, count: 2 } }),
  ]);
  t.equal(a.results.load!.levels[0]!.users, 2, 'shard 1 of 2 gets 2 of 3 users');
  t.equal(b.results.load!.levels[0]!.users, 1);
  t.ok(
    a.results.turns.every((r) => r.conversationId.endsWith('@L1s1')),
    'shard in the conversation id',
  );

  const merged = mergeLoadSections([a.results.load!, b.results.load!]);
  const level = merged.levels[0]!;
  t.equal(level.users, 3);
  t.same(merged.shards, ['1/2', '2/2']);
  t.equal(level.health.length, 2, "each shard's harness health is kept");

  // One aggregate over all records, as if one process had done both shards' work.
  const records = [...a.results.turns, ...b.results.turns];
  t.ok(records.length >= 32, `${records.length} records: both shards sent their 16 requests`);
  const whole = aggregateLevel(records, slos, 0);
  t.same(level.counts, whole.counts, 'counts add up exactly');
  for (const m of ['ttftMs', 'e2eMs', 'queuedMs', 'e2eFromIntendedMs', 'tpotMs'] as const) {
    t.same(
      serializedDistribution(level.histograms[m]),
      serializedDistribution(whole.histograms[m]),
      `${m}: same distribution`,
    );
  }
  t.same(
    level.byTurn.map((r) => serializedDistribution(r.e2eMs)),
    whole.byTurn.map((r) => serializedDistribution(r.e2eMs)),
    'by turn depth',
  );
  const figures = levelFigures(whole.counts, whole.histograms, level.durationMs);
  // results.json leaves chunk times out (they stay in turns.jsonl), so ITL is compared apart.
  const { itlMs: _itl, ...latency } = level.figures.latency;
  const { itlMs: wholeItl, ...wholeLatency } = figures.latency;
  t.same({ ...level.figures, latency }, { ...figures, latency: wholeLatency }, 'same figures');
  t.equal(wholeItl.count, 0);
  t.ok(level.figures.latency.itlMs.count > 0, 'the shards kept their ITL histograms');
  t.same({ slo: level.slo, verdict: level.verdict }, judgeLevel(figures, slos), 'same verdicts');
  t.equal(
    level.timeSeries.reduce((s, p) => s + p.sent, 0),
    whole.counts.turns,
    'time series adds up',
  );

  // The command: two run folders in, one results.json out.
  const out = tempDir('chatproof-merge-');
  const lines: string[] = [];
  const code = await mergeCommand([path.dirname(a.resultsPath), b.resultsPath, '--out', out], {
    stdout: { write: (s: string) => lines.push(s) },
  });
  t.equal(code, 0);
  const written = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
  t.same(written.load!.levels[0]!.counts, whole.counts);
  t.equal(written.turns.length, records.length);
  t.equal(written.summary.turns.total, records.length, 'the whole-run summary covers both shards');
  t.match(lines.join(''), /2 shards merged/);

  t.throws(
    () => mergeLoadSections([a.results.load!, a.results.load!]),
    /appears twice/,
    'a shard merged twice is refused',
  );
  await t.rejects(mergeCommand([a.resultsPath], { stdout: { write: () => true } }), { exitCode: 2, message: /\S/ });
  await t.rejects(
    mergeCommand([a.resultsPath, path.join(out, 'nope.json'), '--out', out], { stdout: { write: () => true } }),
    { exitCode: 2, message: /\S/ },
  );
});
