// Report benchmark: a 1,000-conversation x 6-turn run rendered to HTML and PNG, and the page
// opened in headless Chromium from file://. Prints one JSON object. Not a test: numbers vary
// with the machine; the budget is < 5 MB and a quick open.
//   node --import tsx bench/report.ts [--conversations 1000] [--turns 6] [--thinking-chars 4000]
// --thinking-chars N gives every turn thinking text of typically N characters (N/2..2N, mostly
// Chinese), as a Qwen3 run with enable_thinking records; without it thinking is short and rare.
import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { renderHtmlReport, writeHtmlReport } from '../src/report/html/index.js';
import { writePngCharts } from '../src/report/png/index.js';
import { syntheticResults } from '../test/helpers/synthetic-results.js';

const { values } = parseArgs({
  options: {
    conversations: { type: 'string', default: '1000' },
    turns: { type: 'string', default: '6' },
    lang: { type: 'string', default: 'zh-CN' },
    'thinking-chars': { type: 'string' },
  },
});
const conversations = Number(values.conversations);
const turns = Number(values.turns);
const lang = values.lang === 'en' ? 'en' : 'zh-CN';
const thinkingChars = values['thinking-chars'] === undefined ? undefined : Number(values['thinking-chars']);
if (thinkingChars !== undefined && !(Number.isInteger(thinkingChars) && thinkingChars > 0))
  throw new Error(`--thinking-chars must be a positive integer, got ${values['thinking-chars']}`);

const results = syntheticResults({ conversations, turns, seed: 1000, xss: true, thinkingChars });
const reasoningChars = results.turns.reduce((sum, t) => sum + (t.reasoning?.length ?? 0), 0);
const baseline = syntheticResults({ conversations, turns, seed: 1001, latencyScale: 0.9 });
const dir = mkdtempSync(join(tmpdir(), 'chatproof-bench-report-'));

const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;
let t0 = process.hrtime.bigint();
renderHtmlReport(results, { lang, baseline });
const renderMs = ms(t0);
const htmlPath = await writeHtmlReport(results, dir, { lang, baseline });
const htmlBytes = statSync(htmlPath).size;
t0 = process.hrtime.bigint();
const pngs = await writePngCharts(results, dir, { lang, baseline });
const pngMs = ms(t0);
const pngBytes = pngs.reduce((sum, p) => sum + statSync(p).size, 0);

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
  ],
});
const loads: Array<{ domContentLoadedMs: number; readyMs: number }> = [];
for (let i = 0; i < 3; i++) {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const start = Date.now();
  await page.goto(pathToFileURL(htmlPath).href, { waitUntil: 'domcontentloaded' });
  const domContentLoadedMs = Date.now() - start;
  await page.waitForFunction(() => (window as unknown as { __reportReady?: boolean }).__reportReady === true, null, {
    timeout: 60_000,
  });
  loads.push({ domContentLoadedMs, readyMs: Date.now() - start });
  await page.close();
}
await browser.close();

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  JSON.stringify(
    {
      conversations,
      turns,
      lang,
      turnRecords: results.turns.length,
      thinkingChars: thinkingChars ?? null,
      reasoningCharsInResults: reasoningChars,
      resultsJsonBytes: Buffer.byteLength(JSON.stringify(results)),
      htmlBytes,
      htmlUnder5MB: htmlBytes < 5 * 1024 * 1024,
      renderHtmlMs: Math.round(renderMs),
      pngCharts: pngs.length,
      pngBytes,
      writePngMs: Math.round(pngMs),
      browserDomContentLoadedMsMedian: median(loads.map((l) => l.domContentLoadedMs)),
      browserReadyMsMedian: median(loads.map((l) => l.readyMs)),
      browserLoads: loads,
      htmlPath,
    },
    null,
    2,
  ),
);
