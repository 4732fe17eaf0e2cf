// `npm run bench:client` (node --import tsx bench/client.ts): how good and how cheap is the
// harness itself? JSON on stdout (and reports/bench/client.json). Not a test: numbers, no asserts.
//  A. accuracy: TTFT and end-to-end error of chatproof's client against the fixture server's own
//     send times (its log, same epoch clock) at 1, 64, 256 and 1,000 concurrent streams (itl 20 ms).
//  B. capacity: SSE events parsed per second with full timing and recording, as a ratio to a bare
//     undici reader that only counts events, same server, same run, --reps alternating pairs
//     (median and range), against a replay server (the goal's figure: the client core is the
//     limit) and against the fixture server (whose own core is the limit for the bare reader).
//  C. memory per open conversation (1,000 streams held open).
//  D. non-streaming side by side: autocannon vs chatproof's client, same endpoint and connections.
//  E. multi-turn: 64, 256 and 1,000 users playing breakup-en through the load engine; TTFT and E2E
//     error joined per request id against the fixture's send log, suspect turns (client-multiturn.ts).
// The fixture runs in its own process; with `taskset` present the server gets one core and the
// harness another (--server-cpu / --client-cpu), so neither steals the other's time.
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Agent, request } from 'undici';
import type { ServedRequest } from '../fixtures/openai-server/types.js';
import { type ChatClient, createChatClient } from '../src/client/index.js';
import type { ChatRequest, ChatResult } from '../src/core/types.js';
import { runAutocannon, runClientLoop } from '../src/load/raw.js';
import { histogramDistribution, histogramOfMs } from '../src/metrics/histogram.js';
import { MULTI_TURN_FIXTURE_ARGS, multiTurnAccuracy } from './client-multiturn.js';

const { values } = parseArgs({
  options: {
    'server-cpu': { type: 'string', default: '1' },
    'client-cpu': { type: 'string', default: '0' },
    streams: { type: 'string', default: '1,64,256,1000' },
    seconds: { type: 'string', default: '3' },
    reps: { type: 'string', default: '5' },
    'capacity-streams': { type: 'string', default: '32' },
    sections: { type: 'string', default: 'accuracy,capacity,memory,nonStreaming,multiTurn' },
    'multi-turn-users': { type: 'string', default: '64,256,1000' },
    'multi-turn-seconds': { type: 'string', default: '10' },
    'multi-turn-runs': { type: 'string', default: '2' },
    out: { type: 'string', default: 'reports/bench/client.json' },
  },
});
const STREAMS = values.streams!.split(',').map(Number);
const SECONDS = Number(values.seconds);
const hasTaskset = (() => {
  try {
    execFileSync('taskset', ['-V'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
if (hasTaskset) execFileSync('taskset', ['-p', '-c', values['client-cpu']!, String(process.pid)], { stdio: 'ignore' });

interface Fixture {
  url: string;
  origin: string;
  child: ChildProcess;
}

/** Starts the fixture server in another process (pinned) and waits for its URL. */
function startFixture(args: string[]): Promise<Fixture> {
  const node = [process.execPath, '--import', 'tsx', 'fixtures/openai-server/cli.ts', '--port', '0', ...args];
  const [cmd, ...rest] = hasTaskset ? ['taskset', '-c', values['server-cpu']!, ...node] : node;
  const child = spawn(cmd!, rest, { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`fixture exited with ${code}`)));
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) resolve({ url: m[1]!, origin: new URL(m[1]!).origin, child });
    });
  });
}

async function stopFixture(f: Fixture): Promise<void> {
  f.child.removeAllListeners('exit');
  const gone = new Promise((resolve) => f.child.once('exit', resolve));
  f.child.kill('SIGTERM');
  await gone;
}

async function control(f: Fixture, path: '/_fixture/log' | '/_fixture/reset'): Promise<ServedRequest[]> {
  const res = await request(`${f.origin}${path}`, { method: path.endsWith('reset') ? 'POST' : 'GET' });
  return (await res.body.json()) as ServedRequest[];
}

const REPLY = Array.from({ length: 20 }, (_, i) => `word${i}`).join(' ');
const chatRequest = (stream: boolean): ChatRequest => ({
  messages: [{ role: 'user', content: 'hello' }],
  params: { model: 'fixture-model' },
  stream,
});
const summary = (xs: number[]) => {
  const d = histogramDistribution(histogramOfMs(xs.map(Math.abs)));
  return {
    n: d.count,
    meanMs: d.mean,
    p50Ms: d.p50,
    p99Ms: d.p99,
    maxMs: d.max,
    signedMeanMs: xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length),
  };
};

