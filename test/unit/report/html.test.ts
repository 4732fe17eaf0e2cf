// Pure parts of the HTML report: escaping, data embedding, CSP hashes, wording, edge cases.
import { createHash } from 'node:crypto';
import t from 'tap';
import { redactUrl } from '../../../src/core/redact.js';
import type { Results } from '../../../src/core/types.js';
import { chartJsSource, runtimeSource } from '../../../src/report/html/assets.js';
import { buildCharts } from '../../../src/report/html/charts/index.js';
import { escapeHtml, jsonForScript } from '../../../src/report/html/escape.js';
import { formatDuration, formatMs, formatPercent } from '../../../src/report/html/format.js';
import { renderHtmlReport } from '../../../src/report/html/index.js';
import { metricDelta, metricLabel } from '../../../src/report/html/metrics.js';
import { sloSentence } from '../../../src/report/html/sections/verdict.js';
import { STYLE } from '../../../src/report/html/style.js';
import { buildTranscriptData, embedTranscripts } from '../../../src/report/html/transcript-data.js';
import { syntheticResults, XSS_PAYLOADS } from '../../helpers/synthetic-results.js';

const small = syntheticResults({ conversations: 12, turns: 6, seed: 3, xss: true });

t.test('escapeHtml', async (t) => {
  t.equal(
    escapeHtml(`<a href="x" onclick='y'>&</a>`),
    '&lt;a href=&quot;x&quot; onclick=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
  );
  t.equal(escapeHtml(undefined), '');
  t.equal(escapeHtml(42), '42');
});

t.test('jsonForScript cannot end its script element and round-trips', async (t) => {
  const value = { payloads: XSS_PAYLOADS, zh: '中文\u2028\u2029', amp: 'a&b' };
  const json = jsonForScript(value);
  t.notMatch(json, /[<>&\u2028\u2029]/);
  t.same(JSON.parse(json), value);
});

t.test('redactUrl keeps the host and drops credentials', async (t) => {
  t.equal(
    redactUrl('https://user:pw@api.example.com/v1?api_key=abc&model=x'),
    'https://api.example.com/v1?api_key=[redacted]&model=x',
  );
  t.equal(redactUrl('http://127.0.0.1:8000/v1'), 'http://127.0.0.1:8000/v1');
  t.equal(redactUrl('not a url //u:p@host?token=1'), 'not a url //host?token=[redacted]');
});

t.test('formatting', async (t) => {
  t.equal(formatMs(742.4, 'en'), '742 ms');
  t.equal(formatMs(12_345, 'en'), '12.3 s');
  t.equal(formatMs(null, 'en'), '—');
  t.equal(formatPercent(0.9, 'en'), '90%');
  t.equal(formatPercent(0.9312, 'en'), '93.1%');
  t.equal(formatDuration(252_000, 'en'), '4 min 12 s');
  t.equal(formatDuration(252_000, 'zh-CN'), '4 分 12 秒');
});

t.test('metric names and deltas read as words', async (t) => {
  t.equal(metricLabel('latency.e2eMs.p95', 'en'), 'P95 response time (end-to-end)');
  t.equal(metricLabel('latency.ttftMs.mean', 'zh-CN'), '平均 首字延迟');
  t.equal(metricLabel('contextAccuracy', 'zh-CN'), '上下文准确率');
  t.equal(metricLabel('something.else', 'en'), 'something.else');
  t.same(metricDelta('latency.e2eMs.p95', 900, 800, 'en'), { text: '+100 ms', direction: 'worse' });
  t.same(metricDelta('contextAccuracy', 0.95, 0.9, 'en'), { text: '+5 pts', direction: 'better' });
  t.same(metricDelta('interruptionRate', 0.01, 0.02, 'en'), { text: '−1 pts', direction: 'better' });
  t.equal(metricDelta('contextAccuracy', 0.9, 0.9, 'en')?.direction, 'same');
  t.equal(metricDelta('contextAccuracy', null, 0.9, 'en'), null);
  const v = { metric: 'contextAccuracy', op: '>=' as const, threshold: 0.9, actual: 0.93, passed: true, source: '' };
  t.equal(sloSentence(v, 'en'), 'Context accuracy 93% (goal ≥ 90%) — met');
  t.equal(sloSentence(v, 'zh-CN'), '上下文准确率 93%（目标 ≥ 90%）：达成');
});

