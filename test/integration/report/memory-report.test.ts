// A real run that forgot the film (the fixture server plays the breakup dialogue and forgets at
// the recall turn), read as a PM would: in Chromium at 1280 and 390 px, with and without
// JavaScript, in English and Chinese, and in the terminal.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import t from 'tap';
import { startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { evalCommand } from '../../../src/cli/commands/eval.js';
import { reportCommand } from '../../../src/cli/commands/report.js';
import type { Results } from '../../../src/core/types.js';
import { launchChromium, openReport } from '../../helpers/chromium.js';
import { tempDir } from '../../helpers/eval-harness.js';
import { forgetfulBreakupReply } from '../../helpers/forgetful-replies.js';

const server = await startFixtureServer({ ttftMs: 5, itlMs: 1, reply: forgetfulBreakupReply });
t.teardown(() => server.close());
const root = tempDir('chatproof-memory-report-');

function sink() {
  const out: string[] = [];
  return { out, io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: () => true } } };
}

async function evalRun(name: string, extra: string[] = []): Promise<{ dir: string; stdout: string; code: number }> {
  const dir = join(root, name);
  const s = sink();
  const code = await evalCommand(
    ['scenarios/breakup.yaml', '--target', server.url, '--model', 'fixture', '--out', dir, ...extra],
    s.io,
  );
  return { dir, stdout: s.out.join(''), code };
}

const run = await evalRun('forgot');
const results: Results = JSON.parse(readFileSync(join(run.dir, 'results.json'), 'utf8'));
const zhCode = await reportCommand([run.dir, '--lang', 'zh-CN'], sink().io);

const browser: Browser = await launchChromium();
t.teardown(() => browser.close());
const en = await openReport(browser, join(run.dir, 'index.html'));
t.teardown(() => en.page.close());

/** Passed/total of fact checks at a turn, counted straight from the turns of results.json. */
function expectedCell(fact: string, turn: number): string {
  const checks = results.turns
    .filter((r) => r.ok && r.turn === turn)
    .flatMap((r) => r.checks)
    .filter((c) => c.fact === fact);
  return `${checks.filter((c) => c.passed).length}/${checks.length}`;
}

t.test('the run forgot the film, and the terminal leads with it', async (t) => {
  t.equal(run.code, 1, 'context accuracy missed');
  const lines = run.stdout.split('\n').filter((l) => l.trim());
  t.match(lines[1], /^\s*FAIL — 1 of 3 SLOs missed/, 'the verdict right under the title line');
  const map = run.stdout.indexOf('Memory (remembered / asked');
  const failed = run.stdout.indexOf('What failed');
  const latency = run.stdout.indexOf('latency (ms)');
  t.ok(map > 0 && map < failed && failed < latency, 'memory map, then failures, then latency');
  t.match(run.stdout, /titanic: 最后一起看了《泰坦尼克号》\s+·\s+0\/3\s+·/);
  const firstFailure = run.stdout.slice(failed).split('\n')[1];
  t.match(firstFailure, /记得(电影是《泰坦尼克号》|他嫌电影太老).*\[memory\]\s+0\/3 runs passed · turn 7/);
  t.equal((run.stdout.match(/记得电影是《泰坦尼克号》/g) ?? []).length, 1, 'grouped: one line, not one per run');
});

t.test('--quiet keeps the verdict line and the report path', async (t) => {
  const quiet = await evalRun('quiet', ['--quiet', '--runs', '1']);
  t.same(quiet.stdout.trim().split('\n'), [
    'FAIL — 1 of 3 SLOs missed · breakup-zh',
    `report:  ${join(quiet.dir, 'index.html')}`,
    `results: ${join(quiet.dir, 'results.json')}`,
  ]);
});

