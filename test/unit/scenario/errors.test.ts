import t, { type Test } from 'tap';
import { parseScenario, ScenarioError } from '../../../src/scenario/index.js';

const FILE = 'scenarios/x.yaml';

/** The error lines a source produces; fails the test when it loads. */
function errorLines(t: Test, source: string, overrides: string[] = []): string[] {
  try {
    parseScenario(source, FILE, overrides);
  } catch (e) {
    t.type(e, ScenarioError);
    const error = e as ScenarioError;
    t.equal(
      error.message,
      error.problems
        .map(
          (p) =>
            (p.line === undefined ? `${p.file}: ` : `${p.file}:${p.line}:${p.column}: `) +
            `${p.path ? `${p.path}: ` : ''}${p.message}`,
        )
        .join('\n'),
      'message is the problems, one per line',
    );
    return error.message.split('\n');
  }
  t.fail('expected a ScenarioError');
  return [];
}

// A valid base; each case below breaks one thing (line numbers in the expectations are 1-based).
const header = 'name: x\nfacts:\n  film: { turn: 1, text: watched Titanic }\n';

t.test('unknown keys get "did you mean" at the key itself', async (t) => {
  const source = `${header}turns:
  - user: We watched Titanic.
  - user: Which film?
    checks:
      - fact: film
        contians: [Titanic]
`;
  t.same(errorLines(t, source), [
    'scenarios/x.yaml:9:9: turns[1].checks[0]: unknown key "contians" (did you mean "contains"?)',
  ]);
});

t.test('an unknown key with nothing close lists what is allowed', async (t) => {
  t.same(errorLines(t, 'name: x\nturns:\n  - user: hi\n    colour: blue\n'), [
    'scenarios/x.yaml:4:5: turns[0]: unknown key "colour"; expected one of: user, assistant, checks',
  ]);
});

t.test('missing required keys point at the parent mapping', async (t) => {
  t.same(errorLines(t, 'name: x\nturns:\n  - assistant: hello\n'), [
    'scenarios/x.yaml:3:5: turns[0]: missing required key "user" (what the user says at this turn)',
  ]);
  t.same(
    errorLines(
      t,
      'name: x\nfacts:\n  film: { text: Titanic }\nturns:\n  - user: a\n  - user: b\n    checks: [{ fact: film, ' +
        'contains: x }]\n',
    ),
    ['scenarios/x.yaml:3:9: facts.film: missing required key "turn" (1-based turn where the user states the fact)'],
    'a fact without a turn is still a declared fact, so its probe is not "unknown"',
  );
  t.same(errorLines(t, 'description: no name\nturns:\n  - user: hi\n'), [
    'scenarios/x.yaml:1:1: missing required key "name" (short identifier used in reports and conversation ids: ' +
      "letters, digits, '_', '.' or '-' (e.g. breakup-zh))",
  ]);
});

t.test('wrong types and enum values say what was expected and what was found', async (t) => {
  const source =
    'name: x\nruns: three\nhistory: recroded\nparams:\n  temperature: 3\n  stop: "###"\nturns:\n  - user:\n';
  t.same(errorLines(t, source), [
    'scenarios/x.yaml:2:7: runs: expected a whole number, got "three"',
    'scenarios/x.yaml:3:10: history: expected one of "live", "recorded", got "recroded" (did you mean "recorded"?)',
    'scenarios/x.yaml:5:16: params.temperature: expected a number <= 2, got 3',
    'scenarios/x.yaml:6:9: params.stop: expected a list, got "###"',
    'scenarios/x.yaml:8:5: turns[0].user: expected text, got an empty value',
  ]);
});

t.test('a fact stated after the last turn', async (t) => {
  t.same(
    errorLines(
      t,
      'name: x\nfacts:\n  film: { turn: 4, text: Titanic }\nturns:\n  - user: a\n  - user: b\n    checks: [{ fact: ' +
        'film, contains: Titanic }]\n',
    ),
    [
      'scenarios/x.yaml:3:17: facts.film.turn: fact "film" is stated at turn 4, but the scenario has only 2 turns ' +
        '(numbered from 1)',
    ],
  );
});

