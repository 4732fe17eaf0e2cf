// A simulated user end to end: a user model (fixture server) plays the persona against the
// target (fixture server), checks run per turn, and freeze turns the dialogue into a fixed scenario.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { type ReceivedRequest, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import type { Results } from '../../../src/core/types.js';
import { readResultsFile } from '../../../src/store/results-file.js';
import { runCli, tempDir, writeScenario } from '../../helpers/eval-harness.js';

const SCENARIO = `
name: support-sim
system: You are a support agent.
facts:
  order: { turn: 1, text: "order NW-40917" }
simulate:
  persona: A customer whose chair has not arrived
  goal: Hear the order number read back
  facts: [order]
  max_turns: 5
  stop: the assistant reads the order number back
  language: en
  checks:
    - fact: order
      contains: { any: [NW-40917], none: [NW-40971] }
`;

/** The user model: states the fact, asks it back, then ends; it sees its own lines as "assistant". */
function userModel(req: ReceivedRequest): string {
  const system = String(req.body.messages?.[0]?.content ?? '');
  if (!system.includes('Persona: A customer whose chair has not arrived') || !system.includes('- order NW-40917')) {
    return 'I did not get my instructions.';
  }
  const said = (req.body.messages ?? []).filter((m) => m.role === 'assistant').length;
  return ['My chair order NW-40917 has not arrived.', 'Which order number did I give you?', '[END]'][said] ?? '[END]';
}

/** The target: reads the order number back from history. */
function target(req: ReceivedRequest): string {
  const history = (req.body.messages ?? []).map((m) => String(m.content)).join(' ');
  if (/which order/i.test(req.lastUser)) return history.includes('NW-40917') ? 'It is NW 40917.' : 'I do not know.';
  return 'Sorry to hear that; let me check.';
}

t.test(
  'simulate: the user model plays the persona; checks run per turn; freeze makes it a fixed scenario',
  async (t) => {
    const user = await startFixtureServer({ reply: userModel, model: 'user-model' });
    const model = await startFixtureServer({ reply: target });
    t.teardown(async () => {
      await user.close();
      await model.close();
    });
    const dir = tempDir();
    const out = path.join(dir, 'run');
    const file = writeScenario(dir, 'sim', SCENARIO);
    const run = await runCli([
      'eval',
      '--warm-up',
      '0',
      file,
      '--target',
      model.url,
      '--user-target',
      user.url,
      '--user-model',
      'user-model',
      '--out',
      out,
      '--no-report',
    ]);
    t.equal(run.code === 0 || run.code === 1, true, run.stderr);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    t.same(
      results.turns.map((r) => [r.turn, r.user, r.content, r.checks.map((c) => c.passed)]),
      [
        [1, 'My chair order NW-40917 has not arrived.', 'Sorry to hear that; let me check.', []],
        [2, 'Which order number did I give you?', 'It is NW 40917.', [true]],
      ],
      'two turns, then the user model ended the conversation',
    );
    t.equal(results.summary.contextAccuracy, 1);
    t.doesNotThrow(() => readResultsFile(out), 'results.json matches its schema');
    t.equal(user.log.filter((r) => r.path.endsWith('/chat/completions')).length, 3, 'three user-model requests');
    t.equal(model.log.filter((r) => r.path.endsWith('/chat/completions')).length, 2, 'two target requests');

    const frozenFile = path.join(dir, 'frozen.yaml');
    const frozen = await runCli(['freeze', out, '--out', frozenFile]);
    t.equal(frozen.code, 0, frozen.stderr);
    t.match(frozen.stdout, /Froze 2 turns of support-sim#1 into /);
    const yaml = readFileSync(frozenFile, 'utf8');
    t.match(yaml, /name: support-sim-frozen/);
    t.match(yaml, /history: recorded/);
    t.match(
      yaml,
      /- user: My chair order NW-40917 has not arrived\.\n {4}assistant: Sorry to hear that; let me check\./,
    );
    const again = path.join(dir, 'again');
    const replay = await runCli([
      'eval',
      '--warm-up',
      '0',
      frozenFile,
      '--target',
      model.url,
      '--out',
      again,
      '--no-report',
    ]);
    t.equal(replay.code === 0 || replay.code === 1, true, replay.stderr);
    const replayed = JSON.parse(readFileSync(path.join(again, 'results.json'), 'utf8')) as Results;
    t.same(
      replayed.turns.map((r) => [r.user, r.checks.map((c) => c.passed)]),
      [
        ['My chair order NW-40917 has not arrived.', []],
        ['Which order number did I give you?', [true]],
      ],
      'the frozen scenario replays the same dialogue with the same checks',
    );
    const twice = await runCli(['freeze', out, '--out', frozenFile]);
    t.equal(twice.code, 2, 'freeze never overwrites');
  },
);

t.test('a scenario needs turns or simulate; simulate names declared facts', async (t) => {
  const dir = tempDir();
  const file = writeScenario(dir, 'bad', 'name: bad\nsimulate: { persona: p, goal: g, facts: [nope] }\n');
  const run = await runCli(['eval', file, '--target', 'http://127.0.0.1:9/v1']);
  t.equal(run.code, 2);
  t.match(run.stderr, /simulate\.facts\[0\]: unknown fact "nope"/);
  const none = writeScenario(dir, 'none', 'name: none\n');
  const r2 = await runCli(['eval', none, '--target', 'http://127.0.0.1:9/v1']);
  t.match(r2.stderr, /missing required key "turns" \(the user messages, in order\), or "simulate"/);
});