t.test('memory map cells match results.json, and a red cell opens the failing reply', async (t) => {
  const page = en.page;
  t.same(en.errors, []);
  const cells = await page.locator('table.memory-map tbody tr[data-fact] td[data-total]').evaluateAll((tds) =>
    tds.map((td) => ({
      fact: (td.closest('tr') as HTMLElement).dataset.fact!,
      turn: Number((td as HTMLElement).dataset.turn),
      text: td.textContent!.trim(),
      cls: td.className,
    })),
  );
  t.equal(cells.length, 5, 'five facts, each asked once');
  for (const c of cells) t.equal(c.text, expectedCell(c.fact, c.turn), `${c.fact} at turn ${c.turn}`);
  const titanic = cells.find((c) => c.fact === 'titanic')!;
  t.same([titanic.turn, titanic.text], [7, '0/3']);
  t.match(titanic.cls, /mm-fail/);
  t.match(cells.find((c) => c.fact === 'breakup')!.cls, /mm-pass/);

  // Seen without scrolling at 1280 x 900: the map's red cell and the first finding.
  const box = await page.locator('tr[data-fact="titanic"] td.mm-fail').boundingBox();
  t.ok(box && box.y + box.height <= 900, `titanic cell above the fold (y=${box?.y})`);
  const first = (await page.locator('ol.findings li').first().textContent())!;
  t.match(first, /Forgot “.*(泰坦尼克号|太老).*” \((titanic|too-old)\) in 3 of 3 conversations at turn 7/);

  await page.click('tr[data-fact="titanic"] td.mm-fail a');
  const target = page.locator('.turn-target');
  await target.waitFor();
  t.equal(await target.getAttribute('data-turn'), '7');
  t.ok(await target.isVisible(), 'the reply is on screen, its conversation opened');
  t.match((await target.textContent())!, /不太记得是哪部电影/);
  t.ok(await target.locator('.check-memory.check-fail .memory-mark').count(), 'memory checks are marked');
});

t.test('transcripts: the heading names the memory loss, the check says expected vs got once', async (t) => {
  const page = en.page;
  const heading = (await page.locator('details.conv .conv-first-failure').first().textContent())!;
  t.match(heading, /Turn 7: 记得.*\(memory\)/, 'memory first, not the first failure in turn order');
  const why = (await page.locator('.turn-target .check-fail.check-memory .why').first().textContent())!;
  t.match(why, /^Expected the reply mentions one of "泰坦尼克", "Titanic", "铁达尼"; got none of them\.$/);
  t.equal((why.match(/泰坦尼克/g) ?? []).length, 1, 'the term list once, not twice');
  // A passed memory check marks what it found in the reply.
  const t3marks = await page.locator('[id$="-3"] .reply mark.hit-pass').allTextContents();
  t.ok(
    t3marks.some((m) => /泰坦尼克|电影/.test(m)),
    `turn 3 marks ${t3marks.join(', ')}`,
  );
});

async function barWidths(page: Page, id: string): Promise<number[]> {
  return page.evaluate((chartId) => {
    const canvas = document.querySelector(`canvas[data-chart="${chartId}"]`) as HTMLCanvasElement;
    const chart = (window as unknown as { Chart: { getChart(c: HTMLCanvasElement): any } }).Chart.getChart(canvas);
    return chart.getDatasetMeta(0).data.map((bar: { x: number; base: number }) => Math.abs(bar.x - bar.base));
  }, id);
}

t.test('charts: 0% bars visible, no label cut, empty chart replaced by a line of text', async (t) => {
  const page = en.page;
  const rates = results.byCheck.map((r) => r.checks.rate);
  t.ok(rates.includes(0), 'the data has 0% checks');
  const widths = await barWidths(page, 'accuracy-by-check');
  rates.forEach((rate, i) => {
    if (rate === 0) t.ok(widths[i]! >= 3, `0% bar ${i} is ${widths[i]} px wide`);
  });
  // Every y label line fits left of its axis edge: nothing clipped at the canvas' left side.
  for (const id of ['accuracy-by-check', 'accuracy-by-fact']) {
    const cut = await page.evaluate((chartId) => {
      const canvas = document.querySelector(`canvas[data-chart="${chartId}"]`) as HTMLCanvasElement;
      const Chart = (window as unknown as { Chart: any }).Chart;
      const chart = Chart.getChart(canvas);
      const y = chart.scales.y;
      chart.ctx.font = Chart.helpers.toFont(y.options.ticks.font).string;
      const lines: string[] = chart.data.labels.flat();
      return lines.filter((l) => chart.ctx.measureText(l).width > y.right - 4);
    }, id);
    t.same(cut, [], `${id}: no label wider than its axis`);
  }
  t.equal(await page.locator('canvas[data-chart="interruptions"]').count(), 0, 'no empty interruptions chart');
  t.match((await page.locator('[data-empty-chart="interruptions"]').textContent())!, /No interruptions/);
});

