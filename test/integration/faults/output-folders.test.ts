// Nothing measured is ever overwritten: every command claims its output folder (new or empty,
// atomically) before it measures or writes anything, and a folder it cannot use is a usage error
// (exit 2, one paragraph), never a hang, an internal error or a silent overwrite.
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { evalCommand } from '../../../src/cli/commands/eval.js';
import { mergeCommand } from '../../../src/cli/commands/merge.js';
import { reportCommand } from '../../../src/cli/commands/report.js';
import { EXIT } from '../../../src/core/errors.js';
import { CLAIM_FILE, claimOutDir } from '../../../src/store/out-dir.js';
import { runCli, tempDir, writeScenario } from '../../helpers/eval-harness.js';
import { capture, THREE_TURNS } from '../../helpers/fault-harness.js';
import { runLoad, testClient } from '../../helpers/load-harness.js';

t.test('eval and load refuse a folder holding results.json without turns.jsonl (a merge, a baseline)', async (t) => {
  const server = await startFixtureServer({ ttftMs: 1, itlMs: 1 });
  t.teardown(() => server.close());
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const baseline = path.join(dir, 'baseline');
  mkdirSync(baseline);
  writeFileSync(path.join(baseline, 'results.json'), '{"downloaded": true}\n');
  for (const command of ['eval', 'load'] as const) {
    const run = await capture(
      command === 'eval' ? evalCommand : (await import('../../../src/cli/commands/load.js')).loadCommand,
      [scenario, '--target', server.url, '--out', baseline, '--no-report', '--quiet'].concat(
        command === 'load' ? ['--users', '1'] : [],
      ),
    );
    t.equal(run.code, EXIT.badInput, `${command}: ${run.err}`);
    t.match(run.err, /already holds files \(results\.json\)/);
  }
  t.equal(readFileSync(path.join(baseline, 'results.json'), 'utf8'), '{"downloaded": true}\n', 'untouched');
  t.equal(server.log.length, 0, 'nothing was sent: the folder is checked before the run');
});

t.test('merge --out onto an earlier eval run is refused; the run is untouched', async (t) => {
  const server = await startFixtureServer({ ttftMs: 1, itlMs: 1, reply: 'You live in Lisbon.' });
  t.teardown(() => server.close());
  const client = testClient(server.url);
  t.teardown(() => client.close());
  const shardA = await runLoad(client, [{ users: 2 }], { shard: { index: 1, count: 2 }, durationMs: 300 });
  const shardB = await runLoad(client, [{ users: 2 }], { shard: { index: 2, count: 2 }, durationMs: 300 });
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const evalRun = path.join(dir, 'eval-run');
  const first = await capture(evalCommand, [scenario, '--target', server.url, '--out', evalRun, '--quiet']);
  t.equal(first.code, EXIT.ok, first.err);
  const before = Object.fromEntries(
    ['results.json', 'turns.jsonl', 'index.html'].map((f) => [f, readFileSync(path.join(evalRun, f), 'utf8')]),
  );
  const merged = await capture(mergeCommand, [shardA.resultsPath, shardB.resultsPath, '--out', evalRun]);
  t.equal(merged.code, EXIT.badInput, merged.err);
  t.match(merged.err, /never overwrites/);
  for (const [file, text] of Object.entries(before)) {
    t.equal(readFileSync(path.join(evalRun, file), 'utf8'), text, `${file} untouched`);
  }
  // The same run again into its own folder, and report --out onto it: refused too.
  const again = await capture(evalCommand, [scenario, '--target', server.url, '--out', evalRun, '--quiet']);
  t.equal(again.code, EXIT.badInput);
  const report = await capture(reportCommand, [evalRun, '--out', evalRun, '--no-png']);
  t.equal(report.code, EXIT.badInput, report.err);
  t.equal(readFileSync(path.join(evalRun, 'index.html'), 'utf8'), before['index.html']);
  // A merge into a new folder still works, and claims it.
  const fresh = path.join(dir, 'merged');
  t.equal((await capture(mergeCommand, [shardA.resultsPath, shardB.resultsPath, '--out', fresh])).code, 0);
  t.ok(existsSync(path.join(fresh, CLAIM_FILE)));
});

