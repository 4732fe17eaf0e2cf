// Model resolution (no network: the hub endpoint is a local port).

import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { ensureGeneratedModel } from '../../../src/server/gguf/qwen3.js';
import { pickAutoPreset, resolveDefaultModel, resolveModel } from '../../../src/server/resolve.js';

const cacheDir = await mkdtemp(join(tmpdir(), 'chatproof-models-'));
t.teardown(() => rm(cacheDir, { recursive: true, force: true }));

t.test('a local path resolves to itself', async (t) => {
  const path = await ensureGeneratedModel('tiny');
  t.same(await resolveModel(path), { path, name: 'tiny-qwen3', generated: false });
  const generated = await resolveModel('generated');
  t.equal(generated.generated, true);
  t.equal(generated.path, path);
});

t.test('a missing path says what to pass instead', async (t) => {
  await t.rejects(
    resolveModel(join(cacheDir, 'nope.gguf')),
    /No model file at .*nope\.gguf\. Pass a \.gguf path, an hf:org\/repo:quant URI, a preset/,
  );
});

t.test('offline: an hf: URI not in the cache fails with what to do', async (t) => {
  await t.rejects(
    resolveModel('hf:Qwen/Qwen3-0.6B-GGUF:Q8_0', { cacheDir, download: false }),
    new RegExp(
      'not in the cache folder .*downloading is off\\. ' +
        'To fix it, download the GGUF on a connected machine and copy it into',
    ),
  );
});

t.test('offline: the download path fails at the network call with a clear error', async (t) => {
  // A local stand-in for an unreachable hub: every request fails.
  let requests = 0;
  const hub = createServer((_req, res) => {
    requests++;
    res.writeHead(503).end();
  });
  await new Promise<void>((r) => hub.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => hub.close(() => r())));
  const endpoint = `http://127.0.0.1:${(hub.address() as AddressInfo).port}/`;
  const err = await resolveModel('qwen3-0.6b', { cacheDir, huggingFaceEndpoint: endpoint }).catch((e: Error) => e);
  t.ok(err instanceof Error);
  t.match(
    (err as Error).message,
    `Could not get the model hf:Qwen/Qwen3-0.6B-GGUF:Q8_0: the download from ${endpoint} failed`,
  );
  t.match((err as Error).message, /--model \/path\/to\/file\.gguf/);
  t.notMatch((err as Error).message, /\n\s+at /);
  t.ok(requests >= 1, 'the download was attempted');
});

t.test('auto picks the largest preset that fits, CPU gets the small one', async (t) => {
  t.equal(pickAutoPreset(0).name, 'qwen3-0.6b');
  t.equal(pickAutoPreset(undefined).name, 'qwen3-0.6b');
  t.equal(pickAutoPreset(4 * 1024 ** 3).name, 'qwen3-0.6b');
  t.equal(pickAutoPreset(24 * 1024 ** 3).name, 'qwen3-8b');
});

t.test('the default model: a cached real Qwen3 GGUF, else the generated one', async (t) => {
  const empty = await resolveDefaultModel({ cacheDir });
  t.equal(empty.generated, true);
  // A file named as node-llama-cpp names the preset's download counts as cached.
  const cached = join(cacheDir, 'hf_Qwen_Qwen3-0.6B.Q8_0.gguf');
  await copyFile(await ensureGeneratedModel('tiny'), cached);
  t.same(await resolveDefaultModel({ cacheDir }), { path: cached, name: 'qwen3-0.6b', generated: false });
  t.same(await resolveModel('qwen3-0.6b', { cacheDir, download: false }), {
    path: cached,
    name: 'qwen3-0.6b',
    generated: false,
  });
});
