// `npm run bench:server`: measures the bundled server on generated models (no download).
//  A. aggregate output tokens/s at 1, 2, 4, 8 parallel conversations, through HTTP (streaming)
//     vs node-llama-cpp called directly with the same context shape (goal: server >= 0.9x).
//     Both are loaded at once and measured in alternation (ABBA order); the figure is the median
//     of the per-repetition ratios, with their range, plus output tokens per llama.cpp decode
//     call on each side (batch fragmentation). The HTTP client runs in its own process.
//  B. turn-6 TTFT on the ~25M-param model with the KV cache of turns 1-5 reused vs evicted
//     (goal: several times lower with reuse).
// Output: reports/bench/server.json and stdout. Flags: --threads N (default 1), --reps N (5),
// --tokens N (128 per conversation), --parallel 1,2,4,8, --skip-kv, --client-cpu N (taskset),
// --client-nice N (the client's priority: on a 2-core box the client's CPU otherwise competes
// with the server under test, which the direct side never pays), --gpu false|auto|cuda|vulkan
// (default false; on a GPU machine `--gpu cuda` doubles as the check of the CUDA path),
// --flash-attention on|off (default: the server's, on for GPU backends),
// --model PATH|generated|generated:medium (the throughput model, default the generated tiny one;
// the JSON records what ran: path, name, size, layers), --ctx N (1024 tokens per sequence).
// Batching: each side's tokens/s at N conversations over its tokens/s at 1 (batchScaling), e.g.
// 8 sequences vs 1: on a memory-bound decode several times one sequence's throughput.

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { getLlama, LlamaLogLevel, LlamaModel, resolveChatWrapper } from 'node-llama-cpp';
import { PromptRenderer } from '../src/server/engine/prompt.js';
import { ensureGeneratedModel, type RunningServer, resolveModel, startServer } from '../src/server/index.js';
import type { ChatMessageIn } from '../src/server/types.js';

const { values } = parseArgs({
  options: {
    threads: { type: 'string' },
    reps: { type: 'string' },
    tokens: { type: 'string' },
    gpu: { type: 'string' },
    parallel: { type: 'string' },
    'skip-kv': { type: 'boolean' },
    model: { type: 'string' },
    ctx: { type: 'string' },
    'flash-attention': { type: 'string' },
    // The load generator's process: pinned to a core (taskset) and/or run at lower priority (nice).
    'client-cpu': { type: 'string' },
    'client-nice': { type: 'string' },
  },
});
const gpu = values.gpu === undefined || values.gpu === 'false' ? false : (values.gpu as 'auto' | 'cuda' | 'vulkan');
const threads = Number(values.threads ?? 1);
const reps = Number(values.reps ?? 5);
const maxTokens = Number(values.tokens ?? 128);
const PARALLEL = (values.parallel ?? '1,2,4,8').split(',').map(Number);
const contextSize = Number(values.ctx ?? 1024);
// Default: the server's own choice (on for GPU backends, off on the CPU).
const flashAttention = values['flash-attention'] === undefined ? gpu !== false : values['flash-attention'] !== 'off';
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

