// rescore and judge-check end to end: the real CLI, the fixture target and fixture judge on 127.0.0.1.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { startJudgeServer } from '../../../fixtures/judge-server/index.js';
import { startFixtureServer } from '../../../fixtures/openai-server/index.js';
import type { Results } from '../../../src/core/types.js';
import { readResultsFile } from '../../../src/store/results-file.js';
import { readTurnLog } from '../../../src/store/turn-log-reader.js';
import { ROOT, runCli, tempDir, writeScenario } from '../../helpers/eval-harness.js';

const SCENARIO = `
name: order-recall
facts:
  order: { turn: 1, text: "order NW-40917" }
turns:
  - user: My order is NW-40917.
  - user: Which order was it?
    checks:
      - fact: order
        judge: true
      - fact: order
        contains: NW-40917
`;

const results = (dir: string): Results => {
  readResultsFile(dir); // validated against the schema
  return JSON.parse(readFileSync(path.join(dir, 'results.json'), 'utf8')) as Results;
};

t.test('rescore: edited checks on saved replies, no target call, cached judge answers reused', async (t) => {
  const model = await startFixtureServer({ reply: (req) => (req.userTurns === 1 ? 'Noted.' : 'It was NW 40917.') });
  const judge = await startJudgeServer();
  t.teardown(() => judge.close());
  const dir = tempDir();
  const file = writeScenario(dir, 'order', SCENARIO);
  const run = path.join(dir, 'run');
  await runCli([
    'eval',
    file,
    '--target',
    model.url,
    '--judge-target',
    judge.url,
    '--judge-model',
    'judge',
    '--out',
    run,
    '--no-report',
  ]);
  await model.close(); // rescoring never calls the target
  t.equal(judge.asked(), 1);

  const same = path.join(dir, 'same');
  const again = await runCli(['rescore', run, '--out', same, '--no-report']);
  t.equal(again.code, results(run).summary.verdict === 'pass' ? 0 : 1, again.stderr);
  t.equal(judge.asked(), 1, 'the unchanged judged check was answered from the saved run');
  const s = results(same);
  t.equal(s.judge?.cached, 1);
  t.equal(s.judge?.requests, 0);
  t.same(
    s.turns.map((r) => r.timing.endMs),
    results(run).turns.map((r) => r.timing.endMs),
    'measurements copied',
  );
  t.match(again.stdout, /Rescored 2 turns from .*: 0 changed outcome/);

  // Edit: a stricter rule that refuses the spaced form, and a new rubric the judge must answer.
  const edited = writeScenario(
    dir,
    'order-edited',
    SCENARIO.replace(
      '        contains: NW-40917\n',
      '        regex: "NW-\\\\d{5}"\n      - judge: \'The reply names "NW-40917"\'\n',
    ),
  );
  const out = path.join(dir, 'edited');
  const rescored = await runCli(['rescore', run, '--scenario', edited, '--out', out, '--no-report']);
  t.equal(rescored.code, 1, 'the edited rule fails the reply: context accuracy below 90%');
  const e = results(out);
  t.same(
    e.turns[1].checks.map((c) => [c.kind, c.passed, c.judge?.cached ?? false]),
    [
      ['judge', true, true],
      ['regex', false, false],
      ['judge', true, false],
    ],
  );
  t.equal(judge.asked(), 2, 'only the new rubric went to the judge');
  t.same(e.run.options.rescoredFrom, { runId: results(run).run.runId, dir: run });
  t.equal(e.judge?.agreement.pairs, 1);
  t.equal(e.judge?.agreement.agreed, 0, 'rule and judge disagree');
  const log = await readTurnLog(path.join(out, 'turns.jsonl'));
  t.equal(log.records[1].checks.length, 3, 'the new turns.jsonl holds the new checks');
  const refused = await runCli(['rescore', run, '--out', out]);
  t.equal(refused.code, 2, 'never over an existing run');
  writeFileSync(path.join(dir, 'other.yaml'), 'name: other\nturns:\n  - user: hi\n');
  const unknown = await runCli([
    'rescore',
    run,
    '--scenario',
    path.join(dir, 'other.yaml'),
    '--out',
    path.join(dir, 'x'),
  ]);
  t.equal(unknown.code, 2);
  t.match(unknown.stderr, /scenario "other" .* is not in the run; the run played: order-recall/);
});

t.test('judge-check: accuracy, false passes and false fails on the breakup scenario', async (t) => {
  const judge = await startJudgeServer();
  t.teardown(() => judge.close());
  const dir = tempDir();
  const json = path.join(dir, 'check.json');
  const run = await runCli([
    'judge-check',
    path.join(ROOT, 'scenarios/breakup.yaml'),
    '--judge-target',
    judge.url,
    '--judge-model',
    'judge',
    '--json',
    json,
  ]);
  t.equal(run.code, 0, run.stderr);
  const saved = JSON.parse(readFileSync(json, 'utf8'));
  const kinds = saved.cases.map((c: { turn: number; fact: string; kind: string }) => `${c.turn} ${c.fact} ${c.kind}`);
  t.same(kinds, [
    '6 breakup scripted',
    '6 breakup missing',
    '7 titanic scripted',
    '7 titanic altered',
    '7 titanic missing',
    '7 too-old scripted',
    '7 too-old missing',
  ]);
  const altered = saved.cases.find((c: { kind: string }) => c.kind === 'altered');
  t.equal(altered.reply, '记得,是《阿凡达》。他说那部电影太老了。', "the turn's wrong answer replaces the title");
  t.same(saved.figures, { ...saved.figures, cases: 7, judged: 7, falsePasses: 0 });
  t.match(run.stdout, /accuracy \d+\.\d% \(\d of 7 judged cases\), false passes 0, false fails \d/);
  t.match(run.stderr, /note: breakup-zh turn 8: no scripted "assistant:" reply to grade/);
  // The measured accuracy travels with a judged run that names it.
  const model = await startFixtureServer({ reply: () => 'It was NW-40917.' });
  t.teardown(() => model.close());
  const out = path.join(dir, 'calibrated');
  const file = writeScenario(dir, 'order', SCENARIO);
  const args = ['eval', file, '--target', model.url, '--judge-target', judge.url, '--judge-model', 'judge'];
  const calibrated = await runCli([...args, '--judge-calibration', json, '--out', out, '--no-report']);
  t.same(results(out).judge?.calibration, {
    model: 'judge',
    cases: 7,
    accuracy: saved.figures.accuracy,
    falsePasses: 0,
    falseFails: saved.figures.falseFails,
  });
  t.match(calibrated.stdout, /measured by judge-check: accuracy \d+% on 7 cases \(false passes 0, false fails \d\)/);
  const wrongJudge = await runCli([
    ...args.slice(0, -1),
    'judge-fenced',
    '--judge-calibration',
    json,
    '--out',
    `${out}2`,
  ]);
  t.equal(wrongJudge.code, 2);
  t.match(wrongJudge.stderr, /it measured the judge "judge", but this run judges with "judge-fenced"/);
  const none = await runCli(['judge-check', path.join(ROOT, 'scenarios/breakup.yaml')], {
    env: { CHATPROOF_JUDGE_TARGET: '' },
  });
  t.equal(none.code, 2);
  t.match(none.stderr, /name the judge to measure/);
});
