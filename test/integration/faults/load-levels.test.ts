// A load level is judged on what it measured: requests served inside the window count even when
// their conversation began in the warm-up; conversation-level figures need finished conversations;
// a level with too few (or a target that answers nothing) says so loudly and never passes.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { gateCommand } from '../../../src/cli/commands/gate.js';
import { loadCommand } from '../../../src/cli/commands/load.js';
import { EXIT } from '../../../src/core/errors.js';
import type { Results } from '../../../src/core/types.js';
import { tempDir, writeScenario } from '../../helpers/eval-harness.js';
import { answerModels, capture, startBareServer, THREE_TURNS } from '../../helpers/fault-harness.js';

t.test('conversations that outlast warm-up + window: the window requests count, the level is not a pass', async (t) => {
  // Each turn takes ~600 ms: a three-turn conversation (~1.8 s) outlasts 0.5 s warm-up + 1 s window.
  const server = await startFixtureServer({ ttftMs: 600, itlMs: 1, reply: 'You live in Lisbon.' });
  t.teardown(() => server.close());
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const out = path.join(dir, 'load');
  const args = [scenario, '--target', server.url, '--out', out, '--no-report', '--quiet', '--users', '2'];
  const run = await capture(loadCommand, [...args, '--warmup', '500ms', '--duration', '1s', '--drain', '500ms']);
  t.equal(run.code, EXIT.inconclusive, run.err);
  t.match(run.err, /level 1 \(2 users\) is NOT a pass: only 0 conversations finished \(at least 2 needed\)/);
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
  const level = results.load!.levels[0]!;
  t.ok(level.counts.turns >= 2, `${level.counts.turns} requests of the window counted`);
  t.ok(level.figures.latency.e2eMs.count >= 1, 'their latency is measured');
  t.ok(level.figures.requestsPerSecond > 0);
  t.equal(level.counts.completed + level.counts.interrupted, 0, 'no conversation finished');
  const gate = await capture(gateCommand, [out, '--quiet']);
  t.equal(gate.code, EXIT.inconclusive, 'gate agrees: never a pass');
});

t.test('a target that hangs every request: load exits 4 saying nothing was answered', async (t) => {
  const server = await startBareServer((req, res) => {
    if (req.url?.endsWith('/models')) answerModels(res);
    // Chat requests get nothing, ever (closed when the server closes).
  });
  t.teardown(() => server.close());
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const out = path.join(dir, 'hang');
  const run = await capture(loadCommand, [
    scenario,
    ...['--target', server.url, '--out', out, '--no-report', '--quiet', '--users', '2'],
    ...['--warmup', '0', '--duration', '1s', '--drain', '500ms'],
  ]);
  t.equal(run.code, EXIT.inconclusive, run.err);
  t.match(run.err, /is NOT a pass: the target answered none of the \d+ requests/);
});
