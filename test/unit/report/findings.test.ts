// Memory map, grouped findings, check details in the report's language, label wrapping and
// word-boundary cuts: the pure parts behind the report's first screen and the terminal summary.
import t from 'tap';
import type { CheckResult, Results } from '../../../src/core/types.js';
import { checkDetail } from '../../../src/report/check-detail.js';
import { findings, memoryMaps } from '../../../src/report/findings.js';
import { middleEllipsis, wrapLabel } from '../../../src/report/html/charts/common.js';
import { cutAtWord } from '../../../src/report/terminal/memory.js';
import { syntheticResults } from '../../helpers/synthetic-results.js';

const results: Results = syntheticResults({ conversations: 12, turns: 6, seed: 7, failures: 0.3 });

t.test('memory map: one row per declared fact, cells counted from the turns', async (t) => {
  const maps = memoryMaps(results);
  t.equal(maps.length, 1);
  const scenario = results.run.scenarios[0]!;
  t.equal(maps[0]!.rows.filter((r) => r.fact).length, scenario.facts.length);
  for (const row of maps[0]!.rows) {
    for (const cell of row.cells) {
      const checks = results.turns
        .filter((r) => r.ok && r.turn === cell.turn)
        .flatMap((r) => r.checks)
        .filter((c) => (row.fact ? c.fact === row.fact : c.memory && !c.fact && c.name === row.text));
      t.equal(cell.total, checks.length, `${row.text} T${cell.turn} total`);
      t.equal(cell.passed, checks.filter((c) => c.passed).length, `${row.text} T${cell.turn} passed`);
      t.equal(cell.failedConversations.length > 0, cell.passed < cell.total);
    }
  }
  t.same(memoryMaps({ ...results, run: { ...results.run, scenarios: [] } }), [], 'no facts, no map');
});

t.test('findings: grouped across conversations, memory before everything else', async (t) => {
  const all = findings(results);
  t.ok(all.length > 0);
  const kinds = all.map((f) => f.kind);
  const lastMemory = kinds.lastIndexOf('memory');
  const firstOther = kinds.findIndex((k) => k !== 'memory');
  t.ok(lastMemory === -1 || firstOther === -1 || lastMemory < firstOther, kinds.join(','));
  for (const f of all.filter((x) => x.kind === 'memory' || x.kind === 'check')) {
    const failedIn = new Set(
      results.turns
        .filter((r) => r.ok && r.scenario === f.scenario && r.checks.some((c) => c.name === f.name && !c.passed))
        .map((r) => r.conversationId),
    );
    t.equal(f.failed, failedIn.size, `${f.name}: conversations that failed it`);
    t.ok(f.first && failedIn.has(f.first.conversationId));
  }
  const keys = all.filter((f) => f.kind !== 'interruption').map((f) => `${f.scenario}/${f.fact}/${f.name}`);
  t.equal(new Set(keys).size, keys.length, 'one finding per check, not one per conversation');
});

const check = (kind: CheckResult['kind'], passed: boolean): CheckResult => ({
  name: 'x',
  kind,
  memory: true,
  passed,
  expected: 'English expected',
  found: 'English found',
});

t.test('check details: expected vs got once, in the report language, with the match marked', async (t) => {
  const reply = '我们看了《泰坦尼克号》，很经典。';
  const spec = { kind: 'contains' as const, any: ['泰坦尼克', 'Titanic'] };
  const en = checkDetail(check('contains', true), spec, reply, 'en');
  t.equal(en.expected, 'the reply mentions one of "泰坦尼克", "Titanic"');
  t.equal(en.got, 'found "泰坦尼克"');
  t.equal(reply.slice(en.marks[0]!.start, en.marks[0]!.end), '泰坦尼克');
  const miss = checkDetail(check('contains', false), spec, '我不记得了', 'zh-CN');
  t.equal(miss.expected, '回复提到“泰坦尼克”、“Titanic”中的任意一个');
  t.equal(miss.got, '一个都没有');
  t.same(miss.marks, []);
  const bad = checkDetail(
    check('not_contains', false),
    { kind: 'not_contains', any: ['婚礼'] },
    '祝你婚礼顺利',
    'zh-CN',
  );
  t.equal(bad.got, '出现了“婚礼”');
  t.equal(bad.marks.length, 1);
  const lang = checkDetail(check('language', false), { kind: 'language', language: 'zh' }, 'hello there 你', 'zh-CN');
  t.match(lang.expected, /^用中文回复/);
  t.match(lang.got, /^中文字符占 \d+%$/);
  // A kind the report does not know (a judged check, say) shows its own reason as written.
  const other = checkDetail({ ...check('contains', false), kind: 'judge' as never }, undefined, reply, 'zh-CN');
  t.same(other, { expected: 'English expected', got: 'English found', marks: [] });
});

t.test('labels wrap instead of being cut; what cannot fit is cut in the middle', async (t) => {
  const long = 'support-order-tent-en T5 · reads back the order number to the customer before closing';
  const lines = wrapLabel(long, 30);
  t.ok(lines.length <= 3);
  t.match(lines[0], /^support-order-tent-en T5/, 'the turn prefix stays');
  t.ok(lines.every((l) => l.length <= 30));
  t.same(wrapLabel('T1 · 初始共情'), ['T1 · 初始共情']);
  t.ok(
    wrapLabel('记'.repeat(40), 20).every((l) => l.length <= 10),
    'CJK counts two columns',
  );
  t.equal(middleEllipsis('abcdefghij', 7), 'abc…hij');
});

t.test('terminal cuts at a word, never mid-word', async (t) => {
  const cut = cutAtWord('at least 50% of the letters in Chinese script, counted per unit', 30);
  t.match(cut, /…$/);
  t.notMatch(cut, /lette…|Chines…/);
  t.equal(cutAtWord('short', 30), 'short');
});