// Tokens per llama.cpp decode call, both sides: wraps the native context's decodeBatch (internal
// to node-llama-cpp, pinned; reported as null if it moves). Shows batch fragmentation.
let decodeCalls = 0;
const createContext = LlamaModel.prototype.createContext;
LlamaModel.prototype.createContext = async function (this: LlamaModel, options) {
  const context = await createContext.call(this, options);
  const holder = context as unknown as { _ctx?: Record<string, unknown> };
  const native = holder._ctx;
  if (native && typeof native.decodeBatch === 'function') {
    holder._ctx = new Proxy(native, {
      get(target, key) {
        const v = target[key as string];
        if (key === 'decodeBatch')
          return (...args: unknown[]) => {
            decodeCalls++;
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  }
  return context;
};
const agent = new Agent({ keepAlive: true, maxSockets: 64 });

/** Streams one completion; returns client-side TTFT (first content chunk) and usage. */
function stream(
  server: RunningServer,
  body: Record<string, unknown>,
): Promise<{ ttftMs: number; totalMs: number; completionTokens: number; reused: number }> {
  return new Promise((resolve, reject) => {
    const sent = performance.now();
    let ttftMs = NaN;
    let text = '';
    const req = request(
      {
        host: '127.0.0.1',
        port: server.port,
        path: '/v1/chat/completions',
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json' },
      },
      (res) => {
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (Number.isNaN(ttftMs) && chunk.includes('"content":"')) ttftMs = performance.now() - sent;
          text += chunk;
        });
        res.on('end', () => {
          if (res.statusCode !== 200) return reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          const usage = text
            .split('\n\n')
            .map((b) => b.trim())
            .filter((b) => b.includes('"usage"'))
            .map((b) => JSON.parse(b.slice(6)).usage)[0];
          resolve({
            ttftMs,
            totalMs: performance.now() - sent,
            completionTokens: usage.completion_tokens,
            reused: Number(res.headers['x-chatproof-kv-reused-tokens']),
          });
        });
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ ...body, stream: true, stream_options: { include_usage: true } }));
  });
}

const conversation = (i: number): ChatMessageIn[] => [
  { role: 'user', content: `Conversation ${i}: tell me a long story about film number ${i}.` },
];

// The load generator runs in its own process, as a real client does (a worker thread shares the
// server's process and heap). It only keeps the tail of each stream to read the usage.
const CLIENT_PROCESS = `
const http = require('node:http');
const port = Number(process.env.BENCH_PORT);
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
process.on('message', async ({ bodies }) => {
  const t0 = performance.now();
  const counts = await Promise.all(bodies.map((body) => new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/v1/chat/completions', method: 'POST', agent,
      headers: { 'content-type': 'application/json' } }, (res) => {
      let tail = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { tail = (tail + chunk).slice(-2000); });
      res.on('end', () => {
        const m = /"completion_tokens":(\\d+)/.exec(tail);
        m ? resolve(Number(m[1])) : reject(new Error('no usage: HTTP ' + res.statusCode));
      });
    });
    req.on('error', reject);
    req.end(JSON.stringify(body));
  })));
  process.send({ tokens: counts.reduce((a, b) => a + b, 0), seconds: (performance.now() - t0) / 1000 });
});
`;

function startClient(port: number): ChildProcess {
  let cmd: string[] = [process.execPath, '-e', CLIENT_PROCESS];
  if (values['client-nice'] !== undefined) cmd = ['nice', '-n', values['client-nice'], ...cmd];
  if (values['client-cpu'] !== undefined && hasTaskset) cmd = ['taskset', '-c', values['client-cpu'], ...cmd];
  return spawn(cmd[0]!, cmd.slice(1), {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, BENCH_PORT: String(port) },
  });
}

interface Round {
  tokensPerSecond: number;
  /** Output tokens per llama.cpp decode call (prompt evaluation included). */
  tokensPerDecode: number;
}

interface Runner {
  /** One round of `parallel` conversations. */
  round(rep: number): Promise<Round>;
  close(): Promise<void>;
}

async function serverRunner(modelPath: string, parallel: number): Promise<Runner> {
  const server = await startServer({ model: modelPath, port: 0, parallel, contextSize, gpu, threads, flashAttention });
  const client = startClient(server.port);
  return {
    async round(rep) {
      const bodies = Array.from({ length: parallel }, (_, i) => ({
        messages: conversation(i),
        max_tokens: maxTokens,
        temperature: 0.7,
        seed: rep * 100 + i,
        stream: true,
        stream_options: { include_usage: true },
      }));
      const done = new Promise<{ tokens: number; seconds: number }>((resolve, reject) => {
        client.once('message', (m) => resolve(m as { tokens: number; seconds: number }));
        client.once('exit', (code) => reject(new Error(`bench client exited with ${code}`)));
      });
      decodeCalls = 0;
      client.send({ bodies });
      const { tokens, seconds } = await done;
      client.removeAllListeners('exit');
      return { tokensPerSecond: tokens / seconds, tokensPerDecode: tokens / Math.max(1, decodeCalls) };
    },
    async close() {
      client.kill();
      await server.close();
    },
  };
}

const llama = await getLlama({ gpu, maxThreads: threads, build: 'never', logLevel: LlamaLogLevel.error });

