// The wasm hot path: its embedded binary must be its source, and it must agree with the plain
// string path on what only it sees (large reads that grow its memory, streams interleaved).

import { fileURLToPath } from 'node:url';
import t from 'tap';
import { assembleWat } from '../../../scripts/assemble-wat.js';
import { SseText, utf8FromBytes } from '../../../src/client/byte-text.js';
import { SseParser } from '../../../src/client/sse.js';
import { TurnState } from '../../../src/client/turn-state.js';
import { unitMirror } from '../../../src/client/unit-mirror.js';
import { scanWasm } from '../../../src/client/wasm/scan-wasm.js';
import { seededRandom } from '../../../src/core/random.js';
import { randomCuts } from '../../helpers/random-cuts.js';

t.test('the embedded scan binary is exactly what scan.wat assembles to (npm run build:wasm)', async (t) => {
  const built = Buffer.from(
    await assembleWat(fileURLToPath(new URL('../../../src/client/wasm/scan.wat', import.meta.url))),
  ).toString('base64');
  t.equal(scanWasm, built);
});

const chunk = (text: string, id = 'chatcmpl-1') =>
  JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: { content: text }, finish_reason: null }],
  });
const finish = (id = 'chatcmpl-1') =>
  JSON.stringify({
    id,
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
  });
const sse = (events: string[]) => `${events.map((e) => `data: ${e}\n\n`).join('')}data: [DONE]\n\n`;

/** A reply's text and chunk count, parsed with or without the hot path, reads pushed in order. */
function parse(reads: string[], fast: boolean) {
  const s = new TurnState({ fastPath: fast });
  const p = new SseParser(
    (d) => {
      s.onEvent(d, 0);
    },
    fast ? (buf, pos, id) => s.consumeRun(buf, pos, id, 0) : undefined,
  );
  for (const r of reads) p.push(r);
  p.end();
  s.end();
  return {
    content: s.text.content,
    chunks: s.contentChunkOffsetsMs.length,
    finish: s.finishReason,
    done: s.done,
    failure: s.failure,
  };
}

t.test('a read far larger than the mirror memory (it grows) parses as the string path does', async (t) => {
  const words = Array.from({ length: 30_000 }, (_, i) =>
    i % 7 === 0 ? ` 中文${i}` : i % 11 === 0 ? ` "q${i}"` : ` w${i}`,
  );
  const body = sse([chunk('start'), ...words.map((w) => chunk(w)), finish()]);
  t.ok(body.length > 2_000_000, `one read of ${body.length} characters`);
  // Count what the wasm scan itself finds, so a silent fall back to strings would show.
  const mirror = unitMirror();
  const scan = mirror.scan.bind(mirror);
  let found = 0;
  mirror.scan = (buf, pos, out, bytes) => {
    const before = out.length;
    const next = scan(buf, pos, out, bytes);
    found += out.length - before;
    return next;
  };
  const fast = parse([body], true);
  mirror.scan = scan;
  t.ok(found > 25_000, `wasm found ${found} of 30,001 events (the rest have escapes)`);
  t.same(fast, parse([body], false));
  t.equal(fast.chunks, 30_001);
  t.equal(fast.content, `start${words.join('')}`);
});

t.test('streams interleaved read by read share the mirror without mixing', async (t) => {
  const streams = [0, 1, 2].map((k) =>
    sse([
      chunk('go', `id-${k}`),
      ...Array.from({ length: 300 }, (_, i) => chunk(` s${k}t${i}${k === 1 ? ' 😀' : ''}`, `id-${k}`)),
      finish(`id-${k}`),
    ]),
  );
  const states = streams.map(() => new TurnState());
  const parsers = states.map(
    (s) =>
      new SseParser(
        (d) => {
          s.onEvent(d, 0);
        },
        (buf, pos, id) => s.consumeRun(buf, pos, id, 0),
      ),
  );
  const cuts = streams.map((body) =>
    Array.from({ length: Math.ceil(body.length / 997) }, (_, i) => body.slice(i * 997, (i + 1) * 997)),
  );
  for (let i = 0; i < Math.max(...cuts.map((c) => c.length)); i++) {
    cuts.forEach((reads, k) => {
      if (i < reads.length) parsers[k]!.push(reads[i]!);
    });
  }
  for (const p of parsers) p.end();
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
  const events = Array.from({ length: 20 }, (_, i) =>
    JSON.stringify({ id: big, choices: [{ index: 0, delta: { content: `t${i}` }, finish_reason: null }] }),
  );
  const body = sse([...events, finish()]);
  t.same(parse([body], true), parse([body], false));
  t.equal(parse([body], true).chunks, 20);
});

/**
 * What the client keeps of an SSE body read in `reads`: byte text as the stream reader wires it, or the TextDecoder
 * reference.
 */
