#!/usr/bin/env bash
# The short GPU check of the bundled server: the generated model served with --gpu cuda (or
# GPU=vulkan|false) must stream a reply, and the server must still be alive after it. The server
# log is printed after the request whatever happened. Needs only node (and node_modules); no curl,
# no network. Exit 0 only when a streamed reply arrived and the process survived it.
set -uo pipefail
cd "$(dirname "$0")/.."
exec node --input-type=module - "${GPU:-cuda}" <<'NODE'
import { spawn } from 'node:child_process';
const gpu = process.argv[2];
const log = [];
const server = spawn(process.execPath,
  ['--import', 'tsx', 'src/cli/main.ts', 'serve', '--model', 'generated', '--gpu', gpu, '--port', '0', '--parallel', '2'],
  { stdio: ['ignore', 'pipe', 'pipe'] });
let exited = null;
server.on('exit', (code, signal) => { exited = signal ?? `exit ${code}`; });
const url = await new Promise((resolve) => {
  const seen = (chunk) => {
    const text = chunk.toString();
    log.push(text);
    const m = /ready at (http:\/\/\S+\/v1)/.exec(text);
    if (m) resolve(m[1]);
  };
  server.stdout.on('data', seen);
  server.stderr.on('data', seen);
  server.on('exit', () => resolve(null));
  setTimeout(() => resolve(null), 600_000);
});
let verdict = 'FAIL';
let why = '';
if (!url) why = `the server never became ready (${exited ?? 'still running after 600 s'})`;
else {
  let content = '';
  let done = false;
  try {
    const res = await fetch(`${url}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hello' }], stream: true, max_tokens: 16 }),
    });
    const body = await res.text();
    for (const line of body.split('\n')) {
      if (line === 'data: [DONE]') done = true;
      else if (line.startsWith('data: ')) content += JSON.parse(line.slice(6)).choices?.[0]?.delta?.content ?? '';
    }
    console.log(`--- streamed reply (HTTP ${res.status}): ${JSON.stringify(content)}${done ? ' [DONE]' : ''}`);
  } catch (error) {
    why = `the request failed: ${error.message}`;
  }
  // A broken GPU binary kills the process on the first kernel launch, during or right after the reply.
  const health = await fetch(`${url.replace(/\/v1$/, '')}/health`).then((r) => r.json()).catch(() => null);
  if (!why && (!content || !done)) why = 'no streamed reply arrived';
  else if (!why && (exited || !health)) why = `the server died after the reply (${exited ?? 'no /health answer'})`;
  else if (!why && gpu !== 'false' && health.backend !== gpu)
    why = `the server runs on ${health.backend}, not ${gpu}`;
  else if (!why) {
    verdict = 'PASS';
    why = `${health.backend} (${health.devices.join(', ') || 'CPU'}), ${health.layersOffloaded}/${health.totalLayers} layers offloaded`;
  }
}
server.kill('SIGTERM');
await new Promise((r) => setTimeout(r, 500));
console.log('--- server log');
console.log(log.join('').trimEnd());
console.log(`gpu-check: ${verdict}: ${why}`);
process.exit(verdict === 'PASS' ? 0 : 1);
NODE
