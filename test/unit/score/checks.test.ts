import t from 'tap';
import type { Check, CheckSpec } from '../../../src/core/types.js';
import { checkHandlers, runCheck, runChecks } from '../../../src/score/checks/index.js';
import { countScriptUnits, languageCode } from '../../../src/score/checks/language.js';
import { graphemeLength } from '../../../src/score/checks/length.js';
import { regexFlags } from '../../../src/score/checks/regex.js';

const check = (spec: CheckSpec, extra: Partial<Check> = {}): Check => ({
  name: 'probe',
  spec,
  memory: false,
  ...extra,
});
const run = (spec: CheckSpec, reply: string) => runCheck(check(spec), reply);

const REPLY = '嗯，我记得的！那天我们一起看了《泰坦尼克号》，你哭得稀里哗啦😭。';

t.test('registry has one handler per kind', async (t) => {
  t.same(Object.keys(checkHandlers).sort(), ['contains', 'language', 'length', 'not_contains', 'regex']);
  t.notOk('judge' in checkHandlers, 'judged checks take their verdict from the judge, not a rule');
});

t.test('runCheck copies the check identity into the result', async (t) => {
  const result = runCheck(
    check({ kind: 'contains', any: ['泰坦尼克号'] }, { name: 'remembers the film', fact: 'film', memory: true }),
    REPLY,
  );
  t.equal(result.name, 'remembers the film');
  t.equal(result.kind, 'contains');
  t.equal(result.fact, 'film');
  t.equal(result.memory, true);
  t.equal(result.passed, true);
  t.notOk('fact' in run({ kind: 'length', min: 1 }, 'x'), 'no fact key when the check has none');
  const many = runChecks([check({ kind: 'length', min: 1 }), check({ kind: 'length', max: 1 })], 'ab');
  t.same(
    many.map((r) => r.passed),
    [true, false],
  );
});

t.test('contains: any-of synonyms, CJK-aware, quotes the raw text in context', async (t) => {
  const hit = run({ kind: 'contains', any: ['Titanic', '泰坦尼克'] }, REPLY);
  t.equal(hit.passed, true);
  t.equal(hit.expected, 'one of "Titanic", "泰坦尼克"');
  t.match(hit.found, /^"泰坦尼克" in "….*《泰坦尼克号》.*"$/u);
  t.equal(
    run({ kind: 'contains', any: ['泰坦尼克号'] }, '我们看了《泰坦尼克号》').passed,
    true,
    'book-title marks do not matter',
  );
  t.equal(run({ kind: 'contains', any: ['titanic'] }, '看了ＴＩＴＡＮＩＣ').passed, true, 'full-width Latin and case');
  t.equal(
    run({ kind: 'contains', any: ['我喜欢你'] }, '我，喜欢……你！').passed,
    true,
    'Chinese punctuation between characters',
  );
  t.equal(run({ kind: 'contains', any: ['😭'] }, REPLY).passed, true, 'emoji as a term');
  const miss = run({ kind: 'contains', any: ['复仇者联盟', 'Avengers'] }, REPLY);
  t.equal(miss.passed, false);
  t.equal(miss.found, 'none of "复仇者联盟", "Avengers" found');
});

t.test('contains: all-of needs every term; with any, both conditions must hold', async (t) => {
  const reply = '周六晚上在万达影城看的';
  const all = run({ kind: 'contains', all: ['周六', '万达'] }, reply);
  t.equal(all.passed, true);
  t.equal(all.expected, 'all of "周六", "万达"');
  t.match(all.found, /"周六" in .*; "万达" in /u);
  const partial = run({ kind: 'contains', all: ['周六', '周日'] }, reply);
  t.equal(partial.passed, false);
  t.match(partial.found, /^missing "周日"; "周六" in /u);
  t.equal(run({ kind: 'contains', any: ['电影', '影城'], all: ['周六'] }, reply).passed, true);
  const anyFails = run({ kind: 'contains', any: ['电影院'], all: ['周六'] }, reply);
  t.equal(anyFails.passed, false);
  t.equal(anyFails.expected, '"电影院" and "周六"');
  t.equal(run({ kind: 'contains', any: ['影城'], all: ['周日'] }, reply).passed, false);
  t.equal(run({ kind: 'contains' }, reply).passed, false, 'a check with no terms fails loudly');
});

