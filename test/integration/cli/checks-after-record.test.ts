// A received reply reaches turns.jsonl before any check runs, and no check can hang a run: the
// catastrophic pattern ^(\w+\s?)*!$ against a 40-letter reply (hours for a backtracking engine)
// finishes with the run, every turn and its checks on disk.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { startFixtureServer } from '../../../fixtures/openai-server/index.js';
import type { Results } from '../../../src/core/types.js';
import { readTurnLog } from '../../../src/store/turn-log-reader.js';
import { runCli, tempDir, writeScenario } from '../../helpers/eval-harness.js';

const SCENARIO = `
name: redos
facts:
  order: { turn: 1, text: order NW-40917 }
turns:
  - user: My order is NW-40917.
  - user: Say something.
    checks:
      - name: catastrophic pattern
        regex: '^(\\w+\\s?)*!$'
      - fact: order
        contains: { any: [NW40917], none: [NW-40971] }
      - contains: 40917
`;

t.test('a catastrophic regex neither hangs the run nor loses the reply', async (t) => {
  // 40 word characters and no "!": the classic exponential case for backtracking engines.
  const server = await startFixtureServer({ reply: () => `${'a'.repeat(39)} NW 40917` });
  t.teardown(() => server.close());
  const dir = tempDir();
  const out = path.join(dir, 'run');
  const run = await runCli(['eval', writeScenario(dir, 'redos', SCENARIO), '--target', server.url, '--out', out], {
    timeoutMs: 120_000,
  });
  t.equal(run.signal, null, 'the run ended by itself');
  const lines = readFileSync(path.join(out, 'turns.jsonl'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { type: string; turn?: number; checks?: unknown[] });
  t.same(
    lines.map((l) => [l.type, l.turn ?? null]),
    [
      ['run', null],
      ['turn', 1],
      ['checks', 1],
      ['turn', 2],
      ['checks', 2],
    ],
    'each turn record is written before its checks',
  );
  t.same(lines[3].checks, [], 'the turn record carries no checks: none had run when it was written');
  const log = await readTurnLog(path.join(out, 'turns.jsonl'));
  const checks = log.records[1].checks;
  t.same(
    checks.map((c) => [c.name, c.passed]),
    [
      ['catastrophic pattern', false],
      ['contains "NW40917", and none of: NW-40971', true],
      ['contains "40917"', true],
    ],
    'the reader puts the checks back on their turn; order numbers match however spaced',
  );
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
  t.equal(results.summary.contextAccuracy, 1);
  t.equal(results.turns[1].checks.length, 3);
});
