// The wasm hot path: its embedded binary must be its source, and it must agree with the plain
// string path on what only it sees (large reads that grow its memory, streams interleaved).
import t from 'tap';
import { fileURLToPath } from 'node:url';
import { assembleWat } from '../scripts/assemble-wat.js';
import { SseParser } from '../src/client/sse.js';
import { TurnState } from '../src/client/turn-state.js';
import { unitMirror } from '../src/client/unit-mirror.js';
import { scanWasm } from '../src/client/wasm/scan-wasm.js';

t.test('the embedded scan binary is exactly what scan.wat assembles to (npm run build:wasm)', async (t) => {
  const built = Buffer.from(await assembleWat(fileURLToPath(new URL('../src/client/wasm/scan.wat', import.meta.url)))).toString('base64');
  t.equal(scanWasm, built);
});

const chunk = (text: string, id = 'chatcmpl-1') => JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content: text }, finish_reason: null }] });
const finish = (id = 'chatcmpl-1') => JSON.stringify({ id, object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] });
const sse = (events: string[]) => events.map((e) => `data: ${e}\n\n`).join('') + 'data: [DONE]\n\n';

/** A reply's text and chunk count, parsed with or without the hot path, reads pushed in order. */
function parse(reads: string[], fast: boolean) {
  const s = new TurnState({ fastPath: fast });
  const p = new SseParser((d) => { s.onEvent(d, 0); }, fast ? (buf, pos, id) => s.consumeRun(buf, pos, id, 0) : undefined);
  for (const r of reads) p.push(r);
  p.end();
  s.end();
  return { content: s.text.content, chunks: s.contentChunkOffsetsMs.length, finish: s.finishReason, done: s.done, failure: s.failure };
}

t.test('a read far larger than the mirror memory (it grows) parses as the string path does', async (t) => {
  const words = Array.from({ length: 30_000 }, (_, i) => (i % 7 === 0 ? ` 中文${i}` : i % 11 === 0 ? ` "q${i}"` : ` w${i}`));
  const body = sse([chunk('start'), ...words.map((w) => chunk(w)), finish()]);
  t.ok(body.length > 2_000_000, `one read of ${body.length} characters`);
  // Count what the wasm scan itself finds, so a silent fall back to strings would show.
  const mirror = unitMirror();
  const scan = mirror.scan.bind(mirror);
  let found = 0;
  mirror.scan = (buf, pos, out) => { const before = out.length; const next = scan(buf, pos, out); found += out.length - before; return next; };
  const fast = parse([body], true);
  mirror.scan = scan;
  t.ok(found > 25_000, `wasm found ${found} of 30,001 events (the rest have escapes)`);
  t.same(fast, parse([body], false));
  t.equal(fast.chunks, 30_001);
  t.equal(fast.content, `start${words.join('')}`);
});

t.test('streams interleaved read by read share the mirror without mixing', async (t) => {
  const streams = [0, 1, 2].map((k) => sse([chunk('go', `id-${k}`), ...Array.from({ length: 300 }, (_, i) => chunk(` s${k}t${i}${k === 1 ? ' 😀' : ''}`, `id-${k}`)), finish(`id-${k}`)]));
  const states = streams.map(() => new TurnState());
  const parsers = states.map((s) => new SseParser((d) => { s.onEvent(d, 0); }, (buf, pos, id) => s.consumeRun(buf, pos, id, 0)));
  const cuts = streams.map((body) => Array.from({ length: Math.ceil(body.length / 997) }, (_, i) => body.slice(i * 997, (i + 1) * 997)));
  for (let i = 0; i < Math.max(...cuts.map((c) => c.length)); i++) {
    cuts.forEach((reads, k) => { if (i < reads.length) parsers[k]!.push(reads[i]!); });
  }
  parsers.forEach((p) => p.end());
  states.forEach((s, k) => {
    s.end();
    const want = parse(cuts[k]!, false);
    t.equal(s.text.content, want.content, `stream ${k}`);
    t.equal(s.contentChunkOffsetsMs.length, want.chunks);
    t.equal(s.finishReason, 'stop');
  });
});

t.test('a template too large for the mirror falls back to string compares, same result', async (t) => {
  const big = 'x'.repeat(40_000);
  const events = Array.from({ length: 20 }, (_, i) => JSON.stringify({ id: big, choices: [{ index: 0, delta: { content: `t${i}` }, finish_reason: null }] }));
  const body = sse([...events, finish()]);
  t.same(parse([body], true), parse([body], false));
  t.equal(parse([body], true).chunks, 20);
});
