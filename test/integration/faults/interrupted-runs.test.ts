// A run stopped from outside keeps everything measured: SIGTERM and SIGHUP stop it as Ctrl-C does
// (summary, results.json, exit 143 / 129); after kill -9 turns.jsonl alone is enough: "report"
// and "gate" read the folder, saying it was recovered, and "chatproof recover" writes results.json.
// A full disk mid-run (here: a file-size limit, EFBIG) stops the run with exit 5 and a paragraph.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t, { type Test } from 'tap';
import { startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { gateCommand } from '../../../src/cli/commands/gate.js';
import { recoverCommand } from '../../../src/cli/commands/recover.js';
import { reportCommand } from '../../../src/cli/commands/report.js';
import { EXIT } from '../../../src/core/errors.js';
import type { Results } from '../../../src/core/types.js';
import { onRecoveryNotice } from '../../../src/store/results-file.js';
import { readTurnLog } from '../../../src/store/turn-log-reader.js';
import { type CliRun, childEnv, ROOT, runCli, tempDir, writeScenario } from '../../helpers/eval-harness.js';
import { capture, THREE_TURNS } from '../../helpers/fault-harness.js';

/** Resolve once turns.jsonl holds at least `turns` turn lines. */
async function waitForTurns(file: string, turns: number): Promise<void> {
  for (let i = 0; i < 3000; i++) {
    if (existsSync(file) && readFileSync(file, 'utf8').split('"type":"turn"').length - 1 >= turns) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${turns} turns in ${file}`);
}

async function startRun(t: Test): Promise<{ url: string; scenario: string; dir: string }> {
  const server = await startFixtureServer({ ttftMs: 40, itlMs: 2, reply: 'You live in Lisbon.' });
  t.teardown(() => server.close());
  const dir = tempDir('chatproof-faults-');
  return { url: server.url, scenario: writeScenario(dir, 'three', THREE_TURNS), dir };
}

for (const [signal, code] of [
  ['SIGTERM', EXIT.terminated],
  ['SIGHUP', EXIT.hangup],
] as const) {
  t.test(`${signal} stops eval like Ctrl-C: summary, results.json of every logged turn, exit ${code}`, async (t) => {
    const { url, scenario, dir } = await startRun(t);
    const out = path.join(dir, 'run');
    const run = await runCli(['eval', scenario, '--target', url, '--out', out, '--no-report', '--runs', '30'], {
      onSpawn: (child) => void waitForTurns(path.join(out, 'turns.jsonl'), 3).then(() => child.kill(signal)),
    });
    t.equal(run.code, code, run.stderr);
    t.match(run.stderr, new RegExp(`Stopping \\(${signal}\\)`));
    t.match(run.stdout, /three/, 'the summary was printed');
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    const log = await readTurnLog(path.join(out, 'turns.jsonl'));
    t.equal(results.turns.length, log.records.length);
    t.ok(results.summary.conversations.total < 30, 'really stopped early');
  });
}

t.test('load stops on SIGTERM too: exit 143, results.json written', async (t) => {
  const { url, scenario, dir } = await startRun(t);
  const out = path.join(dir, 'load');
  const run = await runCli(
    [
      'load',
      scenario,
      '--target',
      url,
      '--out',
      out,
      '--no-report',
      '--users',
      '2',
      '--duration',
      '30s',
      '--warmup',
      '0',
    ],
    { onSpawn: (child) => void waitForTurns(path.join(out, 'turns.jsonl'), 3).then(() => child.kill('SIGTERM')) },
  );
  t.equal(run.code, EXIT.terminated, run.stderr);
  t.ok(existsSync(path.join(out, 'results.json')));
});

t.test('after kill -9: report and gate read turns.jsonl, saying so; recover writes results.json once', async (t) => {
  const { url, scenario, dir } = await startRun(t);
  const out = path.join(dir, 'killed');
  const run = await runCli(['eval', scenario, '--target', url, '--out', out, '--no-report', '--runs', '30'], {
    onSpawn: (child) => void waitForTurns(path.join(out, 'turns.jsonl'), 4).then(() => child.kill('SIGKILL')),
  });
  t.equal(run.signal, 'SIGKILL');
  t.notOk(existsSync(path.join(out, 'results.json')));
  const notices: string[] = [];
  onRecoveryNotice((line) => notices.push(line));
  const report = await capture(reportCommand, [out, '--no-png']);
  t.equal(report.code, EXIT.ok, report.err);
  t.ok(existsSync(path.join(out, 'index.html')));
  const gate = await capture(gateCommand, [out, '--quiet']);
  t.ok(gate.code === EXIT.ok || gate.code === EXIT.sloFailed, `gate decided (${gate.code}): ${gate.err}`);
  t.equal(notices.length, 2, 'each said the results were recovered');
  t.match(notices[0], /no results\.json .* recovered from turns\.jsonl \(\d+ turns/);
  t.notOk(existsSync(path.join(out, 'results.json')), 'reading never writes');

  const recovered = await capture(recoverCommand, [out, '--no-report', '--quiet']);
  t.equal(recovered.code, EXIT.ok, recovered.err);
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
  const log = await readTurnLog(path.join(out, 'turns.jsonl'));
  t.equal(results.turns.length, log.records.length, 'every logged turn');
  t.equal(results.run.options.recoveredFrom, 'turns.jsonl');
  const before = readFileSync(path.join(out, 'results.json'), 'utf8');
  const again = await capture(recoverCommand, [out]);
  t.equal(again.code, EXIT.badInput);
  t.match(again.err, /already exists/);
  t.equal(readFileSync(path.join(out, 'results.json'), 'utf8'), before, 'never overwritten');
  const nothing = await capture(recoverCommand, [dir]);
  t.equal(nothing.code, EXIT.badInput);
  t.match(nothing.err, /no turns\.jsonl/);
});

/** The CLI under a file-size limit (ulimit -f, in KiB): writes past it fail with EFBIG, as on a full disk. */
function runLimited(args: string[], kib: number): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const cli = path.join(ROOT, 'src/cli/main.ts');
    const child = spawn(
      'bash',
      [
        '-c',
        `unset NODE_OPTIONS; ulimit -f ${kib}; exec "${process.execPath}" --import tsx "${cli}" "$@"`,
        'chatproof',
        ...args,
      ],
      { cwd: ROOT, env: childEnv({ NO_COLOR: '1', NODE_OPTIONS: '' }), stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });
}

t.test('disk full mid-run: exit 5, one paragraph, the summary, every written turn kept', async (t) => {
  const { url, scenario, dir } = await startRun(t);
  const out = path.join(dir, 'full');
  const run = await runLimited(['eval', scenario, '--target', url, '--out', out, '--runs', '40'], 12);
  t.equal(run.code, EXIT.writeFailed, run.stderr);
  t.notMatch(run.stderr, /internal error/);
  t.match(
    run.stderr,
    /turns\.jsonl: cannot be written: .*(EFBIG|size limit).* The run stopped there: turns\.jsonl holds/,
  );
  t.notMatch(run.stderr, /\n\s+at /, 'no stack trace');
  t.match(run.stdout, /three/, 'the summary was printed');
  const log = await readTurnLog(path.join(out, 'turns.jsonl'));
  t.ok(log.records.length >= 1 && log.records.length < 120, `${log.records.length} turns on disk`);
  t.ok(
    log.records.every((r) => r.ok),
    'every line on disk is a whole turn',
  );
  if (!existsSync(path.join(out, 'results.json'))) {
    t.match(run.stderr, /chatproof recover/);
    const recovered = await capture(recoverCommand, [out, '--no-report', '--quiet']);
    t.equal(recovered.code, EXIT.ok, 'recovered once there is room');
  }
});