t.test('a check naming an unknown fact', async (t) => {
  const source =
    `${header}turns:\n  - user: a\n  - user: b\n    checks:\n      - fact: flim\n        contains: ` +
    `Titanic\n      - fact: weather\n        contains: rain\n`;
  t.same(errorLines(t, source), [
    'scenarios/x.yaml:8:15: turns[1].checks[0].fact: unknown fact "flim" (did you mean "film"?)',
    'scenarios/x.yaml:10:15: turns[1].checks[1].fact: unknown fact "weather"; declared facts: film',
  ]);
});

t.test('a probe at or before the turn that states the fact', async (t) => {
  const source =
    `${header}turns:\n  - user: We watched Titanic.\n    checks:\n      - fact: film\n        ` + `contains: Titanic\n`;
  t.same(errorLines(t, source), [
    'scenarios/x.yaml:7:15: turns[0].checks[0].fact: turn 1 probes fact "film", which the user states at turn 1; a ' +
      'probe must come after the turn that states the fact',
  ]);
});

t.test('recorded history needs a scripted reply on every turn but the last', async (t) => {
  const source = 'name: x\nhistory: recorded\nturns:\n  - user: a\n    assistant: A\n  - user: b\n  - user: c\n';
  t.same(errorLines(t, source), [
    'scenarios/x.yaml:6:5: turns[1]: history is "recorded", so every turn but the last needs a scripted ' +
      '"assistant:" reply; turn 2 has none',
  ]);
});

t.test('regular expressions must compile and use only one-shot flags', async (t) => {
  const source =
    'name: x\nturns:\n  - user: a\n    checks:\n      - regex: "(unclosed"\n      - regex: { pattern: a, flags: gi ' +
    '}\n      - regex: { pattern: "[b", flags: i }\n';
  t.same(errorLines(t, source), [
    'scenarios/x.yaml:5:16: turns[0].checks[0].regex: invalid regular expression /(unclosed/: missing closing ): ' +
      '`(unclosed`',
    'scenarios/x.yaml:6:37: turns[0].checks[1].regex.flags: flag "g" is not allowed: a check tests the whole reply ' +
      'once; use flags among i, m, s',
    'scenarios/x.yaml:7:27: turns[0].checks[2].regex.pattern: invalid regular expression /[b/i: missing ' +
      'closing ]: `[b`',
  ]);
});

t.test('SLO conditions are parsed by the gate, with its message', async (t) => {
  const source =
    'name: x\nturns:\n  - user: a\nslo:\n  e2e.p95: "<= fast"\n  contextAccuracy: ">= 90"\n  e2e.p96: "<= 1s"\n  ' +
    'latency_p95: "<= 1s"\n';
  t.same(errorLines(t, source), [
    'scenarios/x.yaml:5:12: slo["e2e.p95"]: SLO "e2e.p95 <= fast": expected a comparison such as "<= 800ms" or ">= ' +
      '90%"',
    'scenarios/x.yaml:6:20: slo.contextAccuracy: SLO "contextAccuracy >= 90": contextAccuracy is a fraction between ' +
      '0 and 1; did you mean "90%"?',
    'scenarios/x.yaml:7:3: slo["e2e.p96"]: unknown SLO metric "e2e.p96" (did you mean "e2e.p95"?)',
    'scenarios/x.yaml:8:3: slo.latency_p95: unknown SLO metric "latency_p95"; expected e.g. contextAccuracy, ' +
      'interruptionRate, e2e.p95, ttft.p99 (all names: docs/scenario-format.md)',
  ]);
});

t.test('a check needs exactly one kind', async (t) => {
  const source =
    'name: x\nturns:\n  - user: a\n    checks:\n      - name: nothing to check\n      - contains: a\n        regex: ' +
    'b\n';
  t.same(errorLines(t, source), [
    'scenarios/x.yaml:5:9: turns[0].checks[0]: a check needs exactly one of contains, not_contains, regex, ' +
      'language, length, judge; this one has none',
    'scenarios/x.yaml:7:9: turns[0].checks[1]: a check has exactly one kind, but this one has contains and regex; ' +
      'split it into 2 checks',
  ]);
});

