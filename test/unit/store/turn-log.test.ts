import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import type { RunHeader, TurnRecord } from '../../../src/core/types.js';
import { TurnLog } from '../../../src/store/turn-log.js';
import { readTurnLog } from '../../../src/store/turn-log-reader.js';

const header: RunHeader = {
  type: 'run',
  schemaVersion: 1,
  runId: 'r1',
  harness: { name: 'chatproof', version: '0.0.0', node: process.version },
  startedAt: new Date(0).toISOString(),
  target: { baseUrl: 'http://127.0.0.1:1/v1', model: 'm', stream: true },
  scenarios: [],
  options: {},
  machine: { platform: 'linux', arch: 'x64', cpus: 2 },
};

function record(turn: number): TurnRecord {
  return {
    type: 'turn',
    scenario: 's',
    conversationId: 's#1',
    repetition: 1,
    turn,
    turnsPlanned: 3,
    user: `用户 ${turn}`,
    messagesSent: turn * 2 - 1,
    historyTurnsSent: turn - 1,
    ok: true,
    content: `reply ${turn}\n"quoted"`,
    timing: { sentAtEpochMs: 1, firstTokenMs: 10, endMs: 20, contentChunkOffsetsMs: [10, 15, 20] },
    usage: { completionTokens: 3, source: 'usage' },
    checks: [],
  };
}

const dir = () => mkdtempSync(path.join(os.tmpdir(), 'chatproof-log-'));

t.test('each appended turn is on disk before append returns', async (t) => {
  const file = path.join(dir(), 'turns.jsonl');
  const log = new TurnLog(file, header);
  log.append(record(1));
  // Read with a separate file handle while the writer is still open: the line is already there.
  t.equal(readFileSync(file, 'utf8').trim().split('\n').length, 2);
  log.append(record(2));
  log.close();
  const back = await readTurnLog(file);
  t.equal(back.header.runId, 'r1');
  t.same(back.records, [record(1), record(2)]);
  t.equal(back.truncatedLines, 0);
  t.equal(log.turnsWritten, 2);
});

t.test('never overwrites an existing run', async (t) => {
  const file = path.join(dir(), 'turns.jsonl');
  writeFileSync(file, 'precious\n');
  t.throws(() => new TurnLog(file, header), /EEXIST/);
  t.equal(readFileSync(file, 'utf8'), 'precious\n');
});

t.test('a line torn by a crash mid-write is skipped and counted', async (t) => {
  const file = path.join(dir(), 'turns.jsonl');
  const log = new TurnLog(file, header);
  log.append(record(1));
  log.close();
  appendFileSync(file, JSON.stringify(record(2)).slice(0, 40));
  const back = await readTurnLog(file);
  t.equal(back.records.length, 1);
  t.equal(back.truncatedLines, 1);
});

t.test('corruption in the middle is an error, not silently dropped data', async (t) => {
  const file = path.join(dir(), 'turns.jsonl');
  writeFileSync(file, `${JSON.stringify(header)}\n{oops\n${JSON.stringify(record(1))}\n`);
  await t.rejects(readTurnLog(file), { message: new RegExp(`^${file}:2: not a JSON line .* corrupt turn log`) });
  writeFileSync(file, `${JSON.stringify(record(1))}\n`);
  await t.rejects(readTurnLog(file), /a turn record before the run header line/);
  await t.rejects(readTurnLog(path.join(dir(), 'missing.jsonl')), /cannot be read .*ENOENT/);
});