async function directRunner(modelPath: string, parallel: number): Promise<Runner> {
  const model = await llama.loadModel({ modelPath });
  // The server's context shape (engine/model-loader.ts): same batch size, flash attention left to llama.cpp.
  const context = await model.createContext({
    sequences: parallel,
    contextSize,
    threads,
    batchSize: Math.max(512, parallel),
    flashAttention: flashAttention && model.flashAttentionSupported,
  });
  modelInfo.layersOffloaded = model.gpuLayers;
  modelInfo.totalLayers = model.fileInsights.totalLayers;
  const renderer = new PromptRenderer(model, resolveChatWrapper(model)!);
  const sequences = Array.from({ length: parallel }, () => context.getSequence());
  return {
    async round(rep) {
      await Promise.all(sequences.map((s) => s.clearHistory()));
      decodeCalls = 0;
      const t0 = performance.now();
      const counts = await Promise.all(
        sequences.map(async (sequence, i) => {
          const { tokens } = renderer.render(conversation(i), { enableThinking: true });
          let n = 0;
          // Detokenising each token is the least a direct caller does with it.
          for await (const token of sequence.evaluate(tokens, { temperature: 0.7, seed: rep * 100 + i })) {
            void model.detokenize([token]);
            if (++n >= maxTokens) break;
          }
          return n;
        }),
      );
      const tokens = counts.reduce((a, b) => a + b, 0);
      return {
        tokensPerSecond: tokens / ((performance.now() - t0) / 1000),
        tokensPerDecode: tokens / Math.max(1, decodeCalls),
      };
    },
    async close() {
      await context.dispose();
      await model.dispose();
    },
  };
}

/** Turns 1-5 with recorded replies, as a scenario in "recorded" history mode sends them. */
function sixTurns(): ChatMessageIn[][] {
  const system: ChatMessageIn = {
    role: 'system',
    content: 'You are a helpful film assistant. Remember every fact the user tells you and use it later. '.repeat(4),
  };
  const history: ChatMessageIn[] = [system];
  const prompts: ChatMessageIn[][] = [];
  for (let turn = 1; turn <= 6; turn++) {
    history.push({
      role: 'user',
      content:
        `Turn ${turn}: here is one more fact about my taste in films, number ${turn}. ` +
        'I liked the pacing, the score and the last scene the most, and I want you to remember it.',
    });
    prompts.push([...history]);
    history.push({
      role: 'assistant',
      content:
        `Noted fact ${turn}: you like the pacing, the score and the last scene. ` +
        'I will remember it for the rest of our conversation.',
    });
  }
  return prompts;
}

async function turn6Ttft(
  modelPath: string,
): Promise<{ warmMs: number; coldMs: number; promptTokens: number; reusedTokens: number }> {
  // One sequence: an unrelated request evicts the cache, giving the no-reuse baseline.
  const server = await startServer({ model: modelPath, port: 0, parallel: 1, contextSize: 2048, gpu, threads });
  const prompts = sixTurns();
  const body = (messages: ChatMessageIn[]) => ({ messages, max_tokens: 4, temperature: 0, enable_thinking: false });
  try {
    const warm: number[] = [];
    const cold: number[] = [];
    let reusedTokens = 0;
    for (let r = 0; r < reps; r++) {
      await stream(server, body([{ role: 'user', content: `evict ${r}` }]));
      for (const messages of prompts.slice(0, 5)) await stream(server, body(messages));
      const hit = await stream(server, body(prompts[5]!));
      warm.push(hit.ttftMs);
      reusedTokens = hit.reused;
      await stream(server, body([{ role: 'user', content: `evict again ${r}` }]));
      cold.push((await stream(server, body(prompts[5]!))).ttftMs);
    }
    const renderedTokens = (await fetchUsage(server, prompts[5]!)).prompt_tokens;
    return { warmMs: median(warm), coldMs: median(cold), promptTokens: renderedTokens, reusedTokens };
  } finally {
    await server.close();
  }
}

async function fetchUsage(server: RunningServer, messages: ChatMessageIn[]): Promise<{ prompt_tokens: number }> {
  const res = await fetch(`${server.url}/chat/completions`, {
    method: 'POST',
    body: JSON.stringify({ messages, max_tokens: 1, enable_thinking: false }),
  });
  return ((await res.json()) as { usage: { prompt_tokens: number } }).usage;
}

