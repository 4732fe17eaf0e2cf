// The HTML report in a real browser (headless Chromium from file://, as a PM would open it):
// charts drawn, transcripts and their filter working, injected markup inert, Chinese UI.
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { writeHtmlReport } from '../../../src/report/html/index.js';
import { isFailedConversation } from '../../../src/report/html/transcript-data.js';
import { launchChromium, type OpenedReport, openReport } from '../../helpers/chromium.js';
import { syntheticResults, XSS_PAYLOADS } from '../../helpers/synthetic-results.js';

const ARTIFACTS = join(process.cwd(), 'reports', 'test-artifacts');
mkdirSync(ARTIFACTS, { recursive: true });
const dir = mkdtempSync(join(tmpdir(), 'chatproof-report-html-'));

const results = syntheticResults({ conversations: 60, turns: 6, seed: 11, xss: true });
const baseline = syntheticResults({ conversations: 40, turns: 6, seed: 5, latencyScale: 0.8 });
const enPath = await writeHtmlReport(results, join(dir, 'en'), { baseline });
// compressAboveBytes: 0 forces the gzip path a 1,000-conversation report takes.
const zhPath = await writeHtmlReport(results, join(dir, 'zh'), { lang: 'zh-CN', compressAboveBytes: 0 });
const emptyPath = await writeHtmlReport(syntheticResults({ conversations: 0, turns: 6, seed: 1 }), join(dir, 'empty'));

const browser: Browser = await launchChromium();
t.teardown(() => browser.close());

const open = (path: string): Promise<OpenedReport> => openReport(browser, path);

/** Non-transparent pixels of every chart canvas (chart.js draws on a transparent canvas). */
async function inkPerCanvas(page: Page): Promise<Record<string, number>> {
  return page.evaluate(() => {
    const out: Record<string, number> = {};
    for (const canvas of Array.from(document.querySelectorAll<HTMLCanvasElement>('canvas[data-chart]'))) {
      const ctx = canvas.getContext('2d')!;
      const pixels = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let ink = 0;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) ink++;
      out[canvas.dataset.chart!] = ink;
    }
    return out;
  });
}

const en = await open(enPath);
t.teardown(() => en.page.close());

t.test('English report loads clean from file://', async (t) => {
  t.same(en.errors, [], 'no console errors or CSP violations');
  t.same(en.requests, [], 'no network requests');
  t.same(await en.page.evaluate(() => (window as unknown as { __reportErrors: string[] }).__reportErrors), []);
  const csp = await en.page.getAttribute('meta[http-equiv="Content-Security-Policy"]', 'content');
  t.match(csp, /default-src 'none'/);
  t.notMatch(csp, /unsafe-inline|unsafe-eval/);
});

t.test('verdict first, in words', async (t) => {
  const line = (await en.page.textContent('h1.verdict-line'))!;
  t.equal(await en.page.getAttribute('h1.verdict-line', 'data-verdict'), results.summary.verdict);
  t.match(line, results.summary.verdict === 'fail' ? /FAIL/ : /PASS|NO VERDICT/);
  const cards = await en.page.locator('.slo').allTextContents();
  t.equal(cards.length, results.summary.slo.length, 'one card per SLO');
  t.ok(
    cards.some(
      (c) =>
        /Context accuracy/.test(c) && /goal ≥ 90%/.test(c) && /confidence interval/.test(c) && /n = \d+ checks/.test(c),
    ),
  );
});

t.test('every chart is drawn', async (t) => {
  const ink = await inkPerCanvas(en.page);
  t.equal(Object.keys(ink).length, 8, 'eight charts');
  for (const [id, pixels] of Object.entries(ink)) t.ok(pixels > 2000, `${id} has ink (${pixels} px)`);
});

t.test('baseline deltas beside the figures', async (t) => {
  const deltas = await en.page.locator('[data-delta]').allTextContents();
  t.ok(deltas.length >= results.summary.slo.length + 5, `${deltas.length} deltas`);
  t.ok(deltas.some((d) => /vs baseline/.test(d)));
  t.match((await en.page.textContent('#identity'))!, /Compared with run synthetic-5/);
});

t.test('transcripts, show more, and the failures-only filter', async (t) => {
  const page = en.page;
  t.equal(await page.locator('details.conv').count(), 50, 'first page of conversations');
  t.match((await page.textContent('#conversations'))!, results.turns[0].user.slice(0, 10));
  await page.click('#show-more');
  t.equal(await page.locator('details.conv').count(), 60, 'show more adds the rest');

  const expected = results.conversations.filter((c) => isFailedConversation(c, results)).map((c) => c.id);
  t.ok(expected.length > 0 && expected.length < results.conversations.length, 'the data has both kinds');
  await page.click('button[data-filter="failures"]');
  const shown = await page
    .locator('details.conv')
    .evaluateAll((els) => els.map((e) => [(e as HTMLElement).dataset.conv, (e as HTMLElement).dataset.failed]));
  t.same(
    shown.map((s) => s[0]),
    expected,
    'exactly the failed conversations',
  );
  t.ok(shown.every((s) => s[1] === '1'));
  t.ok((await page.locator('.badge-interrupted').count()) >= 1, 'interrupted conversations are listed');
  t.ok(await page.locator('.check-fail').first().isVisible(), 'failed checks are visible without another click');
  t.match((await page.locator('.check-fail').first().textContent())!, /Expected .+; got .+\./);
  await page.click('button[data-filter="all"]');
  t.equal(await page.locator('details.conv').count(), 50);
});

