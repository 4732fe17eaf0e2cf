// The baseline-history rule: which runs of a folder are pooled, which are skipped and why.
// Real files in a temporary folder, read by the same reader as `gate --baseline`.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import type { Results } from '../../../src/core/types.js';
import { readBaselineRuns } from '../../../src/gate/baseline-history.js';
import { tempDir } from '../../helpers/eval-harness.js';
import { syntheticResults } from '../../helpers/synthetic-results.js';

const dir = tempDir('chatproof-history-');
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

/** A run folder holding results.json, started `hour` hours into the day. */
function run(folder: string, seed: number, hour: number, edit: (r: Results) => void = () => {}): Results {
  const r = syntheticResults({ conversations: 3, turns: 4, seed });
  r.run.runId = `run-${seed}`;
  r.run.startedAt = new Date(Date.UTC(2026, 10, 28, hour)).toISOString();
  edit(r);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'results.json'), JSON.stringify(r));
  return r;
}

const history = path.join(dir, 'main');
// Folder names sort differently from start times: the rule must go by start time.
for (const [name, seed, hour] of [
  ['c', 1, 1],
  ['b', 2, 5],
  ['a', 3, 3],
  ['d', 4, 4],
  ['e', 5, 2],
  ['f', 6, 6],
] as const)
  run(path.join(history, name), seed, hour);
run(path.join(history, 'other-scenario'), 7, 7, (r) => {
  for (const s of r.run.scenarios) s.name = 'another';
});
const candidate = run(path.join(history, 'candidate'), 8, 8);

t.test('the newest N by start time are pooled; the rest are listed with their reason', async (t) => {
  const got = readBaselineRuns(history, candidate);
  t.same(
    got.runs.map((r) => r.run.runId),
    ['run-6', 'run-2', 'run-4', 'run-3', 'run-5'],
    'five newest, newest first',
  );
  const why = Object.fromEntries(got.history!.skipped.map((s) => [path.basename(s.source), s.reason]));
  t.same(why, {
    candidate: 'the candidate run itself',
    'other-scenario': 'shares no scenario with the candidate',
    c: 'older than the newest 5',
  });
  t.same(
    readBaselineRuns(history, candidate, 2).runs.map((r) => r.run.runId),
    ['run-6', 'run-2'],
  );
});

t.test('a single run folder or results.json is one baseline, as before', async (t) => {
  const one = readBaselineRuns(path.join(history, 'a'), candidate);
  t.same(
    one.runs.map((r) => r.run.runId),
    ['run-3'],
  );
  t.equal(one.history, undefined, 'no history info for a single run');
  t.same(readBaselineRuns(path.join(history, 'a', 'results.json'), candidate).files, [
    path.join(history, 'a', 'results.json'),
  ]);
});

t.test('a folder with nothing usable, or a corrupt run, is an input error naming it', async (t) => {
  const empty = path.join(dir, 'empty');
  mkdirSync(empty, { recursive: true });
  t.throws(() => readBaselineRuns(empty, candidate), {
    message: /neither a results\.json nor run folders/,
    exitCode: 2,
  });
  const foreign = path.join(dir, 'foreign');
  run(path.join(foreign, 'x'), 9, 1, (r) => {
    for (const s of r.run.scenarios) s.name = 'another';
  });
  t.throws(() => readBaselineRuns(foreign, candidate), { message: /none of its 1 runs can be a baseline/ });
  const corrupt = path.join(dir, 'corrupt');
  mkdirSync(path.join(corrupt, 'bad'), { recursive: true });
  writeFileSync(path.join(corrupt, 'bad', 'results.json'), '{"not": "results"');
  t.throws(() => readBaselineRuns(corrupt, candidate), { message: /bad.results\.json/, exitCode: 2 });
});
