// The gate end to end against the fixture OpenAI-compatible server: real HTTP, the real
// streaming client and runner, results.json on disk, then `chatproof compare` on the files.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { compareCommand } from '../../../src/cli/commands/compare.js';
import { createChatClient } from '../../../src/client/index.js';
import type { Scenario } from '../../../src/core/types.js';
import { defaultSlos } from '../../../src/metrics/slo.js';
import { executeEvalRun } from '../../../src/run/eval-run.js';

const RUNS = 10;

const scenario: Scenario = {
  name: 'fixture-gate',
  file: 'fixture-gate.yaml',
  hash: 'c'.repeat(64),
  params: { temperature: 0 },
  history: 'live',
  runs: RUNS,
  facts: [{ id: 'city', text: 'lives in Lisbon', turn: 1, probedAt: [3] }],
  turns: [
    { index: 1, user: 'I live in Lisbon.', checks: [] },
    { index: 2, user: 'Tell me something nice.', checks: [] },
    // The fixture's default reply echoes the last user message, so this probe passes.
    {
      index: 3,
      user: 'Which city, Lisbon or Porto?',
      checks: [{ name: 'remembers the city', spec: { kind: 'contains', any: ['Lisbon'] }, fact: 'city', memory: true }],
    },
  ],
  slo: defaultSlos(),
};

const dir = mkdtempSync(path.join(os.tmpdir(), 'chatproof-gate-'));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));

async function measure(name: string, ttftMs: number, itlMs: number): Promise<string> {
  const server = await startFixtureServer({
    ttftMs,
    itlMs,
    seed: 7,
    reply: (req) => `You said: ${req.lastUser} Here are a few more words.`,
  });
  const client = createChatClient({ baseUrl: server.url, model: 'fixture-model' });
  try {
    const outDir = path.join(dir, name);
    const run = await executeEvalRun({
      scenarios: [scenario],
      sender: client,
      outDir,
      target: { baseUrl: server.url, model: 'fixture-model', stream: true },
      stream: true,
    });
    return run.resultsPath;
  } finally {
    await client.close();
    await server.close();
  }
}

const quiet = {
  stdout: Object.assign(new (await import('node:stream')).PassThrough(), { isTTY: false }),
  stderr: process.stderr,
};

t.test('fixture server: a 20% slower server is flagged, the same server twice is not', async (t) => {
  const base = await measure('base', 40, 4);
  const same = await measure('same', 40, 4);
  const slow = await measure('slow', 48, 4.8);

  const regressionCode = await compareCommand([base, slow, '--json', path.join(dir, 'slow.json'), '--quiet'], quiet);
  const slowCmp = JSON.parse(readFileSync(path.join(dir, 'slow.json'), 'utf8'));
  t.equal(regressionCode, 1, 'exit 1 on a regression');
  t.equal(slowCmp.verdict, 'regression');
  const e2e = slowCmp.rows.find((r: { metric: string }) => r.metric === 'latency.e2eMs.p50');
  t.equal(e2e.verdict, 'regression', e2e.reason);
  t.ok(e2e.change > 0.1 && e2e.change < 0.35, `E2E P50 change ${e2e.change} near +20%`);

  const sameCode = await compareCommand([base, same, '--json', path.join(dir, 'same.json'), '--quiet'], quiet);
  const sameCmp = JSON.parse(readFileSync(path.join(dir, 'same.json'), 'utf8'));
  t.equal(sameCode, 0, 'same server twice: exit 0');
  t.not(sameCmp.verdict, 'regression');
  t.notOk(
    sameCmp.rows.some((r: { verdict: string }) => r.verdict === 'regression'),
    'no figure flagged',
  );
  // Same fixture, same client, same machine: the environment fingerprint sees no unfair difference.
  t.same(
    sameCmp.differences.filter((d: { severity: string }) => d.severity === 'unfair'),
    [],
  );
});