t.test('contains: none forbids the plausible wrong answer in the same check', async (t) => {
  const reply = 'Your order NW 40917 ships Monday.';
  const right = run({ kind: 'contains', any: ['NW-40917'], none: ['NW-40971', 'NW-41917'] }, reply);
  t.equal(right.passed, true);
  t.equal(right.expected, '"NW-40917" and none of "NW-40971", "NW-41917"');
  t.match(right.found, /^"NW 40917" in /);
  const wrong = run({ kind: 'contains', any: ['NW-40917'], none: ['NW-40971'] }, 'It is NW-40971, not NW40917.');
  t.equal(wrong.passed, false, 'said X and also Y: fails');
  t.match(wrong.found, /forbidden "NW-40971" in /);
  const onlyNone = run({ kind: 'contains', none: ['Avatar'] }, 'We watched Titanic.');
  t.equal(onlyNone.passed, true);
  t.equal(onlyNone.found, 'none of "Avatar" found');
  t.equal(run({ kind: 'contains', all: ['NW', '40917'], none: ['refund'] }, 'NW40917: refund issued').passed, false);
});

t.test('not_contains: fails on any listed text and says where', async (t) => {
  const bad = run({ kind: 'not_contains', any: ['复仇者', '泰坦尼克'] }, REPLY);
  t.equal(bad.passed, false);
  t.equal(bad.expected, 'none of "复仇者", "泰坦尼克"');
  t.match(bad.found, /^"泰坦尼克" in ".*泰坦尼克号.*"$/u);
  const good = run({ kind: 'not_contains', any: ['我不记得'] }, REPLY);
  t.equal(good.passed, true);
  t.equal(good.found, 'none of "我不记得" found');
  t.equal(
    run({ kind: 'not_contains', any: ['AS AN AI'] }, 'As an  AI, I cannot').passed,
    false,
    'normalised like contains',
  );
});

t.test('regex: u flag always on, negate, invalid pattern', async (t) => {
  t.equal(regexFlags('gi'), 'iu');
  t.equal(regexFlags(undefined), 'u');
  t.equal(regexFlags('u'), 'u');
  const hit = run({ kind: 'regex', pattern: '泰坦.{3}' }, REPLY);
  t.equal(hit.passed, true);
  t.equal(hit.expected, 'text matching /泰坦.{3}/u');
  t.match(hit.found, /^"泰坦尼克号" in /u);
  // With u, "." is one code point, so an emoji is matched whole: ^.$ holds for "😭".
  t.equal(run({ kind: 'regex', pattern: '^.$' }, '😭').passed, true);
  t.equal(run({ kind: 'regex', pattern: 'titanic', flags: 'i' }, 'TITANIC').passed, true);
  t.equal(run({ kind: 'regex', pattern: 'titanic' }, 'TITANIC').passed, false);
  const negated = run({ kind: 'regex', pattern: '不记得|忘了', negate: true }, REPLY);
  t.equal(negated.passed, true);
  t.equal(negated.expected, 'no text matching /不记得|忘了/u');
  t.equal(run({ kind: 'regex', pattern: '记得', negate: true }, REPLY).passed, false);
  const broken = run({ kind: 'regex', pattern: '(' }, REPLY);
  t.equal(broken.passed, false);
  t.match(broken.found, /^invalid pattern/);
  const g = check({ kind: 'regex', pattern: 'a', flags: 'g' });
  t.same([runCheck(g, 'a').passed, runCheck(g, 'a').passed], [true, true], 'no lastIndex state between runs');
});

t.test('regex: linear-time engine, a catastrophic pattern returns at once', async (t) => {
  // A backtracking engine needs about 2^40 steps for this; RE2 scans the reply once.
  const reply = `${'a'.repeat(40)}`;
  const result = run({ kind: 'regex', pattern: '^(\\w+\\s?)*!$' }, reply);
  t.equal(result.passed, false);
  t.equal(result.found, 'no match for /^(\\w+\\s?)*!$/u');
  t.equal(run({ kind: 'regex', pattern: '^(\\w+\\s?)*!$' }, 'hello world!').passed, true);
  const long = run({ kind: 'regex', pattern: '(a|aa)*b' }, 'a'.repeat(100_000));
  t.equal(long.passed, false, 'a 100,000-character reply against an exponential pattern');
});

t.test('regex: JavaScript spellings are translated; match offsets are UTF-16 like the reply', async (t) => {
  t.equal(run({ kind: 'regex', pattern: '\\u6cf0\\u5766' }, REPLY).passed, true, '\\uXXXX');
  t.equal(run({ kind: 'regex', pattern: '\\u{1F62D}' }, REPLY).passed, true, '\\u{...} beyond the BMP');
  t.equal(run({ kind: 'regex', pattern: '\\p{Script=Han}{4}号' }, REPLY).passed, true, '\\p{Script=Han}');
  t.equal(run({ kind: 'regex', pattern: '\\\\u6cf0' }, '\\u6cf0').passed, true, 'an escaped backslash is kept');
  const emoji = run({ kind: 'regex', pattern: '稀里哗啦.' }, REPLY);
  t.match(emoji.found, /^"稀里哗啦😭" in /u, 'the emoji after the match is quoted whole');
  const lookahead = run({ kind: 'regex', pattern: 'a(?=b)' }, 'ab');
  t.equal(lookahead.passed, false);
  t.match(lookahead.found, /^invalid pattern: .*lookaround and backreferences are not supported/);
});

