// Long thinking (enable_thinking) is cut per turn in the HTML report, with a note saying how
// much was left out and where the full text is; replies never are. Checked on the cut itself,
// on the data the page embeds, through `chatproof report`, and in real Chromium.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import t from 'tap';
import { reportCommand } from '../../../src/cli/commands/report.js';
import type { Results, TurnRecord } from '../../../src/core/types.js';
import { renderHtmlReport, writeHtmlReport } from '../../../src/report/html/index.js';
import { budgetLimits, cutThinking, resolveThinkingLimits } from '../../../src/report/html/thinking-cut.js';
import type { CompactTurn, TranscriptData } from '../../../src/report/html/transcript-data.js';
import { en } from '../../../src/report/i18n/en.js';
import { launchChromium, openReport, reportErrors } from '../../helpers/chromium.js';
import { syntheticResults, XSS_PAYLOADS } from '../../helpers/synthetic-results.js';

const codePoints = (s: string) => Array.from(s).length;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const isFailed = (rec: TurnRecord) => !rec.ok || rec.checks.some((c) => !c.passed);

/** The transcript data exactly as the page receives it (plain JSON or gzip+base64). */
function embedded(html: string): TranscriptData {
  const m = /<script type="application\/json" id="transcript-data">([\s\S]*?)<\/script>/.exec(html);
  const e = JSON.parse(m![1]) as { json?: TranscriptData; gz?: string };
  return e.json ?? JSON.parse(gunzipSync(Buffer.from(e.gz!, 'base64')).toString('utf8'));
}

/** Turns of the embedded data keyed like the records: "conversationId/turn". */
function turnsByKey(data: TranscriptData): Map<string, CompactTurn> {
  const out = new Map<string, CompactTurn>();
  for (const conv of data.list) for (const turn of conv.t) out.set(`${data.str[conv.id]}/${turn.n}`, turn);
  return out;
}

// A run with ~4,000-character thinking on every turn, plus hand-made turns for the edge cases.
const results: Results = syntheticResults({ conversations: 12, turns: 6, seed: 21, xss: true, thinkingChars: 4000 });
const byKey = new Map(results.turns.map((r) => [`${r.conversationId}/${r.turn}`, r]));
const EMOJI_AT_CUT = `${'a'.repeat(299)}😀${'思'.repeat(3700)}`; // the 300th character is a surrogate pair
const SHORT = 'short thought <b>not markup</b> & 🙂';
const LONG_REPLY = '很长的回复。'.repeat(2000);
byKey.get('breakup-6-turn#2/1')!.reasoning = EMOJI_AT_CUT;
byKey.get('breakup-6-turn#2/2')!.reasoning = SHORT;
const passing = results.turns.find((r) => !isFailed(r) && r.conversationId !== 'breakup-6-turn#2')!;
passing.content = LONG_REPLY;
const failedTurn = results.turns.find((r) => isFailed(r) && r.conversationId !== 'breakup-6-turn#2')!;
failedTurn.reasoning = '失败前的思考，'.repeat(700); // 4,900 characters

t.test('cutThinking: first N characters, exact count of the rest, never half a surrogate pair', async (t) => {
  t.same(cutThinking('想'.repeat(1000) + 'abc'.repeat(100), 300), { kept: '想'.repeat(300), omitted: 1000 });
  t.same(cutThinking(SHORT, 300), { kept: SHORT, omitted: 0 }, 'short text untouched');
  const cut = cutThinking(EMOJI_AT_CUT, 300);
  t.equal(cut.kept, `${'a'.repeat(299)}😀`, 'the emoji at the cut is kept whole');
  t.equal(cut.omitted, 3700);
  t.notMatch(cut.kept, LONE_SURROGATE, 'no lone surrogate');
  t.match(EMOJI_AT_CUT.slice(0, 300), LONE_SURROGATE, 'control: a cut by UTF-16 units would leave one');
  // 300 emoji are 600 UTF-16 units: a slice by units would keep half of them and cut the 301st in two.
  const emoji = cutThinking('😀'.repeat(500), 301);
  t.equal(emoji.kept, '😀'.repeat(301));
  t.equal(emoji.omitted, 199);
  t.same(
    cutThinking(`${'b'.repeat(299)}😀`, 300),
    { kept: `${'b'.repeat(299)}😀`, omitted: 0 },
    'exactly the limit in characters (301 units) is not cut',
  );
  t.same(cutThinking('x'.repeat(5000), 0), { kept: 'x'.repeat(5000), omitted: 0 }, '0 keeps all');
});

t.test('limits: defaults, failed turns never below the per-turn limit, 0 keeps all', async (t) => {
  t.same(resolveThinkingLimits(), { maxChars: 300, maxFailedChars: 2000 });
  t.same(resolveThinkingLimits(5000), { maxChars: 5000, maxFailedChars: 5000 });
  t.same(resolveThinkingLimits(0, 100), { maxChars: 0, maxFailedChars: 0 });
  t.same(resolveThinkingLimits(100, 0), { maxChars: 100, maxFailedChars: 0 });
  t.throws(() => resolveThinkingLimits(-1), RangeError);
  t.throws(() => resolveThinkingLimits(1.5), RangeError);
});

