import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { defaultSlos } from '../../../src/metrics/slo.js';
import { loadScenario, parseScenario, ScenarioError } from '../../../src/scenario/index.js';

const FULL = `# yaml-language-server: $schema=../schemas/scenario.schema.json
name: film-night
description: Remembers a film.
system: You are kind.
params:
  model: qwen3-8b
  temperature: 0.7
  top_p: 0.8
  max_tokens: 256
  seed: 42
  stop: ["###"]
  enable_thinking: false
  max_history_turns: 16
runs: 3
history: recorded
facts:
  film: { turn: 1, text: watched Titanic }
  critic: { turn: 1, text: he said it was too old }
turns:
  - user: We watched Titanic; he said it was too old.
    assistant: A classic!
    checks:
      - name: empathy
        contains: [sorry, hear]
      - language: { is: en, min_ratio: 0.6 }
  - user: Which film was it?
    checks:
      - fact: film
        contains: { any: [Titanic, 泰坦尼克], all: [film] }
      - memory: true
        regex: { pattern: "movie|film", flags: i, negate: false }
      - not_contains: Avatar
      - length: { min: 10, max: 400 }
      - regex: "^Titanic"
      - language: zh
slo:
  e2e.p95: "<= 1.5s"
  ttft.p99: "< 300ms"
  interruptionRate: off
`;

t.test('a full scenario normalises to the Scenario shape', async (t) => {
  const { scenario, warnings } = parseScenario(FULL, 'film.yaml');
  t.equal(scenario.name, 'film-night');
  t.equal(scenario.file, 'film.yaml');
  t.equal(scenario.description, 'Remembers a film.');
  t.equal(scenario.system, 'You are kind.');
  t.same(scenario.params, {
    model: 'qwen3-8b',
    temperature: 0.7,
    top_p: 0.8,
    max_tokens: 256,
    seed: 42,
    stop: ['###'],
    enable_thinking: false,
    max_history_turns: 16,
  });
  t.equal(scenario.runs, 3);
  t.equal(scenario.history, 'recorded');
  t.same(scenario.facts, [
    { id: 'film', text: 'watched Titanic', turn: 1, probedAt: [2] },
    { id: 'critic', text: 'he said it was too old', turn: 1, probedAt: [] },
  ]);
  t.equal(scenario.turns.length, 2);
  t.same(scenario.turns[0], {
    index: 1,
    user: 'We watched Titanic; he said it was too old.',
    assistant: 'A classic!',
    checks: [
      { name: 'empathy', spec: { kind: 'contains', any: ['sorry', 'hear'] }, memory: false },
      {
        name: 'reply in English script (en, at least 60% of letters)',
        spec: { kind: 'language', language: 'en', minRatio: 0.6 },
        memory: false,
      },
    ],
  });
  t.same(scenario.turns[1].checks, [
    {
      name: 'contains "film", and any of: Titanic / 泰坦尼克',
      spec: { kind: 'contains', any: ['Titanic', '泰坦尼克'], all: ['film'] },
      fact: 'film',
      memory: true,
    },
    {
      name: 'matches /movie|film/i',
      spec: { kind: 'regex', pattern: 'movie|film', flags: 'i', negate: false },
      memory: true,
    },
    { name: 'does not contain "Avatar"', spec: { kind: 'not_contains', any: ['Avatar'] }, memory: false },
    { name: 'length 10-400 characters', spec: { kind: 'length', min: 10, max: 400 }, memory: false },
    { name: 'matches /^Titanic/', spec: { kind: 'regex', pattern: '^Titanic' }, memory: false },
    { name: 'reply in Chinese script (zh)', spec: { kind: 'language', language: 'zh' }, memory: false },
  ]);
  t.same(
    scenario.slo.map((s) => [s.metric, s.op, s.threshold]),
    [
      ['contextAccuracy', '>=', 0.9],
      ['latency.e2eMs.p95', '<=', 1500],
      ['latency.ttftMs.p99', '<', 300],
    ],
    'defaults merged, e2e.p95 replaced, interruptionRate dropped, ttft.p99 added',
  );
  t.match(scenario.hash, /^[0-9a-f]{64}$/);
  t.equal(warnings.length, 1);
  t.match(warnings[0], { file: 'film.yaml', line: 18, column: 3, path: 'facts.critic' });
  t.match(warnings[0].message, /fact "critic" is never probed/);
});

