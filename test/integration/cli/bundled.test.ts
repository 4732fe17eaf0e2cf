// eval with no --target starts the bundled node-llama-cpp server on the generated model and says so;
// eval against `chatproof serve`'s server works like against any OpenAI-compatible URL.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import t from 'tap';
import type { Results } from '../../../src/core/types.js';
import { ensureGeneratedModel, startServer } from '../../../src/server/index.js';
import { MEMORY_SCENARIO, runCli, tempDir, writeScenario } from '../../helpers/eval-harness.js';

const SHORT = ['--set', 'params.max_tokens=8', '--runs', '1', '--no-report'];

t.test('no --target: the bundled server on the generated model, loudly labelled', async (t) => {
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const out = path.join(dir, 'run');
  // An empty model cache and a stand-in model hub on loopback that answers every request with
  // 503: the download is tried up to the network call, fails, and the generated model is used.
  const hub = createServer((_req, res) => res.writeHead(503).end('hub down'));
  await new Promise<void>((resolve) => hub.listen(0, '127.0.0.1', resolve));
  t.teardown(() => new Promise<void>((resolve) => hub.close(() => resolve())));
  const env = {
    CHATPROOF_MODELS_DIR: path.join(dir, 'models'),
    HF_ENDPOINT: `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`,
  };
  const run = await runCli(['eval', file, '--out', out, ...SHORT], { env, timeoutMs: 180_000 });
  t.equal(run.code, 1, `gibberish cannot remember Lisbon: ${run.stderr.slice(-500)}`);
  t.match(run.stderr, /downloading the preset that fits this machine/);
  t.match(run.stderr, /Download failed: Could not get the model hf:Qwen\/Qwen3-0\.6B-GGUF/);
  t.match(run.stderr, /GENERATED test model/);
  t.match(run.stderr, /never model quality/);
  t.match(run.stdout, /generated test model: these figures show plumbing and latency only/);
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
  t.equal(results.run.options.generatedModel, true);
  t.equal(results.run.options.bundledServer, true);
  t.match(results.run.target.baseUrl, /^http:\/\/127\.0\.0\.1:\d+\/v1$/);
  t.equal(results.summary.conversations.completed, 1, 'every turn got a reply');
  t.ok(results.turns.every((turn) => turn.ok && turn.usage.source === 'usage' && turn.usage.completionTokens === 8));
  t.ok(results.summary.latency.ttftMs.count === 3);
});

t.test('--no-download never touches the network and goes straight to the generated model', async (t) => {
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const env = { CHATPROOF_MODELS_DIR: path.join(dir, 'models'), HF_ENDPOINT: 'http://127.0.0.1:9/' };
  const run = await runCli(['eval', file, '--out', path.join(dir, 'run'), '--no-download', ...SHORT], {
    env,
    timeoutMs: 180_000,
  });
  t.equal(run.code, 1);
  t.notMatch(run.stderr, /download/i);
  t.match(run.stderr, /GENERATED test model/);
});

t.test('an unreachable model hub is noticed in seconds: no download, the generated model', async (t) => {
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const env = { CHATPROOF_MODELS_DIR: path.join(dir, 'models'), HF_ENDPOINT: 'http://127.0.0.1:9/' };
  const run = await runCli(['eval', file, '--out', path.join(dir, 'run'), ...SHORT], { env, timeoutMs: 180_000 });
  t.equal(run.code, 1);
  t.match(run.stderr, /model hub http:\/\/127\.0\.0\.1:9\/ is unreachable .*: no download/);
  t.notMatch(run.stderr, /downloading the preset/);
  t.match(run.stderr, /GENERATED test model/);
});

t.test('eval against a running bundled server, KV reuse visible in the turn headers', async (t) => {
  const model = await ensureGeneratedModel('tiny');
  const server = await startServer({ model, port: 0, parallel: 2, threads: 1, log: () => {} });
  t.teardown(() => server.close());
  const dir = tempDir();
  const file = writeScenario(dir, 'memory', MEMORY_SCENARIO);
  const out = path.join(dir, 'run');
  // No warm-up: its request would leave the first turn's prefix in a sequence (see run/warm-up.ts).
  const run = await runCli(['eval', file, '--target', server.url, '--out', out, ...SHORT, '--warm-up', '0'], {
    timeoutMs: 120_000,
  });
  t.equal(run.code, 1, run.stderr.slice(-500));
  const results = JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results;
  t.equal(results.run.target.model, server.modelName);
  t.notOk(results.run.options.generatedModel, 'an explicit target is not labelled by chatproof');
  t.same(
    (results.run.server!.models as { data: Array<{ id: string }> }).data.map((m) => m.id),
    [server.modelName],
  );
  const reused = results.turns.map((turn) => Number(turn.responseHeaders?.['x-chatproof-kv-reused-tokens'] ?? -1));
  t.equal(reused[0], 0, 'the first turn has nothing to reuse');
  t.ok(reused[1] > 0 && reused[2] > reused[1], `later turns reuse the growing prefix: ${reused.join(', ')}`);
});