// Explicit limits (the default keeps everything of a run this small: see the budget test).
const html = renderHtmlReport(results, { maxThinkingChars: 300, compressAboveBytes: 0 });
const data = embedded(html);
const turns = turnsByKey(data);

t.test(
  'every turn embeds its first 300 characters of thinking (2,000 when failed) and the count left out',
  async (t) => {
    let cutTurns = 0;
    let omitted = 0;
    for (const rec of results.turns) {
      const turn = turns.get(`${rec.conversationId}/${rec.turn}`)!;
      const full = Array.from(rec.reasoning!);
      const limit = isFailed(rec) ? 2000 : 300;
      t.equal(data.str[turn.r!], full.slice(0, limit).join(''), `${rec.conversationId}/${rec.turn} keeps its start`);
      t.equal(turn.rx, full.length > limit ? full.length - limit : undefined, 'count left out');
      if (full.length > limit) {
        cutTurns++;
        omitted += full.length - limit;
      }
    }
    t.ok(cutTurns > 60 && cutTurns < results.turns.length, `${cutTurns} turns cut, the short one is not`);
    t.equal(data.str[turns.get('breakup-6-turn#2/2')!.r!], SHORT);
    t.equal(
      data.str[turns.get(`${failedTurn.conversationId}/${failedTurn.turn}`)!.r!].length,
      2000,
      'a failed turn keeps 2,000',
    );
    t.equal(data.str[turns.get(`${passing.conversationId}/${passing.turn}`)!.a], LONG_REPLY, 'replies are never cut');
    const fmt = (n: number) => n.toLocaleString('en');
    const row = /<tr data-thinking-cut><th scope="row">Thinking text<\/th><td>([^<]*)<\/td>/.exec(html);
    t.ok(row, 'identity row present');
    t.match(
      row![1],
      `first 300 characters of each turn&#39;s thinking (2,000 for failed turns); ${fmt(cutTurns)} of ` +
        `${fmt(results.turns.length)} turns cut, ${fmt(omitted)} characters left out`,
    );
    t.match(/<footer>([^<]*)<\/footer>/.exec(html)![1], /thinking text cut for size: not the model&#39;s full output/);
    for (const payload of XSS_PAYLOADS.slice(0, 4))
      t.notOk(html.includes(payload), `raw payload absent from the HTML: ${payload}`);
  },
);

t.test('default: all thinking while the run fits the budget, else the largest per-turn limit that fits', async (t) => {
  const small = renderHtmlReport(results, { compressAboveBytes: 0 });
  t.notMatch(small, /data-thinking-cut/, 'this run (~0.5M characters of thinking) is kept whole');
  t.equal(embedded(small).str[turnsByKey(embedded(small)).get('breakup-6-turn#2/1')!.r!], EMOJI_AT_CUT);
  t.same(
    budgetLimits(
      [
        { chars: 600, failed: false },
        { chars: 400, failed: true },
      ],
      1000,
    ),
    { maxChars: 0, maxFailedChars: 0 },
    'fits: keep all',
  );
  const turns = [
    ...Array.from({ length: 90 }, () => ({ chars: 4000, failed: false })),
    ...Array.from({ length: 10 }, () => ({ chars: 4000, failed: true })),
  ];
  const limits = budgetLimits(turns, 100_000);
  t.same(
    limits,
    { maxChars: 888, maxFailedChars: 2000 },
    '90 x 888 + 10 x 2,000 = 99,920 <= 100,000 < 90 x 889 + 20,000',
  );
  t.same(
    budgetLimits(turns, 30_000),
    { maxChars: 111, maxFailedChars: 2000 },
    'failed turns keep 2,000 while that fits',
  );
  t.same(
    budgetLimits(turns, 15_000),
    { maxChars: 150, maxFailedChars: 150 },
    'when failed turns alone cannot keep 2,000 (20,090 > 15,000), all share one limit',
  );
  t.same(budgetLimits([], 10), { maxChars: 0, maxFailedChars: 0 });
});

t.test('maxThinkingChars 0 keeps everything and says nothing about cutting', async (t) => {
  const full = renderHtmlReport(results, { maxThinkingChars: 0, compressAboveBytes: 0 });
  const all = turnsByKey(embedded(full));
  const str = embedded(full).str;
  for (const rec of results.turns) {
    const turn = all.get(`${rec.conversationId}/${rec.turn}`)!;
    t.equal(str[turn.r!], rec.reasoning, `${rec.conversationId}/${rec.turn} whole`);
    t.equal(turn.rx, undefined);
  }
  t.notMatch(full, /data-thinking-cut/);
  t.notMatch(/<footer>([^<]*)<\/footer>/.exec(full)![1], /cut/, 'footer says nothing about cutting');
  const transcriptBytes = (page: string) => /id="transcript-data">([\s\S]*?)<\/script>/.exec(page)![1].length;
  t.ok(
    transcriptBytes(full) > 4 * transcriptBytes(html),
    `embedded transcripts: ${transcriptBytes(full)} B whole vs ${transcriptBytes(html)} B cut`,
  );
});

t.test('chatproof report --max-thinking-chars', async (t) => {
  const root = mkdtempSync(join(tmpdir(), 'chatproof-report-thinking-'));
  const run = join(root, 'run');
  mkdirSync(run);
  writeFileSync(join(run, 'results.json'), JSON.stringify(results));
  const io = { stdout: { write: () => true }, stderr: { write: (s: string) => errors.push(s) } };
  const errors: string[] = [];
  t.equal(await reportCommand([run, '--no-png', '--out', join(root, 'all'), '--max-thinking-chars', '0'], io), 0);
  const all = readFileSync(join(root, 'all', 'index.html'), 'utf8');
  t.equal(embedded(all).str[turnsByKey(embedded(all)).get('breakup-6-turn#2/1')!.r!], EMOJI_AT_CUT);
  t.equal(
    await reportCommand(
      [run, '--no-png', '--out', join(root, 'fifty'), '--max-thinking-chars=50', '--max-failed-thinking-chars', '60'],
      io,
    ),
    0,
  );
  const fifty = embedded(readFileSync(join(root, 'fifty', 'index.html'), 'utf8'));
  const first = turnsByKey(fifty).get('breakup-6-turn#2/1')!;
  t.equal(fifty.str[first.r!], 'a'.repeat(50));
  t.equal(first.rx, 4000 - 50);
  t.equal(codePoints(fifty.str[turnsByKey(fifty).get(`${failedTurn.conversationId}/${failedTurn.turn}`)!.r!]), 60);
  for (const bad of ['abc', '1.5', ' ']) {
    t.equal(await reportCommand([run, '--no-png', '--max-thinking-chars', bad], io), 2, `"${bad}" refused`);
  }
  t.match(errors.join(''), /--max-thinking-chars must be a whole number >= 0/);
});

t.test('in Chromium: the note shows the exact count and where the full text is; no console errors', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'chatproof-thinking-html-'));
  const browser = await launchChromium();
  t.teardown(() => browser.close());
  for (const [lang, compressAboveBytes] of [
    ['en', undefined],
    ['zh-CN', 0],
  ] as const) {
    const path = await writeHtmlReport(results, join(dir, lang), { lang, compressAboveBytes, maxThinkingChars: 300 });
    const { page, errors, requests } = await openReport(browser, path);
    t.same(errors, [], `${lang}: no console errors or CSP violations`);
    t.same(requests, []);
    t.same(await reportErrors(page), []);
    await page.evaluate(() =>
      document.querySelectorAll('details').forEach((d) => {
        (d as HTMLDetailsElement).open = true;
      }),
    );
    const cutBox = page.locator('details.conv[data-conv="breakup-6-turn#2"] .turn[data-turn="1"] details.thinking');
    t.equal(await cutBox.getAttribute('data-omitted'), '3700');
    t.equal(await cutBox.locator('p.text').textContent(), `${'a'.repeat(299)}😀`);
    const note = (await cutBox.locator('p.thinking-cut').textContent())!;
    if (lang === 'en') {
      t.equal(note, en.thinkingCutNote.replace('{n}', '3,700'));
      t.match(await cutBox.locator('summary').textContent(), /cut for size: 3,700 characters not shown/);
    } else {
      t.match(note, /另有 3,700 个字符/);
    }
    t.match(note, /turns\.jsonl.*results\.json/);
    const shortBox = page.locator('details.conv[data-conv="breakup-6-turn#2"] .turn[data-turn="2"] details.thinking');
    t.equal(await shortBox.locator('p.text').textContent(), SHORT, 'short thinking shown whole, markup as text');
    t.equal(await shortBox.locator('p.thinking-cut').count(), 0, 'and without a note');
    const payloadBox = page.locator(
      'details.conv[data-conv="breakup-6-turn#1"] .turn[data-turn="2"] details.thinking p.text',
    );
    t.ok(
      (await payloadBox.textContent())!.startsWith(XSS_PAYLOADS[3]),
      'payload at the start of thinking shown as text',
    );
    t.equal(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss), undefined, 'no payload ran');
    t.equal(
      await page.evaluate(() => document.querySelectorAll('main img, main svg, main iframe, main script').length),
      0,
    );
    t.equal(await page.locator('p.thinking-cut').count(), await page.locator('details.thinking[data-omitted]').count());
    t.match(await page.textContent('#identity'), lang === 'en' ? /CUT FOR SIZE/ : /因篇幅截断/);
    t.match(await page.textContent('footer'), lang === 'en' ? /thinking text cut for size/ : /思考内容因篇幅被截断/);
    await page.close();
  }
});