/** A. Errors of client timestamps against the server's send times, per concurrency. */
async function accuracy(): Promise<unknown[]> {
  const f = await startFixture(['--ttft-ms', '100', '--itl-ms', '20', '--reply', REPLY]);
  const client = createChatClient({ baseUrl: f.url, model: 'fixture-model', timeouts: { totalMs: 60_000 } });
  const rows = [];
  try {
    await Promise.all(Array.from({ length: 8 }, () => client.chat(chatRequest(true)))); // warm sockets and JIT
    for (const n of STREAMS) {
      await control(f, '/_fixture/reset');
      const results: ChatResult[] = await Promise.all(Array.from({ length: n }, () => client.chat(chatRequest(true))));
      const byId = new Map((await control(f, '/_fixture/log')).map((e) => [e.id, e]));
      const ttft: number[] = [];
      const e2e: number[] = [];
      let errors = 0;
      for (const r of results) {
        const served = byId.get(r.responseHeaders?.['x-request-id'] ?? '');
        if (!r.ok || !served || served.firstContentAt === undefined) {
          errors++;
          continue;
        }
        ttft.push(r.timing.sentAtEpochMs + r.timing.firstTokenMs! - served.firstContentAt);
        e2e.push(r.timing.sentAtEpochMs + r.timing.endMs! - served.chunkAt[served.chunkAt.length - 1]!);
      }
      rows.push({ streams: n, errors, ttftErrorMs: summary(ttft), e2eErrorMs: summary(e2e) });
      process.stderr.write(
        `accuracy ${n} streams: ttft p99 ${rows.at(-1)!.ttftErrorMs.p99Ms} ms, e2e p99 ` +
          `${rows.at(-1)!.e2eErrorMs.p99Ms} ms, errors ${errors}\n`,
      );
    }
  } finally {
    await client.close();
    await stopFixture(f);
  }
  return rows;
}

/** CPU seconds a process has used so far (user + system), from /proc; undefined elsewhere. */
function procCpuSeconds(pid: number | undefined): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) / 100; // utime + stime, in USER_HZ (100 on Linux)
  } catch {
    return undefined;
  }
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/**
 * B. SSE events per second: chatproof's full path vs a bare reader that only counts events.
 * The goal is about the client's CPU: both readers run on the one pinned client core while the
 * server has its own, with enough streams that the client core stays busy. Each repetition runs
 * bare then full back to back (alternating, so drift hits both); the median of the per-repetition
 * ratios is the figure, with the range. Client and server CPU (cores busy) are recorded per phase:
 * a client below ~0.9 of a core means that phase was not limited by the client.
 */
async function capacity(): Promise<unknown> {
  const long = Array.from({ length: 400 }, (_, i) => `t${i}`).join(' ');
  // The same with Chinese tokens: non-ASCII reads take the UTF-8 decoder and UTF-16 paths.
  const chinese = Array.from({ length: 400 }, (_, i) => `词${'语言模型'[i % 4]}${i}`).join(' ');
  const f = await startFixture(['--coalesce', '--reply', long]);
  const replay = await startReplay(f);
  const fc = await startFixture(['--coalesce', '--reply', chinese]);
  const replayChinese = await startReplay(fc);
  try {
    // Replay first: the figure the goal is about (both readers limited by the client core).
    return {
      replayServer: await capacityAgainst(replay),
      replayServerChinese: await capacityAgainst(replayChinese),
      fixtureServer: await capacityAgainst(f),
    };
  } finally {
    for (const server of [replay, f, replayChinese, fc]) await stopFixture(server);
  }
}

// The fixture server builds every chunk and fills its own core at ~0.7M events/s, below what the
// bare reader can take: against it the bare reader idles and the ratio says little about the
// client. This server replays one recorded fixture reply (same bytes, headers, chunked framing)
// with one write per response, so either reader is bound by the client core.
const REPLAY_SERVER = `
const http = require('node:http');
const body = require('node:fs').readFileSync(process.env.REPLAY_FILE);
http.createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.end(body);
  });
}).listen(0, '127.0.0.1', function () { console.log('listening on http://127.0.0.1:' + this.address().port + '/v1'); });
`;

