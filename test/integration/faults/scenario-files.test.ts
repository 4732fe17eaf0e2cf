// Hostile scenario files are bad input (exit 2, one paragraph naming file and line), never an
// internal error, a silent change of the text sent, or gigabytes of memory; and a short seeded
// fuzz of mutated scenarios never gets past the scenario stage with anything but a ScenarioError.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { evalCommand } from '../../../src/cli/commands/eval.js';
import { EXIT } from '../../../src/core/errors.js';
import { seededRandom } from '../../../src/core/random.js';
import { parseScenario } from '../../../src/scenario/parse.js';
import { ScenarioError } from '../../../src/scenario/problems.js';
import { loadScenario, MAX_SCENARIO_BYTES } from '../../../src/scenario/read.js';
import { tempDir } from '../../helpers/eval-harness.js';
import { capture, THREE_TURNS } from '../../helpers/fault-harness.js';

const ALIAS_BOMB = `name: bomb
a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
turns:
  - user: *e
`;

async function evalFile(t: Test, name: string, content: string | Buffer): Promise<{ code: number; err: string }> {
  const dir = tempDir('chatproof-faults-');
  const file = path.join(dir, name);
  writeFileSync(file, content);
  // Nothing listens on port 9: every case must stop before any target is tried.
  const run = await capture(evalCommand, [file, '--target', 'http://127.0.0.1:9/v1', '--quiet']);
  t.notMatch(run.err, /internal error|\n\s+at /, 'no internal error, no stack');
  return run;
}

t.test('a YAML alias bomb is bad input, exit 2', async (t) => {
  const run = await evalFile(t, 'bomb.yaml', ALIAS_BOMB);
  t.equal(run.code, EXIT.badInput, run.err);
  t.match(run.err, /bomb\.yaml:1:1: .*alias bomb/);
});

t.test('invalid UTF-8 is refused at its line, never replaced with U+FFFD and sent', async (t) => {
  const bytes = Buffer.concat([
    Buffer.from('name: latin\nturns:\n  - user: caf'),
    Buffer.from([0xe9]),
    Buffer.from(' au lait\n'),
  ]);
  const run = await evalFile(t, 'latin1.yaml', bytes);
  t.equal(run.code, EXIT.badInput, run.err);
  t.match(run.err, /latin1\.yaml:3:14: .*not valid UTF-8 \(bytes e9 20 61 75 at byte 32\)/);
});

t.test('a user message of only spaces is refused like an empty one', async (t) => {
  const run = await evalFile(t, 'spaces.yaml', 'name: spaces\nturns:\n  - user: "   "\n');
  t.equal(run.code, EXIT.badInput, run.err);
  t.match(run.err, /spaces\.yaml:3:\d+: turns\[0\]\.user: expected what the user says, got only spaces/);
});

t.test('a scenario over the size limit is refused before it is read', async (t) => {
  const big = `name: big\nturns:\n  - user: "${'word '.repeat(Math.ceil(MAX_SCENARIO_BYTES / 5))}"\n`;
  const run = await evalFile(t, 'big.yaml', big);
  t.equal(run.code, EXIT.badInput, run.err);
  t.match(run.err, /big\.yaml: is 4\.0 MB; a scenario may be at most 4 MB/);
});

t.test('thousands of turns with the whole history resent: a warning with the fix', async (t) => {
  const turns = Array.from({ length: 1500 }, (_, i) => `  - user: hi ${i}\n`).join('');
  const { warnings } = parseScenario(`name: long\nturns:\n${turns}`, 'long.yaml');
  t.match(warnings.map((w) => w.message).join('\n'), /1,500 turns, .*1,125,750 messages.*max_history_turns/);
  const bounded = parseScenario(`name: long\nparams: { max_history_turns: 8 }\nturns:\n${turns}`, 'long.yaml');
  t.notMatch(bounded.warnings.map((w) => w.message).join('\n'), /resending the whole history/);
});

t.test('seeded fuzz: mutated scenarios give a ScenarioError or a scenario, nothing else', async (t) => {
  const random = seededRandom(20261205);
  const base = Buffer.from(THREE_TURNS);
  const pieces = ['*', '&', '"', "'", ':', '- ', '{', '[', '\t', '\n', '#', '!!binary ', '%YAML 1.1\n', '---\n'];
  const dir = tempDir('chatproof-faults-');
  let errors = 0;
  for (let i = 0; i < 120; i++) {
    const bytes = Buffer.from(base);
    let mutated: Buffer = bytes;
    for (let k = 0, n = 1 + Math.floor(random() * 4); k < n; k++) {
      const at = Math.floor(random() * mutated.length);
      const choice = random();
      if (choice < 0.3) mutated[at] = Math.floor(random() * 256);
      else if (choice < 0.6) mutated = Buffer.concat([mutated.subarray(0, at), mutated.subarray(at + 1)]);
      else {
        const piece = Buffer.from(pieces[Math.floor(random() * pieces.length)]!);
        mutated = Buffer.concat([mutated.subarray(0, at), piece, mutated.subarray(at)]);
      }
    }
    const file = path.join(dir, `fuzz-${i}.yaml`);
    writeFileSync(file, mutated);
    try {
      await loadScenario(file);
    } catch (error) {
      if (!(error instanceof ScenarioError)) {
        t.fail(`case ${i}: ${(error as Error).stack}\n${mutated.toString('latin1')}`);
        continue;
      }
      errors++;
      t.ok(error.problems.every((p) => p.message.length > 0 && p.file.length > 0));
    }
  }
  t.ok(errors > 0, `${errors} of 120 mutations were refused with a ScenarioError`);
});
