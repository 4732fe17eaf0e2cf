import t from 'tap';
import { displayWidth, formatMs, inertText, padEnd, paletteFor } from '../../../src/report/text.js';

t.test('untrusted model text cannot drive the terminal', async (t) => {
  const hostile = 'ok\u001b[2J\u001b]0;pwned\u0007\u001b[31mred\u0007\u0008 done\r\nnext';
  const safe = inertText(hostile);
  t.notMatch(safe, /\u001b/);
  t.notMatch(safe, /[\u0000-\u0008\u000b-\u001f]/);
  t.equal(safe, 'okred done ⏎ next');
});

t.test('long text is cut by characters, not bytes, so CJK is never split', async (t) => {
  const cut = inertText('泰坦尼克号'.repeat(10), 6);
  t.equal(cut, '泰坦尼克号…');
});

t.test('CJK characters are two columns wide when padding tables', async (t) => {
  t.equal(displayWidth('上下文abc'), 9);
  t.equal(padEnd('准确率', 8), '准确率  ');
});

t.test('colour only on a TTY and never with NO_COLOR', async (t) => {
  t.equal(paletteFor({ isTTY: false }, {}).red('x'), 'x');
  t.equal(paletteFor({ isTTY: true }, { NO_COLOR: '1' }).red('x'), 'x');
  t.equal(paletteFor({ isTTY: true }, { TERM: 'xterm' }).red('x'), '\u001b[31mx\u001b[39m');
});

t.test('milliseconds are shown with useful precision', async (t) => {
  t.equal(formatMs(null), '–');
  t.equal(formatMs(Math.PI), '3.1');
  t.equal(formatMs(812.6), '813');
  t.equal(formatMs(12_345), '12.3 s');
});