t.test('thinking is folded apart from the answer', async (t) => {
  const thinking = en.page.locator('details.thinking').first();
  t.equal(await thinking.getAttribute('open'), null, 'folded by default');
  t.notOk(await thinking.locator('p.text').isVisible());
});

t.test('injected markup shows as text and never runs', async (t) => {
  const page = en.page;
  await page
    .locator('details.conv')
    .first()
    .evaluate((d) => ((d as HTMLDetailsElement).open = true));
  t.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined, 'no payload ran');
  const replies = (await page.locator('details.conv').first().locator('p.reply').allTextContents()).join('\n');
  for (const payload of XSS_PAYLOADS.slice(0, 3)) t.ok(replies.includes(payload), `visible as text: ${payload}`);
  t.match((await page.textContent('#identity'))!, XSS_PAYLOADS[2], 'scenario description as text');
  const injected = await page.evaluate(() => document.querySelectorAll('img, iframe, svg, main script').length);
  t.equal(injected, 0, 'no element created from a payload');
  // The CSP itself blocks inline handlers, even ones that escaping would have missed.
  const probe = await browser.newPage();
  await probe.goto(pathToFileURL(enPath).href);
  await probe.evaluate(() =>
    document.body.insertAdjacentHTML(
      'beforeend',
      '<img src="data:," onerror="window.__csp = 1"><img src="x:" onerror="window.__csp = 2">',
    ),
  );
  await probe.waitForTimeout(200);
  t.equal(
    await probe.evaluate(() => (window as unknown as { __csp?: unknown }).__csp),
    undefined,
    'CSP blocks inline handlers',
  );
  // Control: without the CSP the same probe does run, so the check above means something.
  await probe.goto('about:blank');
  await probe.evaluate(() =>
    document.body.insertAdjacentHTML('beforeend', '<img src="data:," onerror="window.__csp = 1">'),
  );
  await probe.waitForFunction(() => (window as unknown as { __csp?: unknown }).__csp === 1, null, { timeout: 5_000 });
  t.pass('the probe runs on a page without the CSP');
  await probe.close();
});

t.test('screenshot for people to look at', async (t) => {
  await en.page.evaluate(() => window.scrollTo(0, 0));
  await en.page.screenshot({ path: join(ARTIFACTS, 'report-en-top.png') });
  await en.page.screenshot({ path: join(ARTIFACTS, 'report-en-full.png'), fullPage: true });
  t.pass('written to reports/test-artifacts/');
});

t.test('Chinese report, transcripts gzipped', async (t) => {
  const zh = await open(zhPath);
  t.teardown(() => zh.page.close());
  t.same(zh.errors, []);
  t.equal(await zh.page.getAttribute('html', 'lang'), 'zh-CN');
  t.match((await zh.page.textContent('h1.verdict-line'))!, /通过/);
  t.match((await zh.page.textContent('#goals'))!, /上下文准确率/);
  t.match((await zh.page.textContent('button[data-filter="failures"]'))!, /只看失败/);
  t.match((await zh.page.textContent('#per-turn'))!, /各轮延迟/);
  t.ok(
    await zh.page.evaluate(() => document.getElementById('transcript-data')!.textContent!.includes('"gz"')),
    'transcripts were compressed',
  );
  t.equal(await zh.page.locator('details.conv').count(), 50);
  t.match((await zh.page.textContent('#conversations'))!, /小杰/);
  t.match((await zh.page.textContent('#conversations'))!, /第 1 轮/);
  const ink = await inkPerCanvas(zh.page);
  for (const [id, pixels] of Object.entries(ink)) t.ok(pixels > 2000, `${id} drawn`);
  await zh.page.screenshot({ path: join(ARTIFACTS, 'report-zh-top.png') });
});

t.test('a run with no conversations opens without errors', async (t) => {
  const empty = await open(emptyPath);
  t.teardown(() => empty.page.close());
  t.same(empty.errors, []);
  t.same(await empty.page.evaluate(() => (window as unknown as { __reportErrors: string[] }).__reportErrors), []);
  t.equal(await empty.page.getAttribute('h1.verdict-line', 'data-verdict'), 'unknown');
  t.equal(await empty.page.locator('details.conv').count(), 0);
});