function keep(reads: Buffer[], viaBytes: boolean) {
  const s = new TurnState({ fastPath: viaBytes });
  if (viaBytes) {
    const text = new SseText();
    const p = new SseParser(
      (d) => {
        s.onEvent(text.bytes ? utf8FromBytes(d) : d, 0);
      },
      (buf, pos, id) => s.consumeRun(buf, pos, id, 0, text.bytes),
    );
    for (const r of reads) p.push(text.decode(r));
    const tail = text.end();
    if (tail) p.push(tail);
    p.end();
  } else {
    const decoder = new TextDecoder('utf-8');
    const p = new SseParser((d) => {
      s.onEvent(d, 0);
    });
    for (const r of reads) p.push(decoder.decode(r, { stream: true }));
    const tail = decoder.decode();
    if (tail) p.push(tail);
    p.end();
  }
  s.end();
  return {
    content: s.text.content,
    reasoning: s.text.reasoning,
    chunks: s.contentChunkOffsetsMs.length,
    finish: s.finishReason,
    failure: s.failure,
    done: s.done,
  };
}

t.test(
  'byte text: Chinese, emoji, escapes and broken UTF-8, cut at any byte, keep exactly what TextDecoder keeps',
  async (t) => {
    // '"' and '\n' come out escaped by JSON.stringify; '@u4e2d' becomes the escape \u4e2d (as Python servers send).
    const pieces = ['你', '好', '中文', '😀', 'é', ' a', '"', '@u4e2d', '\n', '\ufeff'];
    const junk = [[0xff], [0xc0, 0x80], [0xed, 0xa0, 0x80], [0xe4, 0xb8], [0xf0, 0x9f, 0x98], [0x80]];
    let hotReads = 0;
    let failures = 0;
    for (let seed = 1; seed <= 120; seed++) {
      const next = seededRandom(seed);
      const events: Buffer[] = [];
      const model = seed % 10 === 0 ? '模型' : 'qwen3';
      for (let i = 0; i < 60; i++) {
        let text = '';
        for (let k = Math.floor(next() * 3); k >= 0; k--) text += pieces[Math.floor(next() * pieces.length)];
        const json = JSON.stringify({
          id: 'c1',
          model,
          choices: [
            { index: 0, delta: seed % 3 === 0 ? { reasoning_content: text } : { content: text }, finish_reason: null },
          ],
        });
        let bytes = Buffer.from(json.replace(/@u/g, '\\u'));
        if (next() < 0.05) {
          // Raw broken UTF-8 inside the string (the decoder turns it into U+FFFD).
          const at = bytes.indexOf('"content":"') + 11;
          if (at > 10)
            bytes = Buffer.concat([
              bytes.subarray(0, at),
              Buffer.from(junk[Math.floor(next() * junk.length)]!),
              bytes.subarray(at),
            ]);
        }
        events.push(Buffer.concat([Buffer.from('data: '), bytes, Buffer.from(next() < 0.2 ? '\r\n\r\n' : '\n\n')]));
      }
      events.push(Buffer.from('data: {"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n'));
      const body = Buffer.concat(events);
      const reads = randomCuts(body, next, 40, 3000);
      const got = keep(reads, true);
      const want = keep(reads, false);
      if (JSON.stringify(got) !== JSON.stringify(want)) t.same(got, want, `seed ${seed}`);
      if (got.chunks > 0 || got.reasoning.length > 0) hotReads++;
      if (got.failure !== undefined) failures++;
    }
    t.equal(hotReads, 120, 'every stream produced text');
    t.equal(failures, 0, 'no stream failed: the streams are valid, broken UTF-8 included');
  },
);

t.test('byte text: a body starting with a byte-order mark is decoded as TextDecoder does (BOM stripped)', async (t) => {
  const body = Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    Buffer.from(sse([chunk('你好'), chunk(' 世界'), finish()])),
  ]);
  const reads = [body.subarray(0, 2), body.subarray(2, 50), body.subarray(50)];
  t.same(keep(reads, true), keep(reads, false));
  t.equal(keep(reads, true).content, '你好 世界');
});

t.test('utf8FromBytes equals TextDecoder on short and long byte strings, valid or not', async (t) => {
  const next = seededRandom(99);
  const reference = new TextDecoder('utf-8', { ignoreBOM: true });
  let mismatches = 0;
  let checked = 0;
  for (let n = 0; n < 50_000; n++) {
    // Mostly high bytes: every lead, continuation, overlong, surrogate and out-of-range case.
    const len = 1 + Math.floor(next() * (n % 10 === 0 ? 40 : 12));
    const bytes = Buffer.alloc(len);
    for (let i = 0; i < len; i++) bytes[i] = next() < 0.3 ? Math.floor(next() * 128) : 0x80 + Math.floor(next() * 128);
    const want = reference.decode(bytes);
    if (utf8FromBytes(bytes.toString('latin1')) !== want && mismatches++ < 3)
      t.fail(`${bytes.toString('hex')}: ${JSON.stringify(want)}`);
    checked++;
  }
  t.equal(mismatches, 0, `${checked} random byte strings`);
  // Test names are JSON-quoted: a raw NUL or BOM in the TAP output is trouble for log readers.
  for (const s of ['中文', '😀', 'é', 'a\u0000b', '\ufeff', '\u{10ffff}', 'plain'])
    t.equal(utf8FromBytes(Buffer.from(s).toString('latin1')), s, JSON.stringify(s));
});