t.test('defaults: one live run, no params, the default SLOs', async (t) => {
  const { scenario, warnings } = parseScenario('name: hi\nturns:\n  - user: hello\n', 'hi.yaml');
  t.equal(scenario.runs, 1);
  t.equal(scenario.history, 'live');
  t.same(scenario.params, {});
  t.same(scenario.facts, []);
  t.same(scenario.turns, [{ index: 1, user: 'hello', checks: [] }]);
  t.same(scenario.slo, defaultSlos());
  t.notOk('description' in scenario || 'system' in scenario, 'absent optional fields stay absent');
  t.equal(warnings.length, 1, 'no memory check while contextAccuracy is gated');
  t.match(warnings[0].message, /no check counts toward context accuracy/);
  const dropped = parseScenario('name: hi\nturns:\n  - user: hello\nslo:\n  accuracy: ~\n', 'hi.yaml');
  t.same(dropped.warnings, [], 'no warning once the contextAccuracy objective is dropped');
  t.same(
    dropped.scenario.slo.map((s) => s.metric),
    ['latency.e2eMs.p95', 'interruptionRate'],
  );
});

t.test('--set overrides are applied before validation', async (t) => {
  const base = parseScenario(FULL, 'film.yaml').scenario;
  const { scenario } = parseScenario(FULL, 'film.yaml', [
    'params.temperature=0.2',
    'runs=5',
    'history=live',
    'params.stop=[END, "###"]',
    'turns[0].user=Hello there',
    'turns.1.checks.2.not_contains=Avatar 2',
    'slo.e2e.p95=<= 700ms',
    'slo.interruptionRate=<= 5%',
    'description=a=b',
  ]);
  t.equal(scenario.params.temperature, 0.2, 'YAML scalar: a number');
  t.equal(scenario.runs, 5);
  t.equal(scenario.history, 'live');
  t.same(scenario.params.stop, ['END', '###'], 'flow sequences parse too');
  t.equal(scenario.turns[0].user, 'Hello there');
  t.same(scenario.turns[1].checks[2].spec, { kind: 'not_contains', any: ['Avatar 2'] });
  t.equal(scenario.description, 'a=b', 'the value is everything after the first "="');
  t.same(
    scenario.slo.map((s) => [s.metric, s.threshold]),
    [
      ['contextAccuracy', 0.9],
      ['latency.e2eMs.p95', 700],
      ['interruptionRate', 0.05],
      ['latency.ttftMs.p99', 300],
    ],
  );
  t.not(scenario.hash, base.hash);
  const fresh = parseScenario('name: hi\nturns:\n  - user: hello\n', 'hi.yaml', ['params.max_tokens=100']);
  t.same(fresh.scenario.params, { max_tokens: 100 }, 'a missing parent mapping is created');
});

t.test('the hash depends on content, not on layout, comments or the file path', async (t) => {
  const a = parseScenario(FULL, 'a.yaml').scenario.hash;
  const reformatted = FULL.replace(
    '# yaml-language-server: $schema=../schemas/scenario.schema.json\n',
    '# another comment\n',
  ).replace('runs: 3\nhistory: recorded\n', 'history: "recorded"\nruns: 3   # three\n');
  t.equal(parseScenario(reformatted, 'elsewhere/b.yaml').scenario.hash, a, 'same content, same hash');
  t.equal(parseScenario(FULL, 'a.yaml').scenario.hash, a, 'stable across calls');
  t.not(
    parseScenario(FULL.replace('temperature: 0.7', 'temperature: 0.8'), 'a.yaml').scenario.hash,
    a,
    'temperature changes it',
  );
  t.not(parseScenario(FULL, 'a.yaml', ['params.temperature=0.8']).scenario.hash, a, 'an override changes it');
  t.not(
    parseScenario(FULL.replace('Which film was it?', 'Which film?'), 'a.yaml').scenario.hash,
    a,
    'a user line changes it',
  );
});