t.test('per-turn table and run options in plain words', async (t) => {
  const page = en.page;
  const rows = await page.locator('.per-turn-table tbody tr').count();
  t.equal(rows, 8, 'one row per turn');
  const t7 = (await page.locator('.per-turn-table tr[data-turn="7"]').textContent())!;
  t.match(t7, /6 earlier turns/);
  t.match(t7, /0\/6 \(0%\)$/, 'turn 7 memory checks: film and "too old", 3 runs each');
  const identity = (await page.textContent('#identity'))!;
  t.notMatch(identity, new RegExp(results.run.runId), 'no run id in "Started"');
  t.notMatch(identity, /[{}]|= true|modelPath/, 'no raw option values');
});

t.test('390 px: no horizontal scroll; print: A4 stylesheet hides the controls', async (t) => {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  t.teardown(() => page.close());
  await page.goto(pathToFileURL(join(run.dir, 'index.html')).href);
  await page.waitForFunction(() => (window as unknown as { __reportReady?: boolean }).__reportReady === true);
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  t.ok(width <= 390, `page is ${width} px wide`);
  const box = await page.locator('tr[data-fact="titanic"] td.mm-fail').boundingBox();
  t.ok(box && box.x + box.width <= 390, 'the red cell fits the screen');
  await page.emulateMedia({ media: 'print' });
  t.equal(await page.locator('.filters').evaluate((e) => getComputedStyle(e).display), 'none');
  t.equal(await page.evaluate(() => document.documentElement.scrollWidth <= 800), true);
});

t.test('without JavaScript: PNG charts and readable transcripts', async (t) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
  t.teardown(() => context.close());
  const page = await context.newPage();
  await page.goto(pathToFileURL(join(run.dir, 'index.html')).href);
  await page.waitForLoadState('load');
  const images = await page
    .locator('img.chart-png')
    .evaluateAll((imgs) =>
      imgs.map((i) => ({ src: (i as HTMLImageElement).src, w: (i as HTMLImageElement).naturalWidth })),
    );
  t.ok(images.length >= 5, `${images.length} chart images`);
  for (const img of images) t.ok(img.w > 0, `${img.src.split('/').pop()} loaded`);
  t.equal(await page.locator('canvas').first().isVisible(), false, 'no blank canvas boxes');
  const text = (await page.textContent('.static-transcripts'))!;
  t.match(text, /不太记得是哪部电影/);
  t.match(text, /Expected the reply mentions one of/);
});

t.test('Chinese page: linked to the English one, no English words in built-in check details', async (t) => {
  t.equal(zhCode, 0, 'report --lang zh-CN');
  const zh = await openReport(browser, join(run.dir, 'index.zh-CN.html'));
  t.teardown(() => zh.page.close());
  t.same(zh.errors, []);
  t.equal(await zh.page.getAttribute('#langs a', 'href'), 'index.html');
  t.equal(await en.page.getAttribute('#langs a', 'href'), 'index.zh-CN.html', 'and back');
  await zh.page.click('button[data-filter="failures"]');
  const details = await zh.page.locator('.check-fail .why').allTextContents();
  t.ok(details.length >= 9, `${details.length} failed checks`);
  for (const d of details) {
    t.notMatch(d, /\b(none|of|found|expected|missing|the reply|letters|one)\b/i, d);
    t.match(d, /^期望.*；实际.*。$/);
  }
  t.match((await zh.page.textContent('ol.findings li'))!, /第 7 轮忘了/);
});

t.test('streaming off: first token and ITL say "not measured", their SLOs never pass', async (t) => {
  const plain = await evalRun('no-stream', ['--no-stream', '--runs', '1', '--slo', 'ttft.p95<=10s']);
  const r: Results = JSON.parse(readFileSync(join(plain.dir, 'results.json'), 'utf8'));
  t.equal(r.summary.slo.find((v) => v.metric === 'latency.ttftMs.p95')?.passed, null);
  t.match(plain.stdout, /time to first token\s+not measured \(replies not streamed\)/);
  t.match(plain.stdout, /N\/A\s+P95 time to first token/);
  const html = readFileSync(join(plain.dir, 'index.html'), 'utf8');
  t.match(html, /not measured \(replies were not streamed\)/);
  t.notMatch(html, /class="slo slo-pass[^"]*" role="group" aria-label="P95 time to first token"/);
});