t.test('language: script share of letter units', async (t) => {
  t.equal(run({ kind: 'language', language: 'zh' }, REPLY).passed, true);
  const english = run({ kind: 'language', language: 'zh' }, 'I remember, we watched Titanic together.');
  t.equal(english.passed, false);
  t.match(english.found, /^0% /);
  t.equal(run({ kind: 'language', language: 'en' }, 'I remember, we watched Titanic together.').passed, true);
  // 我喜欢看 (4 Han) + Titanic (one Latin word) + 电影 (2 Han): 6 of 7 units are Han.
  t.same(Object.fromEntries(countScriptUnits('我喜欢看Titanic电影！123 😭')), { Han: 6, Latin: 1 });
  t.equal(run({ kind: 'language', language: 'zh' }, '我喜欢看Titanic电影').passed, true);
  // Mostly English with one Chinese word: Han 2 of 2 + 6 = 25%.
  t.equal(run({ kind: 'language', language: 'zh' }, 'We watched 电影 at the cinema today').passed, false);
  // Ratio threshold: 2 Han + 2 Latin words = 50%: passes the default 0.5, fails 0.6.
  const half = '你好 hello world';
  t.equal(run({ kind: 'language', language: 'zh' }, half).passed, true);
  t.equal(run({ kind: 'language', language: 'zh', minRatio: 0.6 }, half).passed, false);
  t.equal(run({ kind: 'language', language: 'zh-CN' }, '你好').passed, true, 'region subtags are ignored');
  t.equal(languageCode('zh_Hans'), 'zh');
  // Combining vowel signs and viramas belong to their letter: two Devanagari words, two units.
  t.same(Object.fromEntries(countScriptUnits('नमस्ते दुनिया')), { Devanagari: 2 });
  t.equal(run({ kind: 'language', language: 'hi' }, 'नमस्ते दुनिया').passed, true);
});

t.test('language: ja needs kana, ko is Hangul, digits and emoji are not letters', async (t) => {
  t.equal(run({ kind: 'language', language: 'ja' }, '昨日、タイタニックを見ました。').passed, true);
  const chinese = run({ kind: 'language', language: 'ja' }, '我们看了泰坦尼克号');
  t.equal(chinese.passed, false);
  t.match(chinese.found, /kana/);
  t.equal(run({ kind: 'language', language: 'ko' }, '우리는 타이타닉을 봤어요').passed, true);
  t.equal(run({ kind: 'language', language: 'zh' }, '우리는 타이타닉을 봤어요').passed, false);
  const empty = run({ kind: 'language', language: 'zh' }, '😭😭 123！');
  t.equal(empty.passed, false);
  t.equal(empty.found, 'no letters in the reply');
  const unknown = run({ kind: 'language', language: 'xx' }, 'hello');
  t.equal(unknown.passed, false);
  t.match(unknown.found, /unknown language "xx"/);
});

t.test('length: graphemes of the trimmed reply', async (t) => {
  t.equal(graphemeLength('你好'), 2);
  t.equal(graphemeLength('😭'), 1);
  t.equal(graphemeLength('👍🏽'), 1, 'emoji with skin tone: 2 code points, 1 grapheme');
  t.equal(graphemeLength('👨‍👩‍👧'), 1, 'ZWJ family: 5 code points, 1 grapheme');
  t.equal(graphemeLength('e\u0301'), 1, 'combining accent');
  const result = run({ kind: 'length', min: 2, max: 4 }, '  你好😭  ');
  t.equal(result.passed, true);
  t.equal(result.expected, 'at least 2 and at most 4 characters');
  t.equal(result.found, '3 characters');
  t.equal(run({ kind: 'length', max: 2 }, '你好😭').passed, false);
  t.equal(run({ kind: 'length', min: 4 }, '你好😭').passed, false);
  t.equal(run({ kind: 'length', min: 3 }, '你好😭').passed, true, 'min is inclusive');
  t.equal(run({ kind: 'length', max: 3 }, '你好😭').passed, true, 'max is inclusive');
});

t.test('an unknown kind fails instead of throwing', async (t) => {
  const result = runCheck({ name: 'odd', spec: { kind: 'sentiment' } as unknown as CheckSpec, memory: false }, 'x');
  t.equal(result.passed, false);
  t.equal(result.found, 'unknown check kind');
});