const throughputModel = await resolveModel(values.model ?? 'generated');
const medium = await ensureGeneratedModel('medium');
const modelInfo = {
  spec: values.model ?? 'generated',
  name: throughputModel.name,
  path: throughputModel.path,
  bytes: (await stat(throughputModel.path)).size,
  generated: throughputModel.generated,
  layersOffloaded: 0,
  totalLayers: 0,
};
const tiny = throughputModel.path;
interface ThroughputRow {
  parallel: number;
  directTokensPerSecond: number;
  serverTokensPerSecond: number;
  ratio: number;
  ratioRange: number[];
  directTokensPerDecode: number;
  serverTokensPerDecode: number;
}
const throughput: ThroughputRow[] = [];
for (const parallel of PARALLEL) {
  // Both loaded at once and measured in alternation, the order swapped every repetition (ABBA),
  // so drift and noise hit both; the figure is the median of the per-repetition ratios.
  const direct = await directRunner(tiny, parallel);
  const server = await serverRunner(tiny, parallel);
  await direct.round(99); // warm-up, not counted
  await server.round(99);
  const d: Round[] = [];
  const v: Round[] = [];
  for (let rep = 0; rep < reps; rep++) {
    if (rep % 2 === 0) {
      d.push(await direct.round(rep));
      v.push(await server.round(rep));
    } else {
      v.push(await server.round(rep));
      d.push(await direct.round(rep));
    }
  }
  await server.close();
  await direct.close();
  const ratios = d.map((x, i) => v[i]!.tokensPerSecond / x.tokensPerSecond);
  const row = {
    parallel,
    directTokensPerSecond: Math.round(median(d.map((x) => x.tokensPerSecond))),
    serverTokensPerSecond: Math.round(median(v.map((x) => x.tokensPerSecond))),
    ratio: Number(median(ratios).toFixed(3)),
    ratioRange: [Number(Math.min(...ratios).toFixed(3)), Number(Math.max(...ratios).toFixed(3))],
    directTokensPerDecode: Number(median(d.map((x) => x.tokensPerDecode)).toFixed(2)),
    serverTokensPerDecode: Number(median(v.map((x) => x.tokensPerDecode)).toFixed(2)),
  };
  console.error(JSON.stringify(row));
  throughput.push(row);
}
const kv = values['skip-kv'] ? undefined : await turn6Ttft(medium);
if (kv) console.error(JSON.stringify(kv));
const result = {
  benchmark: 'chatproof bundled server',
  date: new Date().toISOString(),
  machine: {
    cpus: cpus().length,
    availableParallelism: availableParallelism(),
    cpuModel: cpus()[0]?.model,
    node: process.version,
  },
  settings: {
    threads,
    reps,
    maxTokens,
    flashAttention,
    gpu: llama.gpu,
    statistic: 'median of per-repetition server/direct ratios (ABBA order), range = min-max; tokens/s medians',
    client: {
      process: 'own',
      cpu: hasTaskset ? (values['client-cpu'] ?? 'any') : 'any',
      nice: values['client-nice'] ?? '0',
    },
  },
  throughput: { model: modelInfo, contextSize, goal: 'server >= 0.95x direct', rows: throughput },
  batchScaling: batchScaling(),
  kvReuse: kv && {
    model: 'generated medium qwen3 (~25M params)',
    turn6PromptTokens: kv.promptTokens,
    reusedTokens: kv.reusedTokens,
    ttftWithReuseMs: Math.round(kv.warmMs),
    ttftWithoutReuseMs: Math.round(kv.coldMs),
    speedup: Number((kv.coldMs / kv.warmMs).toFixed(2)),
  },
};
/** Each side's tokens/s at N conversations over its tokens/s at 1 (needs 1 in --parallel). */
function batchScaling() {
  const one = throughput.find((row) => row.parallel === 1);
  if (!one) return undefined;
  return throughput
    .filter((row) => row.parallel > 1)
    .map((row) => ({
      parallel: row.parallel,
      directVsOne: Number((row.directTokensPerSecond / one.directTokensPerSecond).toFixed(2)),
      serverVsOne: Number((row.serverTokensPerSecond / one.serverTokensPerSecond).toFixed(2)),
    }));
}

await mkdir('reports/bench', { recursive: true });
await writeFile('reports/bench/server.json', JSON.stringify(result, null, 2) + '\n');
console.log(JSON.stringify(result, null, 2));
agent.destroy();