async function startReplay(f: Fixture): Promise<Fixture> {
  const res = await request(`${f.url}/chat/completions`, {
    method: 'POST',
    body: CAPACITY_BODY,
    headers: { 'content-type': 'application/json' },
  });
  const recorded = Buffer.from(await res.body.arrayBuffer());
  const node = [process.execPath, '-e', REPLAY_SERVER];
  const [cmd, ...rest] = hasTaskset ? ['taskset', '-c', values['server-cpu']!, ...node] : node;
  // A file, not an environment variable: one variable may hold at most 128 KB on Linux.
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'chatproof-replay-')), 'body');
  writeFileSync(file, recorded);
  const child = spawn(cmd!, rest, { stdio: ['ignore', 'pipe', 'inherit'], env: { ...process.env, REPLAY_FILE: file } });
  return new Promise((resolve, reject) => {
    child.on('exit', (code) => reject(new Error(`replay server exited with ${code}`)));
    child.stdout!.setEncoding('utf8').on('data', (text: string) => {
      const m = /listening on (http:\/\/\S+)/.exec(text);
      if (m) resolve({ url: m[1]!, origin: new URL(m[1]!).origin, child });
    });
  });
}

const CAPACITY_BODY = JSON.stringify({
  model: 'fixture-model',
  messages: [{ role: 'user', content: 'hi' }],
  stream: true,
  stream_options: { include_usage: true },
});

async function capacityAgainst(f: Fixture): Promise<unknown> {
  const concurrency = Number(values['capacity-streams']);
  const reps = Number(values.reps);
  const body = CAPACITY_BODY;
  const agent = new Agent({ connections: null, pipelining: 1 });
  const bare = async (): Promise<number> => {
    let events = 0;
    const end = performance.now() + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < end) {
          const res = await request(`${f.url}/chat/completions`, {
            method: 'POST',
            body,
            dispatcher: agent,
            headers: { 'content-type': 'application/json' },
          });
          for await (const chunk of res.body) {
            const text = (chunk as Buffer).toString('latin1');
            for (let i = text.indexOf('\n\n'); i !== -1; i = text.indexOf('\n\n', i + 2)) events++;
          }
        }
      }),
    );
    return events;
  };
  const client = createChatClient({ baseUrl: f.url, model: 'fixture-model', fastPath: true });
  // The same client on the plain path (TextDecoder + JSON.parse per chunk): what the fast path earns.
  const plainClient = createChatClient({ baseUrl: f.url, model: 'fixture-model', fastPath: false });
  const full =
    (c = client) =>
    async (): Promise<number> => {
      let events = 0;
      const end = performance.now() + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (performance.now() < end) {
            const r = await c.chat(chatRequest(true));
            // content chunks + finish + usage + [DONE], as the bare reader counts them
            events += r.timing.contentChunkOffsetsMs.length + 3;
          }
        }),
      );
      return events;
    };
  /** One phase: events/s plus the cores each side kept busy during it. */
  const phase = async (run: () => Promise<number>) => {
    const c0 = process.cpuUsage();
    const s0 = procCpuSeconds(f.child.pid);
    const t0 = performance.now();
    const events = await run();
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const s1 = procCpuSeconds(f.child.pid);
    return {
      eventsPerSecond: Math.round(events / wall),
      clientCores: Number(((c.user + c.system) / 1e6 / wall).toFixed(2)),
      serverCores: s0 === undefined || s1 === undefined ? undefined : Number(((s1 - s0) / wall).toFixed(2)),
    };
  };
  try {
    await bare();
    await full()();
    await full(plainClient)();
    const runs = [];
    for (let i = 0; i < reps; i++) {
      const b = await phase(bare);
      const fu = await phase(full());
      const plain = await phase(full(plainClient));
      // Per client CPU-second: the bare reader alone cannot fill its core (the server's core is
      // the limit for it), so raw rates would compare a busy client with a half-idle one.
      const cpuRatio = fu.eventsPerSecond / fu.clientCores / (b.eventsPerSecond / b.clientCores);
      const fastOverPlain = fu.eventsPerSecond / fu.clientCores / (plain.eventsPerSecond / plain.clientCores);
      runs.push({
        bare: b,
        full: fu,
        plain,
        ratio: Number((fu.eventsPerSecond / b.eventsPerSecond).toFixed(3)),
        cpuRatio: Number(cpuRatio.toFixed(3)),
        fastOverPlain: Number(fastOverPlain.toFixed(3)),
      });
      process.stderr.write(
        `capacity rep ${i + 1}: bare ${b.eventsPerSecond}/s (client ${b.clientCores}, server ${b.serverCores} ` +
          `cores), full ${fu.eventsPerSecond}/s (client ${fu.clientCores}, server ${fu.serverCores} cores), ratio ` +
          `${runs.at(-1)!.ratio}, per client CPU-second ${runs.at(-1)!.cpuRatio}; plain path ` +
          `${plain.eventsPerSecond}/s (client ${plain.clientCores} cores), fast/plain per client CPU-second ` +
          `${runs.at(-1)!.fastOverPlain}\n`,
      );
    }
    const ratios = runs.map((r) => r.ratio);
    const cpuRatios = runs.map((r) => r.cpuRatio);
    return {
      concurrency,
      repetitions: reps,
      secondsPerPhase: SECONDS,
      statistic: 'median of per-repetition ratios (bare, full alternating)',
      bareEventsPerSecond: Math.round(median(runs.map((r) => r.bare.eventsPerSecond))),
      chatproofEventsPerSecond: Math.round(median(runs.map((r) => r.full.eventsPerSecond))),
      ratio: median(ratios),
      ratioRange: [Math.min(...ratios), Math.max(...ratios)],
      cpuRatio: median(cpuRatios),
      cpuRatioRange: [Math.min(...cpuRatios), Math.max(...cpuRatios)],
      plainEventsPerSecond: Math.round(median(runs.map((r) => r.plain.eventsPerSecond))),
      fastOverPlain: median(runs.map((r) => r.fastOverPlain)),
      fastOverPlainRange: [
        Math.min(...runs.map((r) => r.fastOverPlain)),
        Math.max(...runs.map((r) => r.fastOverPlain)),
      ],
      runs,
    };
  } finally {
    await client.close();
    await plainClient.close();
    await agent.close();
  }
}

