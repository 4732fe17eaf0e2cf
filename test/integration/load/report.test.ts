// The load section of the HTML report and its charts, from a real short run: the knee, one row
// per level, harness health, chart configs that are plain JSON, escaping, both languages.
import t from 'tap';
import { type FixtureServer, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import type { ChatClient } from '../../../src/client/index.js';
import type { Results } from '../../../src/core/types.js';
import { parseSlo } from '../../../src/metrics/slo.js';
import { buildLoadCharts } from '../../../src/report/html/charts/load.js';
import { renderLoadSection } from '../../../src/report/html/sections/load.js';
import { renderLoadSummary } from '../../../src/report/terminal/load.js';
import { memoryScenario, runLoad, testClient } from '../../helpers/load-harness.js';

let server: FixtureServer;
let client: ChatClient;
let results: Results;
t.before(async () => {
  server = await startFixtureServer({ ttftMs: 10, itlMs: 2, reply: 'Lisbon <b>bold</b>' });
  client = testClient(server.url);
  results = (
    await runLoad(client, [{ users: 1 }, { users: 3 }], {
      durationMs: 500,
      slos: [parseSlo('e2e.p95<=1ms')],
      scenarios: [memoryScenario(2, 'a<script>')],
    })
  ).results;
});
t.teardown(async () => {
  await client.close();
  await server.close();
});

t.test('section and charts', async (t) => {
  const charts = buildLoadCharts(results, 'en');
  t.same(
    charts.map((c) => c.id),
    ['load-latency', 'load-quality', 'load-throughput', 'load-timeseries', 'load-by-turn'],
  );
  t.same(JSON.parse(JSON.stringify(charts)), charts, 'chart configs are plain JSON');
  const latency = charts[0]!.config;
  t.equal(latency.data.labels!.length, 2);
  t.ok(
    latency.data.datasets.some((d) => d.label === 'SLO 1 ms'),
    'the latency goal is drawn',
  );
  const html = renderLoadSection(results, 'en', charts);
  t.match(html, /<section class="load" id="load">/);
  t.match(html, /No level met every SLO/);
  t.equal((html.match(/<tr><td class="num">|<tr><td>/g) ?? []).length >= 4, true, 'two level rows and two health rows');
  t.match(html, /data-chart="load-timeseries"/);
  t.notMatch(html, /<script>/, 'nothing unescaped');
  t.match(renderLoadSection(results, 'zh-CN', buildLoadCharts(results, 'zh-CN')), /负载下表现/);
  t.equal(renderLoadSection({ ...results, load: undefined }, 'en', []), '', 'no section without load results');
  t.same(buildLoadCharts({ ...results, load: undefined }, 'en'), []);
  const text = renderLoadSummary(results.load!, {
    green: String,
    red: String,
    yellow: String,
    dim: String,
    bold: String,
  } as never);
  t.match(text, /FAIL/);
  t.match(text, /Knee: no level met every SLO/);
});