t.test('empty lists, empty contains, impossible lengths, unknown languages', async (t) => {
  const source =
    'name: x\nturns:\n  - user: a\n    checks:\n      - contains: []\n      - contains: {}\n      - not_contains: { ' +
    'any: [a] }\n      - length: { min: 10, max: 2 }\n      - language: xx\n';
  t.same(errorLines(t, source), [
    'scenarios/x.yaml:5:19: turns[0].checks[0].contains: expected a non-empty list',
    'scenarios/x.yaml:6:19: turns[0].checks[1].contains: contains needs "any" (at least one of), "all" (every one ' +
      'of) or "none" (none of), e.g. contains: { any: [Titanic, 泰坦尼克], none: [Avatar] }',
    'scenarios/x.yaml:7:23: turns[0].checks[2].not_contains: expected text, a number or a list, got a mapping',
    'scenarios/x.yaml:8:17: turns[0].checks[3].length: min (10) is greater than max (2); no reply can pass',
    'scenarios/x.yaml:9:19: turns[0].checks[4].language: expected one of "zh", "en", "ja", "ko", "ru", "uk", "fr", ' +
      '"de", "es", "it", "pt", "nl", "vi", "id", "tr", "pl", "el", "ar", "fa", "he", "hi", "th", got "xx"',
  ]);
});

t.test('a comma inside a flow mapping gets a hint about quoting', async (t) => {
  const source =
    'name: x\nfacts:\n  a: { turn: 1, text: 刚分手,很难过 }\nturns:\n  - user: a\n  - user: b\n    checks: [{ fact: a, ' +
    'contains: x }]\n';
  t.same(errorLines(t, source), [
    'scenarios/x.yaml:3:27: facts.a: unknown key "很难过"; expected one of: turn, text; inside { ... } a comma ' +
      'separates entries, so put text that contains a comma in quotes',
  ]);
});

t.test('YAML syntax errors carry their line and column', async (t) => {
  t.same(errorLines(t, 'name: x\nname: y\nturns:\n  - user: a\n'), [
    'scenarios/x.yaml:2:1: YAML syntax error: Map keys must be unique',
  ]);
  t.same(errorLines(t, 'name: x\nturns:\n  - user: a\n   checks: []\n'), [
    'scenarios/x.yaml:4:1: YAML syntax error: Sequence item without - indicator',
  ]);
  t.same(errorLines(t, ''), [
    'scenarios/x.yaml:1:1: the file is empty; expected a mapping with at least "name:" and "turns:" (see ' +
      'docs/scenario-format.md)',
  ]);
  t.same(errorLines(t, '- user: a\n'), [
    'scenarios/x.yaml:1:1: the top level is not a mapping; expected a mapping with at least "name:" and "turns:" ' +
      '(see docs/scenario-format.md)',
  ]);
});

t.test('every problem is reported at once, sorted by line', async (t) => {
  const source =
    `${header}history: recorded\nturns:\n  - user: a\n    checks:\n      - fact: film\n        ` +
    `contains: x\n  - user: b\n    checks:\n      - regex: "("\n  - user:\nruns: 0\n`;
  const lines = errorLines(t, source);
  t.same(lines, [
    'scenarios/x.yaml:6:5: turns[0]: history is "recorded", so every turn but the last needs a scripted ' +
      '"assistant:" reply; turn 1 has none',
    'scenarios/x.yaml:8:15: turns[0].checks[0].fact: turn 1 probes fact "film", which the user states at turn 1; a ' +
      'probe must come after the turn that states the fact',
    'scenarios/x.yaml:10:5: turns[1]: history is "recorded", so every turn but the last needs a scripted ' +
      '"assistant:" reply; turn 2 has none',
    'scenarios/x.yaml:12:16: turns[1].checks[0].regex: invalid regular expression /(/: missing closing ): `(`',
    'scenarios/x.yaml:13:5: turns[2].user: expected text, got an empty value',
    'scenarios/x.yaml:14:7: runs: expected a number >= 1, got 0',
  ]);
});