t.test('the CSP allows exactly the inline script and style it carries', async (t) => {
  const html = renderHtmlReport(small);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)![1].replace(/&#39;/g, "'");
  const hash = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
  t.match(csp, hash(chartJsSource()));
  t.match(csp, hash(runtimeSource()));
  t.match(csp, hash(STYLE));
  t.match(csp, /default-src 'none'/);
  t.notMatch(csp, /unsafe|https?:/);
  // Every executable inline script is one of the two hashed ones.
  const scripts = [...html.matchAll(/<script(?![^>]*application\/json)[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  t.same(scripts, [chartJsSource(), runtimeSource()]);
  t.notMatch(chartJsSource(), /sourceMappingURL/, 'no source map request');
});

t.test('untrusted text never reaches markup unescaped', async (t) => {
  const html = renderHtmlReport(small, { lang: 'zh-CN' });
  for (const payload of XSS_PAYLOADS.slice(0, 5)) t.notOk(html.includes(payload), `raw payload absent: ${payload}`);
  t.equal((html.match(/<\/script>/g) ?? []).length, 4, 'only the four script elements close');
  t.match(html, /&lt;\/script&gt;&lt;script&gt;window.__xss = 3/, 'scenario description escaped in markup');
});

t.test('generated-model banner', async (t) => {
  const plain = renderHtmlReport(small);
  t.notMatch(plain, /id="generated-model"/);
  const generated: Results = {
    ...small,
    run: { ...small.run, options: { ...small.run.options, generatedModel: true } },
  };
  t.match(
    renderHtmlReport(generated),
    new RegExp(
      'id="generated-model"[^>]*>⚠ Generated test model: figures from a generated test model show plumbing ' +
        'and latency only, never model quality',
    ),
  );
  t.match(renderHtmlReport(generated, { lang: 'zh-CN' }), /绝不代表模型质量/);
});

t.test('an empty run and a run without goals still render', async (t) => {
  const empty = syntheticResults({ conversations: 0, turns: 6, seed: 1 });
  t.equal(empty.turns.length, 0);
  const html = renderHtmlReport(empty);
  t.match(html, /data-verdict="unknown"/);
  t.equal(buildCharts(empty, 'en').length, 8);
  const noGoals: Results = { ...small, summary: { ...small.summary, slo: [], verdict: 'unknown' } };
  t.match(renderHtmlReport(noGoals), /No goals were set for this run/);
});

t.test('transcript data: interned, compressed when large', async (t) => {
  const data = buildTranscriptData(small);
  t.equal(data.list.length, small.conversations.length);
  t.equal(new Set(data.str).size, data.str.length, 'each string stored once');
  const firstUser = small.turns[0].user;
  t.equal(data.str[data.list[0].t[0].u], firstUser);
  t.ok('json' in embedTranscripts(data, 10_000_000));
  const gz = embedTranscripts(data, 0);
  t.ok('gz' in gz && /^[A-Za-z0-9+/=]+$/.test(gz.gz));
});

t.test('synthetic results obey their own summary', async (t) => {
  const r = syntheticResults({ conversations: 200, turns: 6, seed: 9 });
  t.equal(r.conversations.length, 200);
  t.equal(r.summary.conversations.total, 200);
  t.ok(r.summary.conversations.interrupted >= 2, 'a few interrupted conversations');
  t.ok(
    r.turns.some((turn) => turn.checks.some((c) => !c.passed)),
    'some failed checks',
  );
  t.ok(
    r.turns.every((turn) => turn.timing.contentChunkOffsetsMs.length === 0),
    'chunk offsets stripped as in results.json',
  );
  t.same(
    syntheticResults({ conversations: 20, turns: 6, seed: 4 }),
    syntheticResults({ conversations: 20, turns: 6, seed: 4 }),
    'seeded',
  );
  const en = syntheticResults({ conversations: 5, turns: 8, seed: 2, lang: 'en' });
  t.match(en.turns[0].user, /Jay/);
  t.equal(en.byTurn.length, 8);
});

t.test('several scenarios: each gets its own verdict line, and a missed goal says by how much', async (t) => {
  const other = {
    scenario: 'second-scenario',
    summary: {
      ...small.summary,
      verdict: 'pass' as const,
      slo: small.summary.slo.map((v) => ({ ...v, passed: true })),
    },
  };
  const multi: Results = { ...small, byScenario: [...small.byScenario, other] };
  const html = renderHtmlReport(multi);
  t.match(html, /<ul class="per-scenario">/);
  t.match(html, /<strong>second-scenario<\/strong>: ✓ PASS/);
  t.notMatch(renderHtmlReport(small), /per-scenario"/, 'one scenario: no list');
  const failing: Results = {
    ...small,
    summary: {
      ...small.summary,
      slo: [{ metric: 'latency.e2eMs.p95', op: '<=', threshold: 800, actual: 1000, passed: false, source: '' }],
      verdict: 'fail',
    },
  };
  t.match(renderHtmlReport(failing), /<p class="slo-gap">200 ms above the goal<\/p>/);
  t.match(renderHtmlReport(failing, { lang: 'zh-CN' }), /比目标高 200 ms/);
});

t.test('a verdict whose confidence interval crosses the goal is flagged', async (t) => {
  const ci = { passed: 1, total: 60, rate: 1 / 60, ci95: { low: 0.003, high: 0.089 } };
  const r: Results = {
    ...small,
    summary: {
      ...small.summary,
      interruptionRate: 1 / 60,
      interruptions: ci,
      slo: [{ metric: 'interruptionRate', op: '<=', threshold: 0.02, actual: 1 / 60, passed: true, source: '' }],
    },
  };
  const flagged = renderHtmlReport(r);
  t.match(flagged, /class="slo-caveat">Only 60 conversations: the interval crosses the goal/);
  t.match(flagged, /slo-tentative[\s\S]*met, not settled/, 'one status word, not "met" beside "not conclusive"');
  t.notMatch(flagged, />met<\/p>|> met</);
  const sure: Results = {
    ...r,
    summary: { ...r.summary, interruptions: { ...ci, ci95: { low: 0.001, high: 0.015 } } },
  };
  t.notMatch(renderHtmlReport(sure), /slo-caveat"/);
});
