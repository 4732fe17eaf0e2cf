// chatproof report: from a run folder or results.json to index.html and charts/*.png.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { reportCommand } from '../../../src/cli/commands/report.js';
import { syntheticResults } from '../../helpers/synthetic-results.js';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (s: string) => out.push(s) }, stderr: { write: (s: string) => err.push(s) } },
    out,
    err,
  };
}

const root = mkdtempSync(join(tmpdir(), 'chatproof-report-cli-'));
const runDir = join(root, 'run');
const baseDir = join(root, 'base');
mkdirSync(runDir);
mkdirSync(baseDir);
writeFileSync(join(runDir, 'results.json'), JSON.stringify(syntheticResults({ conversations: 8, turns: 6, seed: 31 })));
writeFileSync(
  join(baseDir, 'results.json'),
  JSON.stringify(syntheticResults({ conversations: 8, turns: 6, seed: 32 })),
);

t.test('a run folder: report written beside results.json', async (t) => {
  const c = capture();
  t.equal(await reportCommand([runDir], c.io), 0);
  const printed = c.out.join('').trim().split('\n');
  t.equal(printed[0], join(runDir, 'index.html'));
  t.equal(printed.length, 9, 'index.html and eight charts');
  for (const p of printed) t.ok(existsSync(p), p);
  t.match(readFileSync(join(runDir, 'index.html'), 'utf8'), /<html lang="en">/);
});

t.test('results.json path, Chinese, baseline, other folder, no PNG', async (t) => {
  const c = capture();
  const out = join(root, 'elsewhere');
  t.equal(
    await reportCommand(
      [join(runDir, 'results.json'), '--lang', 'zh-CN', '--baseline', baseDir, '--out', out, '--no-png'],
      c.io,
    ),
    0,
  );
  t.same(c.out.join('').trim().split('\n'), [join(out, 'index.html')]);
  const html = readFileSync(join(out, 'index.html'), 'utf8');
  t.match(html, /<html lang="zh-CN">/);
  t.match(html, /对比基线/);
});

t.test('another language never overwrites: index.zh-CN.html beside index.html, linked both ways', async (t) => {
  const english = readFileSync(join(runDir, 'index.html'), 'utf8');
  const c = capture();
  t.equal(await reportCommand([runDir, '--lang', 'zh-CN'], c.io), 0);
  const printed = c.out.join('').trim().split('\n');
  t.equal(printed[0], join(runDir, 'index.zh-CN.html'));
  t.ok(
    printed.slice(1).every((p) => p.startsWith(join(runDir, 'charts.zh-CN'))),
    'its charts go to their own folder',
  );
  const zh = readFileSync(join(runDir, 'index.zh-CN.html'), 'utf8');
  t.match(zh, /<html lang="zh-CN">/);
  t.match(zh, /<a href="index.html" hreflang="en"/);
  const after = readFileSync(join(runDir, 'index.html'), 'utf8');
  t.match(after, /<html lang="en">/, 'the English page is still English');
  t.match(after, /<a href="index.zh-CN.html" hreflang="zh-CN"/, 'and now links to the Chinese one');
  const strip = (html: string) => html.replace(/<nav class="langs"[\s\S]*?<\/nav>/, '');
  t.equal(strip(after), strip(english), 'nothing but the language links changed in it');
  // The same language again regenerates its own page; no third file.
  t.equal(await reportCommand([runDir, '--lang', 'zh-CN', '--no-png'], capture().io), 0);
  t.notOk(existsSync(join(runDir, 'index.zh-CN.zh-CN.html')));
});

t.test('bad input: one clear line, exit 2', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [[], /expected one run folder or results.json/],
    [[join(root, 'missing')], /no such file or folder/],
    [[root], /no results.json/],
    [[runDir, '--lang', 'fr'], /--lang must be "en" or "zh-CN"/],
    [[runDir, '--colour'], /unknown option --colour/],
    [[runDir, '--baseline', join(root, 'nope.json')], /no such file or folder/],
  ];
  const notJson = join(root, 'bad.json');
  writeFileSync(notJson, '{ nope');
  cases.push([[notJson], /not valid JSON/]);
  const other = join(root, 'other.json');
  writeFileSync(other, JSON.stringify({ hello: 1 }));
  cases.push([[other], /not a chatproof results file/]);
  for (const [argv, message] of cases) {
    const c = capture();
    t.equal(await reportCommand(argv, c.io), 2, argv.join(' ') || '(no arguments)');
    t.match(c.err.join(''), message);
    t.equal(c.err.join('').trim().split('\n').length, 1, 'one line');
  }
});

t.test('--help', async (t) => {
  const c = capture();
  t.equal(await reportCommand(['--help'], c.io), 0);
  t.match(c.out.join(''), /Usage: chatproof report/);
});