// A full collection before each reading, without asking for --expose-gc on the command line.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** C. Memory held per open conversation: 1,000 streams stalled before their first token. */
async function memory(): Promise<unknown> {
  const f = await startFixture(['--ttft-ms', '4000']);
  const client: ChatClient = createChatClient({ baseUrl: f.url, model: 'fixture-model' });
  try {
    await client.chat(chatRequest(true)).catch(() => undefined);
    gc();
    const before = process.memoryUsage();
    const n = 1000;
    const pending = Array.from({ length: n }, () => client.chat(chatRequest(true)));
    await new Promise((r) => setTimeout(r, 2000));
    gc();
    const during = process.memoryUsage();
    await Promise.all(pending);
    const per = (k: 'heapUsed' | 'rss' | 'external') => Math.round((during[k] - before[k]) / n);
    return {
      streams: n,
      heapBytesPerStream: per('heapUsed'),
      rssBytesPerStream: per('rss'),
      externalBytesPerStream: per('external'),
    };
  } finally {
    await client.close();
    await stopFixture(f);
  }
}

/** D. Non-streaming requests/s and latency: autocannon and chatproof, same endpoint. */
async function sideBySide(): Promise<unknown> {
  const f = await startFixture(['--reply', 'ok']);
  const client = createChatClient({ baseUrl: f.url, model: 'fixture-model' });
  const connections = 32;
  try {
    const ac = await runAutocannon({
      url: `${f.url}/chat/completions`,
      headers: {},
      body: JSON.stringify({ model: 'fixture-model', messages: [{ role: 'user', content: 'hello' }], stream: false }),
      connections,
      durationMs: SECONDS * 1000,
    });
    const own = (await runClientLoop(client, chatRequest(false), connections, SECONDS * 1000))!;
    return {
      connections,
      autocannon: { requestsPerSecond: ac.requestsPerSecond, latencyMs: ac.latencyMs },
      chatproof: { requestsPerSecond: own.requestsPerSecond, e2eMs: own.e2eMs },
      ratio: own.requestsPerSecond / ac.requestsPerSecond,
    };
  } finally {
    await client.close();
    await stopFixture(f);
  }
}

const machine = {
  cpus: (await import('node:os')).cpus().length,
  node: process.version,
  pinned: hasTaskset ? { server: values['server-cpu'], client: values['client-cpu'] } : false,
};
const SECTIONS = new Set(values.sections!.split(','));
const report: Record<string, unknown> = { machine };
if (SECTIONS.has('accuracy')) report.accuracy = await accuracy();
if (SECTIONS.has('capacity')) report.capacity = await capacity();
if (SECTIONS.has('memory')) report.memory = await memory();
if (SECTIONS.has('nonStreaming')) report.nonStreaming = await sideBySide();
if (SECTIONS.has('multiTurn')) {
  const f = await startFixture(MULTI_TURN_FIXTURE_ARGS);
  try {
    report.multiTurn = await multiTurnAccuracy({
      url: f.url,
      fetchLog: () => control(f, '/_fixture/log'),
      reset: async () => {
        await control(f, '/_fixture/reset');
      },
      users: values['multi-turn-users']!.split(',').map(Number),
      durationMs: Number(values['multi-turn-seconds']) * 1000,
      runs: Number(values['multi-turn-runs']),
    });
  } finally {
    await stopFixture(f);
  }
}
mkdirSync(values.out!.replace(/\/[^/]+$/, ''), { recursive: true });
writeFileSync(values.out!, `${JSON.stringify(report, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