t.test('loadScenario reads files and reports unreadable ones clearly', async (t) => {
  const dir = await mkdtemp(join(tmpdir(), 'chatproof-scenario-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  const file = join(dir, 'film.yaml');
  await writeFile(file, FULL);
  const loaded = await loadScenario(file, { overrides: ['runs=2'] });
  t.equal(loaded.scenario.file, file);
  t.equal(loaded.scenario.runs, 2);
  t.equal(loaded.scenario.hash, parseScenario(FULL, 'x', ['runs=2']).scenario.hash);

  const missing = join(dir, 'nope.yaml');
  await t.rejects(loadScenario(missing), {
    name: 'ScenarioError',
    message:
      `${missing}: cannot read the scenario file: no such file; expected a path to a YAML scenario such as ` +
      `scenarios/breakup.yaml`,
    problems: [{ file: missing, path: '' }],
  });
  await t.rejects(loadScenario(dir), { name: 'ScenarioError', message: /is a directory, not a scenario file/ });
  await t.rejects(loadScenario(file, { overrides: ['runs=0'] }), ScenarioError);
});

t.test('every shipped scenario loads without errors or warnings, live and recorded', async (t) => {
  const dir = new URL('../../../scenarios/', import.meta.url);
  const files = (await readdir(dir)).filter((f) => f.endsWith('.yaml')).sort();
  t.ok(files.length >= 4, `found ${files.join(', ')}`);
  for (const name of ['breakup.yaml', 'breakup-en.yaml', 'stress-20.yaml', 'support-order.yaml'])
    t.ok(files.includes(name), name);
  for (const name of files) {
    const path = join('scenarios', name);
    const { scenario, warnings } = await loadScenario(path);
    t.same(warnings, [], `${name}: no warnings`);
    t.ok(
      scenario.facts.every((f) => f.probedAt.length > 0 && f.probedAt.every((turn) => turn > f.turn)),
      `${name}: every fact probed after it is stated`,
    );
    t.ok(
      scenario.turns.some((turn) => turn.checks.some((c) => c.memory)),
      `${name}: has memory checks`,
    );
    const recorded = await loadScenario(path, { overrides: ['history=recorded'] });
    t.equal(recorded.scenario.history, 'recorded', `${name}: loads in recorded mode`);
  }
});

t.test("the shipped breakup scenario carries the validation article's breakup dialogue", async (t) => {
  const { scenario } = await loadScenario('scenarios/breakup.yaml');
  t.same(
    scenario.turns.slice(0, 5).map((turn) => turn.user),
    [
      '我刚分手了,好难过 😢',
      '嗯,他突然说没感觉了',
      '我们一起看了《泰坦尼克号》,他说电影太老了',
      '你说得对,他一直不喜欢长久的东西',
      '谢谢,我感觉自己被理解了',
    ],
  );
  t.equal(scenario.runs, 3);
  t.same(scenario.params, {
    temperature: 0.7,
    top_p: 0.8,
    max_tokens: 256,
    enable_thinking: false,
    max_history_turns: 16,
  });
  t.same(
    scenario.slo,
    defaultSlos().map((s) => ({ ...s, source: s.source.replace('latency.e2eMs.p95', 'e2e.p95') })),
  );
  t.same(
    scenario.facts.map((f) => [f.id, f.turn]),
    [
      ['breakup', 1],
      ['no-feeling', 2],
      ['titanic', 3],
      ['too-old', 3],
      ['no-lasting', 4],
    ],
  );
  const stress = await loadScenario('scenarios/stress-20.yaml');
  t.equal(stress.scenario.turns.length, 20);
  t.equal(stress.scenario.params.max_tokens, 100);
  t.equal(stress.scenario.turns[0].user, '你好');
  t.match(stress.scenario.turns[14].user, /^接着聊,这是第15轮/);
  t.same(
    stress.scenario.facts.map((f) => f.probedAt),
    [[10, 20], [20]],
  );
});

t.test('the full example in docs/scenario-format.md loads', async (t) => {
  const doc = await readFile('docs/scenario-format.md', 'utf8');
  const example = /## A full example\s+```yaml\n([\s\S]*?)```/.exec(doc);
  t.ok(example, 'the example block is there');
  const { scenario, warnings } = parseScenario(example![1], 'docs/scenario-format.md');
  t.same(warnings, []);
  t.equal(scenario.turns.length, 4);
  t.same(
    scenario.facts.map((f) => [f.id, f.probedAt]),
    [
      ['breakup', [4]],
      ['titanic', [4]],
    ],
  );
});
