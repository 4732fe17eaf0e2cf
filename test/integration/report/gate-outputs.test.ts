// CI outputs: JUnit XML validated against the Jenkins/Ant JUnit XSD shape with xmllint (Debian
// libxml2-utils), the Markdown summary, compare.html's escaping and CSP.
import t from 'tap';
import { compareResults } from '../../../src/compare/eval-runs.js';
import { renderCompareHtml } from '../../../src/report/compare-html.js';
import { renderJUnit } from '../../../src/report/junit.js';
import { escapeMarkdown, renderMarkdownSummary } from '../../../src/report/markdown.js';
import { junitValidator } from '../../helpers/junit-xsd.js';
import { syntheticResults, XSS_PAYLOADS } from '../../helpers/synthetic-results.js';

const { validate, cleanup } = junitValidator();
t.teardown(cleanup);

const baseline = syntheticResults({ conversations: 12, turns: 6, seed: 1, lang: 'en' });
const candidate = syntheticResults({ conversations: 12, turns: 6, seed: 2, lang: 'en', xss: true, latencyScale: 1.3 });
const comparison = compareResults(baseline, candidate);

t.test('JUnit XML validates against the JUnit XSD and counts right', async (t) => {
  const xml = renderJUnit(candidate, comparison);
  t.doesNotThrow(() => validate(xml, 'with-comparison.xml'));
  t.doesNotThrow(() => validate(renderJUnit(baseline), 'plain.xml'));
  // The check has teeth: a test case without classname, or a failure without message, fails.
  t.throws(() => validate(xml.replace(/ classname="[^"]*"/, ''), 'no-classname.xml'), /does not validate/);
  t.throws(() => validate(xml.replace(/<failure message="[^"]*"/, '<failure'), 'no-message.xml'), /does not validate/);
  // One test case per SLO, per check, per conversation and per compared figure.
  const cases = xml.match(/<testcase /g)!.length;
  t.equal(
    cases,
    candidate.summary.slo.length + candidate.byCheck.length + candidate.conversations.length + comparison.rows.length,
  );
  const sloFailures = candidate.summary.slo.filter((v) => v.passed === false).length;
  const sloSuite = /<testsuite name="chatproof.slo" tests="(\d+)" failures="(\d+)"/.exec(xml)!;
  t.equal(Number(sloSuite[1]), candidate.summary.slo.length);
  t.equal(Number(sloSuite[2]), sloFailures);
  const interrupted = candidate.conversations.filter((c) => c.status === 'interrupted').length;
  t.match(
    xml,
    new RegExp(`<testsuite name="chatproof.conversations" tests="\\d+" failures="0" errors="${interrupted}"`),
  );
  // Payloads in check names and found text are escaped, never raw markup.
  for (const payload of XSS_PAYLOADS.slice(0, 5)) t.notOk(xml.includes(payload), `escaped: ${payload}`);
});

t.test('Markdown summary: verdict, SLO table, comparison and escaped names', async (t) => {
  const md = renderMarkdownSummary(candidate, comparison);
  t.match(md, /^## .* chatproof: (FAIL|CHECK|PASS)/);
  t.match(md, /\| figure \| baseline \| candidate \| change \| bounds \| samples \| verdict \|/);
  t.match(md, /Bonferroni/);
  t.equal(escapeMarkdown('a|b<script>'), 'a\\|b&lt;script&gt;');
  t.notOk(md.includes('<script>'), 'no raw script tag');
});

t.test('compare.html: strict CSP, every run text escaped, chart data as JSON', async (t) => {
  const hostile = structuredClone(candidate);
  hostile.run.runId = XSS_PAYLOADS[0];
  hostile.run.target.model = XSS_PAYLOADS[1];
  const html = renderCompareHtml(baseline, hostile, compareResults(baseline, hostile));
  t.match(
    html,
    /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/,
  );
  t.notOk(html.includes(XSS_PAYLOADS[0]), 'run id escaped');
  t.notOk(html.includes(XSS_PAYLOADS[1]), 'model escaped');
  t.notOk(/sourceMappingURL/.test(html), 'no source map reference');
  t.equal(html.match(/<script>/g)!.length, 2, 'exactly two inline scripts: chart.js and the page script');
  const data = /<script type="application\/json" id="compare-data">([\s\S]*?)<\/script>/.exec(html)![1];
  const charts = JSON.parse(data) as Array<{ id: string }>;
  t.ok(
    charts.some((c) => c.id === 'e2e-cdf'),
    'end-to-end CDF chart',
  );
});