t.test('a bad --out is a usage error at once: empty, a file, under a file, /proc, read-only', async (t) => {
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const file = path.join(dir, 'a-file');
  writeFileSync(file, 'x');
  const readOnly = path.join(dir, 'read-only');
  mkdirSync(readOnly);
  chmodSync(readOnly, 0o555);
  // Root ignores permission bits; /proc refuses everyone.
  const cases: Array<[string, RegExp]> = [
    ['', /folder name is empty/],
    [file, /is a file, not a folder/],
    [path.join(file, 'run'), /is a file, not a folder|ENOTDIR/],
    ['/proc/nope', /cannot be created/],
    ['/proc/self/nope/run', /cannot be created|is a file/],
  ];
  if (process.getuid?.() !== 0) cases.push([path.join(readOnly, 'run'), /permission denied|EACCES/]);
  for (const [out, message] of cases) {
    // Nothing listens on port 9: the folder must be refused before any target is tried.
    const run = await capture(evalCommand, [scenario, '--target', 'http://127.0.0.1:9/v1', '--out', out, '--quiet']);
    t.equal(run.code, EXIT.badInput, `--out ${JSON.stringify(out)}: ${run.err}`);
    t.match(run.err, message);
    t.notMatch(run.err, /internal error/);
  }
});

t.test('--out /proc/nope through the real CLI: exit 2 with one paragraph, never a hang', async (t) => {
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const run = await runCli(['eval', scenario, '--target', 'http://127.0.0.1:9/v1', '--out', '/proc/nope'], {
    timeoutMs: 60_000,
  });
  t.equal(run.signal, null, 'finished by itself');
  t.equal(run.code, EXIT.badInput, run.stderr);
  t.match(run.stderr, /--out "\/proc\/nope": the folder cannot be created/);
});

t.test('two commands claiming one folder at the same moment: exactly one wins', async (t) => {
  const dir = path.join(tempDir('chatproof-faults-'), 'contested');
  const outcomes = await Promise.allSettled(
    Array.from({ length: 8 }, () => Promise.resolve().then(() => claimOutDir(dir, 'eval', { flag: '--out' }))),
  );
  t.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1);
  t.same(readdirSync(dir), [CLAIM_FILE]);
  // A default (dated) name moves on to a free one instead of failing.
  t.equal(claimOutDir(dir, 'eval', { flag: 'output folder', numberOnClash: true }), `${dir}-2`);
});

t.test('a bad --junit or --markdown path is refused before the run, not after it', async (t) => {
  const server = await startFixtureServer({ ttftMs: 1, itlMs: 1 });
  t.teardown(() => server.close());
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const file = path.join(dir, 'a-file');
  writeFileSync(file, 'x');
  for (const [flag, value] of [
    ['--junit', '/proc/nope/junit.xml'],
    ['--markdown', path.join(file, 'summary.md')],
    ['--junit', dir],
    ['--markdown', ''],
  ] as const) {
    const out = path.join(dir, `run-${flag.slice(2)}-${value.length}`);
    const run = await capture(evalCommand, [scenario, '--target', server.url, '--out', out, flag, value, '--quiet']);
    t.equal(run.code, EXIT.badInput, `${flag} ${JSON.stringify(value)}: ${run.err}`);
    t.match(run.err, new RegExp(`^${flag} `));
  }
  t.equal(server.log.length, 0, 'no run was spent');
});

t.test('a run that never starts (target unreachable) gives its folder back', async (t) => {
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const fresh = path.join(dir, 'fresh');
  const run = await capture(evalCommand, [scenario, '--target', 'http://127.0.0.1:9/v1', '--out', fresh, '--quiet']);
  t.equal(run.code, EXIT.unreachable, run.err);
  t.notOk(existsSync(fresh), 'the folder it created is gone');
  const mine = path.join(dir, 'mine');
  mkdirSync(mine);
  await capture(evalCommand, [scenario, '--target', 'http://127.0.0.1:9/v1', '--out', mine, '--quiet']);
  t.same(readdirSync(mine), [], "the user's own empty folder stays, empty");
});
