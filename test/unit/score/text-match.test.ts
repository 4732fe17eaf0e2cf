import t from 'tap';
import {
  describeMatch,
  findNormalized,
  includesNormalized,
  normalize,
  quoteInContext,
} from '../../../src/score/text-match.js';

t.test('NFKC folds full-width Latin, digits and punctuation; case folds', async (t) => {
  t.equal(normalize('ＡＢＣ１２３').text, 'abc123');
  t.equal(normalize('Ｈｅｌｌｏ，Ｗｏｒｌｄ！').text, 'helloworld');
  t.equal(normalize('TITANIC').text, 'titanic');
});

t.test('half-width katakana with voiced marks composes to full-width', async (t) => {
  t.equal(normalize('ｶﾞｷﾞ').text, 'ガギ');
  t.ok(includesNormalized('ﾀｲﾀﾆｯｸを見た', 'タイタニック'));
});

t.test('punctuation and whitespace of every script are removed on both sides', async (t) => {
  t.equal(normalize('《泰坦尼克号》').text, '泰坦尼克号');
  t.equal(normalize('我，喜欢。看！电影？').text, '我喜欢看电影');
  t.equal(normalize('我 喜欢 看 电影').text, '我喜欢看电影');
  t.equal(normalize('  hello,\n\t  world...  ').text, 'helloworld');
  t.equal(normalize("don't").text, 'dont');
  t.equal(normalize('「你好」【测试】（括号）…——').text, '你好测试括号');
  t.equal(normalize('Qwen3 是 模型').text, 'qwen3是模型');
});

t.test('order numbers match however they are punctuated or spaced, either side', async (t) => {
  const forms = ['NW-40917', 'NW40917', 'NW 40917', 'nw_40917', 'ＮＷ－４０９１７', 'NW\u00a040917'];
  for (const reply of forms) {
    for (const needle of forms)
      t.ok(includesNormalized(`Your order ${reply} ships today.`, needle), `${needle} in ${reply}`);
  }
  t.notOk(includesNormalized('Your order NW-40971 ships today.', 'NW-40917'), 'a different number does not match');
  t.ok(includesNormalized('5 天后到', '5天'), 'spaces between a digit and Han');
  t.ok(includesNormalized('他说：“电影太老了！”', '电影 太老了'), 'spaces in the needle');
  const raw = 'order NW 40917.';
  const at = findNormalized(normalize(raw), 'NW-40917')!;
  t.equal(raw.slice(at.start, at.end), 'NW 40917', 'quotes the raw span, space included');
});

t.test('emoji are kept as they are', async (t) => {
  t.equal(normalize('好的😭！').text, '好的😭');
  t.ok(includesNormalized('我们😊一起', '😊'));
  t.ok(includesNormalized('爱你❤️', '爱你❤'), 'emoji variation selector ignored');
  t.equal(normalize('👨‍👩‍👧').text, '👨‍👩‍👧', 'ZWJ inside an emoji sequence stays');
});

t.test('invisible format characters vanish', async (t) => {
  t.ok(includesNormalized('泰坦\u200B尼克号', '泰坦尼克号'), 'zero-width space');
  t.ok(includesNormalized('\uFEFFTita\u00ADnic', 'titanic'), 'BOM and soft hyphen');
});

t.test('substring matching: no word boundaries in Chinese', async (t) => {
  t.ok(includesNormalized('我们看了《泰坦尼克号》', '泰坦尼克号'));
  t.ok(includesNormalized('我们看了泰坦尼克号', '泰坦尼克'), '泰坦尼克 inside 泰坦尼克号');
  t.notOk(includesNormalized('我们看了泰坦尼克', '泰坦尼克号'), 'the longer name is not in the shorter');
  t.ok(includesNormalized('莱昂纳多·迪卡普里奥演的', '莱昂纳多迪卡普里奥'), 'middle dot inside a name');
  t.ok(includesNormalized('看的是ＴＩＴＡＮＩＣ吧', 'Titanic'));
  t.notOk(includesNormalized('我们看了复仇者联盟', '泰坦尼克'));
});

t.test('offsets map back to the raw text', async (t) => {
  const raw = '那天，我们看了《泰坦尼克号》。';
  const at = findNormalized(normalize(raw), '泰坦尼克号');
  t.ok(at);
  t.equal(raw.slice(at!.start, at!.end), '泰坦尼克号');
  const wide = '他说ＴＩＴＡＮＩＣ很好';
  const wideAt = findNormalized(normalize(wide), 'titanic')!;
  t.equal(wide.slice(wideAt.start, wideAt.end), 'ＴＩＴＡＮＩＣ', 'quotes the original full-width text');
  const astral = '😀😀abc';
  const astralAt = findNormalized(normalize(astral), 'ABC')!;
  t.same(astralAt, { start: 4, end: 7 }, 'surrogate pairs counted as two UTF-16 units');
});

t.test('a needle that normalises to nothing is looked up verbatim; empty never matches', async (t) => {
  t.ok(findNormalized(normalize('真的吗？！'), '？！'));
  t.equal(findNormalized(normalize('真的吗'), '？！'), null);
  t.equal(findNormalized(normalize('anything'), ''), null);
});

t.test('quoteInContext shows about 15 characters each side', async (t) => {
  const raw = '一二三四五六七八九十一二三四五六七八九十泰坦尼克号一二三四五六七八九十一二三四五六七八九十';
  const at = findNormalized(normalize(raw), '泰坦尼克号')!;
  t.equal(quoteInContext(raw, at), '…六七八九十一二三四五六七八九十泰坦尼克号一二三四五六七八九十一二三四五…');
  t.equal(quoteInContext('看了泰坦尼克号', { start: 2, end: 7 }), '看了泰坦尼克号', 'no ellipsis when nothing is cut');
  t.equal(quoteInContext('a\nb', { start: 0, end: 1 }), 'a b');
  t.equal(describeMatch('看了泰坦尼克号', { start: 2, end: 7 }), '"泰坦尼克号" in "看了泰坦尼克号"');
});
