// Results already measured are never lost: kill -9 keeps turns.jsonl; Ctrl-C also writes results.json.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { startFixtureServer } from '../../../fixtures/openai-server/index.js';
import type { Results } from '../../../src/core/types.js';
import { readTurnLog } from '../../../src/store/turn-log-reader.js';
import { MEMORY_SCENARIO, runCli, tempDir, writeScenario } from '../../helpers/eval-harness.js';

/** Resolve once turns.jsonl holds at least `turns` turn lines. */
async function waitForTurns(file: string, turns: number, timeoutMs = 30_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (existsSync(file)) {
      const lines = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type":"turn"')).length;
      if (lines >= turns) return lines;
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no ${turns} turns in ${file} after ${timeoutMs} ms`);
}

t.test('kill -9 mid-run keeps every finished turn in turns.jsonl', async (t) => {
  const server = await startFixtureServer({ ttftMs: 60, itlMs: 5 });
  t.teardown(() => server.close());
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const out = path.join(dir, 'run');
  const turnsFile = path.join(out, 'turns.jsonl');
  const run = await runCli(['eval', file, '--target', server.url, '--out', out, '--no-report', '--runs', '20'], {
    onSpawn: (child) =>
      void waitForTurns(turnsFile, 4).then(
        () => child.kill('SIGKILL'),
        () => child.kill('SIGKILL'),
      ),
  });
  t.equal(run.signal, 'SIGKILL');
  const log = await readTurnLog(turnsFile);
  t.ok(log.records.length >= 4, `${log.records.length} turns survived`);
  t.ok(log.records.length < 60, 'the run was really cut short');
  t.ok(
    log.records.every((r) => r.ok && r.timing.endMs! > 0),
    'every surviving line is a whole, finished turn',
  );
  t.notOk(existsSync(path.join(out, 'results.json')));
});

t.test(
  'Ctrl-C stops cleanly: exit 130, results.json from the turns so far, unfinished conversations incomplete',
  async (t) => {
    const server = await startFixtureServer({ ttftMs: 80, itlMs: 5 });
    t.teardown(() => server.close());
    const dir = tempDir();
    const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
    const out = path.join(dir, 'run');
    const turnsFile = path.join(out, 'turns.jsonl');
    const run = await runCli(['eval', file, '--target', server.url, '--out', out, '--no-report', '--runs', '20'], {
      onSpawn: (child) => void waitForTurns(turnsFile, 4).then(() => child.kill('SIGINT')),
    });
    t.equal(run.code, 130, run.stderr);
    const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
    const log = await readTurnLog(turnsFile);
    t.equal(results.turns.length, log.records.length, 'results.json is derived from exactly the logged turns');
    t.ok(results.summary.conversations.total < 20);
    t.equal(results.summary.conversations.interrupted, 0, 'stopping is not the target failing');
    t.ok(results.summary.conversations.incomplete >= 1);
    t.match(run.stderr, /Stopping/);
  },
);
