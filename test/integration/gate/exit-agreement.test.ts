// One run folder, one exit code: `chatproof load`, `chatproof gate` on its folder, and `gate` on
// the merge of its shards decide alike (gate/decide.ts). The case that used to split them: level
// 1 misses an SLO with a harness that kept up, level 2's harness fell behind. A failure measured
// by a valid harness is a fact and ranks above a level that could not be measured: exit 1 from
// all three. Real load runs against the fixture server on 127.0.0.1; the harness is made to fall
// behind at level 2 by blocking this process's event loop while level 2 runs.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import t from 'tap';
import { type FixtureServer, startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { gateCommand } from '../../../src/cli/commands/gate.js';
import { loadCommand } from '../../../src/cli/commands/load.js';
import { mergeCommand } from '../../../src/cli/commands/merge.js';
import type { Results } from '../../../src/core/types.js';
import { MEMORY_SCENARIO, tempDir, writeScenario } from '../../helpers/eval-harness.js';

const dir = tempDir('chatproof-exit-agreement-');
let server: FixtureServer;
let scenario: string;
t.before(async () => {
  server = await startFixtureServer({ ttftMs: 20, itlMs: 2, reply: 'You live in Lisbon. Lisbon is lovely.' });
  scenario = writeScenario(dir, 'memory-mini', MEMORY_SCENARIO);
});
t.teardown(() => server.close());

/** Blocks the event loop 150 ms in every 170 while on: every turn is timed through a stall over 100 ms. */
function eventLoopBlocker(): { start: () => void; stop: () => void } {
  let timer: NodeJS.Timeout | undefined;
  return {
    start: () => {
      timer ??= setInterval(() => {
        const end = performance.now() + 150;
        while (performance.now() < end);
      }, 20);
    },
    stop: () => clearInterval(timer),
  };
}

/** `chatproof load` with level 2 starved of its event loop; returns its exit code and folder. */
async function load(name: string, extra: string[] = []): Promise<{ code: number; out: string; err: string }> {
  const out = path.join(dir, name);
  const blocker = eventLoopBlocker();
  const err: string[] = [];
  const stderr = {
    write: (s: string) => {
      err.push(s);
      if (s.startsWith('level 2:')) blocker.start();
      return true;
    },
  };
  try {
    const code = await loadCommand(
      [
        scenario,
        '--target',
        server.url,
        '--users',
        '2,4',
        '--duration',
        '800ms',
        '--warmup',
        '100ms',
        '--max-timing-stall',
        '100ms',
        '--slo',
        'e2e.p50<=1ms',
        '--no-report',
        '--out',
        out,
        ...extra,
      ],
      { stdout: { write: () => true }, stderr },
    );
    return { code, out, err: err.join('') };
  } finally {
    blocker.stop();
  }
}

async function gate(folder: string): Promise<number> {
  const stdout = Object.assign(new PassThrough(), { isTTY: false });
  stdout.resume();
  return gateCommand([folder, '--quiet'], { stdout, stderr: new PassThrough() });
}

const read = (folder: string): Results =>
  JSON.parse(readFileSync(path.join(folder, 'results.json'), 'utf8')) as Results;
const valid = (results: Results, level: number): boolean => results.load!.levels[level]!.health.every((h) => h.valid);

t.test('level 1 fails its SLO, level 2 harness fell behind: load, gate and merged gate all exit 1', async (t) => {
  const whole = await load('whole');
  const results = read(whole.out);
  t.notOk(valid(results, 1), 'level 2 measured by a harness that fell behind');
  t.equal(results.load!.levels[0]!.verdict, valid(results, 0) ? 'fail' : 'invalid');
  // Level 1 is valid unless this busy machine stalled this process past 100 ms there too.
  const expected = valid(results, 0) ? 1 : 4;
  t.equal(whole.code, expected, whole.err);
  t.equal(await gate(whole.out), whole.code, 'gate on the folder load wrote: the same code');

  const shards = [await load('shard-1', ['--shard', '1/2']), await load('shard-2', ['--shard', '2/2'])];
  for (const [i, shard] of shards.entries()) {
    t.equal(await gate(shard.out), shard.code, `shard ${i + 1}: gate agrees with load (${shard.code})`);
  }
  const merged = path.join(dir, 'merged');
  const mergeCode = await mergeCommand([shards[0]!.out, shards[1]!.out, '--out', merged, '--quiet'], {
    stdout: { write: () => true },
    stderr: { write: () => true },
  } as never);
  t.equal(mergeCode, 0);
  const m = read(merged);
  t.notOk(valid(m, 1), "the merged level 2 keeps the shards' invalid harness");
  const mergedExpected = valid(m, 0) ? 1 : 4;
  t.equal(await gate(merged), mergedExpected, 'gate on the merged run: a valid failure outranks an invalid level');
  if (valid(m, 0)) t.equal(mergedExpected, 1);
});
