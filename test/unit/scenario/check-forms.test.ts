// The check forms a scenario author writes, loaded by the real loader: numbers unquoted,
// contains with none, judged checks.
import t from 'tap';
import { parseScenario, ScenarioError } from '../../../src/scenario/index.js';

const FILE = 'scenarios/x.yaml';

function load(checks: string, extra = '') {
  const source =
    `name: x\n${extra}facts:\n  order: { turn: 1, text: order NW-40917 }\nturns:\n  - user: my order is NW-40917\n` +
    `  - user: which order?\n    checks:\n${checks}`;
  return parseScenario(source, FILE);
}

function problems(checks: string, extra = ''): string[] {
  try {
    load(checks, extra);
  } catch (error) {
    if (error instanceof ScenarioError) return error.problems.map((p) => `${p.path}: ${p.message}`);
    throw error;
  }
  return [];
}

t.test('numbers are accepted unquoted and read as the text written', async (t) => {
  const { scenario } = load(
    '      - fact: order\n        contains: 40917\n      - contains: [40917, NW]\n      - not_contains: 40971\n' +
      '      - contains: { all: [409, 17], none: [41] }\n',
  );
  const specs = scenario.turns[1].checks.map((c) => c.spec);
  t.same(specs, [
    { kind: 'contains', any: ['40917'] },
    { kind: 'contains', any: ['40917', 'NW'] },
    { kind: 'not_contains', any: ['40971'] },
    { kind: 'contains', all: ['409', '17'], none: ['41'] },
  ]);
});

t.test('a number YAML cannot keep digit for digit is refused with a hint to quote it', async (t) => {
  t.same(problems('      - contains: 1.5e300\n      - contains: [12345678901234567890]\n'), [
    'turns[1].checks[0].contains: 1.5e+300 is read as a number and may not be the text you wrote; put it in quotes',
    'turns[1].checks[1].contains[0]: 12345678901234567000 is read as a number and may not be the text you wrote; ' +
      'put it in quotes',
  ]);
});

t.test('judged checks: true on a fact, a rubric, a rubric with a score threshold', async (t) => {
  const { scenario } = load(
    '      - fact: order\n        judge: true\n      - judge: 回复要礼貌\n' +
      '      - name: next step\n        judge: { rubric: Suggests a next step, min_score: 4 }\n',
    'judge: { target: "http://127.0.0.1:9/v1", model: judge-1 }\n',
  );
  const checks = scenario.turns[1].checks;
  t.same(
    checks.map((c) => [c.name, c.spec, c.memory]),
    [
      ['judged: recalls the fact', { kind: 'judge' }, true],
      ['judged: 回复要礼貌', { kind: 'judge', rubric: '回复要礼貌' }, false],
      ['next step', { kind: 'judge', rubric: 'Suggests a next step', minScore: 4 }, false],
    ],
  );
  t.same(scenario.judge, { target: 'http://127.0.0.1:9/v1', model: 'judge-1' });
});

t.test('judged checks: mistakes are named', async (t) => {
  t.same(problems('      - judge: true\n      - judge: false\n      - judge: { min_score: 6, rubric: x }\n'), [
    'turns[1].checks[0].judge: a judged check without a rubric must name the fact it probes (fact: <id>), or give a ' +
      'rubric: judge: "The reply comforts the user without blaming anyone"',
    'turns[1].checks[1].judge: judge: false judges nothing; remove the check or use a rule kind such as contains',
    'turns[1].checks[2].judge.min_score: expected a number <= 5, got 6',
  ]);
  t.same(problems('      - fact: order\n        judge: true\n        contains: x\n'), [
    'turns[1].checks[0]: a check has exactly one kind, but this one has contains and judge; split it into 2 checks',
  ]);
});