t.test('--set problems name the flag instead of a file line', async (t) => {
  const source = `${header}turns:\n  - user: a\n  - user: b\n    checks: [{ fact: film, contains: Titanic }]\n`;
  const lines = errorLines(t, source, [
    'params.temprature=0.2',
    'params.temperature=hot',
    'turns[5].user=hello',
    'runs',
    'turns[1].checks[0].fact=flim',
  ]);
  t.same(lines, [
    '--set turns[5].user=hello: turns[5].user: item 5 does not exist; the list has 2 item(s), numbered from 0',
    '--set runs: expected KEY=VALUE, e.g. --set params.temperature=0.2 or --set runs=5',
    '--set params.temprature=0.2: params: unknown key "temprature" (did you mean "temperature"?)',
    '--set params.temperature=hot: params.temperature: expected a number, got "hot"',
    '--set turns[1].checks[0].fact=flim: turns[1].checks[0].fact: unknown fact "flim" (did you mean "film"?)',
  ]);
});

t.test('patterns are checked by the RE2 engine the scorer uses: no lookaround, no backreferences', async (t) => {
  const source =
    'name: x\nturns:\n  - user: a\n    checks:\n      - regex: "(?=a)b"\n      - regex: { pattern: "ok", flags: v }\n' +
    '      - regex: "(a)\\\\1"\n';
  t.same(errorLines(t, source), [
    'scenarios/x.yaml:5:16: turns[0].checks[0].regex: invalid regular expression /(?=a)b/: invalid or unsupported ' +
      'Perl syntax: `(?=` (lookaround and backreferences are not supported: RE2 matches in linear time)',
    'scenarios/x.yaml:6:40: turns[0].checks[1].regex.flags: flag "v" is not supported: chatproof always sets u, ' +
      'which cannot be combined with v; use flags among i, m, s',
    'scenarios/x.yaml:7:16: turns[0].checks[2].regex: invalid regular expression /(a)\\1/: invalid escape ' +
      'sequence: `\\1` (lookaround and backreferences are not supported: RE2 matches in linear time)',
  ]);
});

t.test('--set paths must fit the shape of the document', async (t) => {
  const source =
    'name: x\nfacts:\n  7: { turn: 1, text: seven }\nturns:\n  - user: a\n  - user: b\n    checks: [{ fact: "7", ' +
    'contains: seven }]\n';
  t.same(errorLines(t, source, ['turns.user=x', 'name.first=a', 'facts.7.turn=3', 'a..b=1']), [
    '--set turns.user=x: turns.user: turns is a list, so it has no key "user"; use an index such as turns[0]',
    '--set name.first=a: name.first: name is a single value, so it has no key "first"',
    '--set a..b=1: "a..b" is not a field path; expected dotted keys such as params.temperature or turns[2].user',
    '--set facts.7.turn=3: facts.7.turn: fact "7" is stated at turn 3, but the scenario has only 2 turns (numbered ' +
      'from 1)',
  ]);
});

t.test('one scenario per file', async (t) => {
  t.same(errorLines(t, 'name: x\nturns:\n  - user: a\n---\nname: y\n'), [
    'scenarios/x.yaml:4:1: the file holds more than one YAML document (a second "---"); put one scenario in each file',
  ]);
});

t.test('common YAML pitfalls get a hint', async (t) => {
  t.same(errorLines(t, 'name: x\nturns:\n  - user: a\nslo:\n  contextAccuracy: >= 90%\n'), [
    'scenarios/x.yaml:5:21: YAML syntax error: Block scalar header includes extra characters: >=; a value that ' +
      'starts with ">" or "|" must be quoted, e.g. contextAccuracy: ">= 90%"',
  ]);
  t.same(errorLines(t, 'name: x\nturns:\n  - user: note: this\n'), [
    'scenarios/x.yaml:3:11: YAML syntax error: Nested mappings are not allowed in compact mappings; text that ' +
      'contains ": " must be quoted',
  ]);
  t.same(errorLines(t, 'name: x\nturns:\n  - user: a\nslo:\n  e2e.p95: 800\n'), [
    'scenarios/x.yaml:5:12: slo["e2e.p95"]: expected a condition such as "<= 800ms" or ">= 90%" (in quotes), or ' +
      'off; got 800',
  ]);
});
