// CI outputs: JUnit XML validated against the Jenkins/Ant JUnit XSD shape with xmllint (Debian
// libxml2-utils), the Markdown summary, compare.html's escaping and CSP.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { compareResults } from '../src/gate/compare.js';
import { renderCompareHtml } from '../src/report/compare-html.js';
import { renderJUnit } from '../src/report/junit.js';
import { escapeMarkdown, renderMarkdownSummary } from '../src/report/markdown.js';
import { syntheticResults, XSS_PAYLOADS } from './helpers/synthetic-results.js';

// The Jenkins JUnit XSD (dtkit junit-4.xsd), made stricter where the issue asks: testsuite
// requires failures, errors and time; testcase requires classname and time; failure and
// error require a message.
const XSD = `<?xml version="1.0" encoding="UTF-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="failure"><xs:complexType mixed="true">
    <xs:attribute name="type" type="xs:string" use="optional"/><xs:attribute name="message" type="xs:string" use="required"/>
  </xs:complexType></xs:element>
  <xs:element name="error"><xs:complexType mixed="true">
    <xs:attribute name="type" type="xs:string" use="optional"/><xs:attribute name="message" type="xs:string" use="required"/>
  </xs:complexType></xs:element>
  <xs:element name="skipped" type="xs:string"/>
  <xs:element name="system-out" type="xs:string"/>
  <xs:element name="system-err" type="xs:string"/>
  <xs:element name="testcase"><xs:complexType><xs:sequence>
    <xs:element ref="skipped" minOccurs="0" maxOccurs="1"/>
    <xs:element ref="error" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element ref="failure" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element ref="system-out" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element ref="system-err" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence>
    <xs:attribute name="name" type="xs:string" use="required"/>
    <xs:attribute name="classname" type="xs:string" use="required"/>
    <xs:attribute name="time" type="xs:decimal" use="required"/>
  </xs:complexType></xs:element>
  <xs:element name="testsuite"><xs:complexType><xs:sequence>
    <xs:element ref="testcase" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element ref="system-out" minOccurs="0" maxOccurs="1"/>
    <xs:element ref="system-err" minOccurs="0" maxOccurs="1"/>
  </xs:sequence>
    <xs:attribute name="name" type="xs:string" use="required"/>
    <xs:attribute name="tests" type="xs:nonNegativeInteger" use="required"/>
    <xs:attribute name="failures" type="xs:nonNegativeInteger" use="required"/>
    <xs:attribute name="errors" type="xs:nonNegativeInteger" use="required"/>
    <xs:attribute name="skipped" type="xs:nonNegativeInteger" use="optional"/>
    <xs:attribute name="time" type="xs:decimal" use="required"/>
  </xs:complexType></xs:element>
  <xs:element name="testsuites"><xs:complexType><xs:sequence>
    <xs:element ref="testsuite" minOccurs="0" maxOccurs="unbounded"/>
  </xs:sequence>
    <xs:attribute name="name" type="xs:string" use="optional"/>
    <xs:attribute name="time" type="xs:decimal" use="optional"/>
    <xs:attribute name="tests" type="xs:nonNegativeInteger" use="optional"/>
    <xs:attribute name="failures" type="xs:nonNegativeInteger" use="optional"/>
    <xs:attribute name="errors" type="xs:nonNegativeInteger" use="optional"/>
  </xs:complexType></xs:element>
</xs:schema>
`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'chatproof-junit-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
writeFileSync(path.join(dir, 'junit.xsd'), XSD);

function validate(xml: string, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, xml);
  try {
    return execFileSync('xmllint', ['--noout', '--schema', path.join(dir, 'junit.xsd'), file], { encoding: 'utf8', stdio: 'pipe' });
  } catch (error) {
    const e = error as { stderr?: string; code?: string };
    if (e.code === 'ENOENT') throw new Error('xmllint not found: install Debian/Ubuntu package libxml2-utils');
    throw new Error(`JUnit XML does not validate: ${e.stderr}`);
  }
}

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
  t.equal(cases, candidate.summary.slo.length + candidate.byCheck.length + candidate.conversations.length + comparison.rows.length);
  const sloFailures = candidate.summary.slo.filter((v) => v.passed === false).length;
  const sloSuite = /<testsuite name="chatproof.slo" tests="(\d+)" failures="(\d+)"/.exec(xml)!;
  t.equal(Number(sloSuite[1]), candidate.summary.slo.length);
  t.equal(Number(sloSuite[2]), sloFailures);
  const interrupted = candidate.conversations.filter((c) => c.status === 'interrupted').length;
  t.match(xml, new RegExp(`<testsuite name="chatproof.conversations" tests="\\d+" failures="0" errors="${interrupted}"`));
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
  t.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;; script-src &#39;sha256-/);
  t.notOk(html.includes(XSS_PAYLOADS[0]), 'run id escaped');
  t.notOk(html.includes(XSS_PAYLOADS[1]), 'model escaped');
  t.notOk(/sourceMappingURL/.test(html), 'no source map reference');
  t.equal(html.match(/<script>/g)!.length, 2, 'exactly two inline scripts: chart.js and the page script');
  const data = /<script type="application\/json" id="compare-data">([\s\S]*?)<\/script>/.exec(html)![1];
  const charts = JSON.parse(data) as Array<{ id: string }>;
  t.ok(charts.some((c) => c.id === 'e2e-cdf'), 'end-to-end CDF chart');
});
