// The chunk template fast path must give exactly what JSON.parse gives, or step aside.
import t from 'tap';
import { ChunkTemplate } from '../../../src/client/chunk-template.js';
import { SseParser } from '../../../src/client/sse.js';
import { TurnState } from '../../../src/client/turn-state.js';
import { Utf8Stream } from '../../../src/client/utf8.js';
import { seededRandom } from '../../../src/core/random.js';
import { randomCuts } from '../../helpers/random-cuts.js';

const PIECES = [
  'a',
  ' the',
  'Hello',
  '"',
  '\\',
  '\n',
  '\t',
  '\r',
  '\u0000',
  '\u001f',
  '/',
  'é',
  '中文',
  '😀',
  '\ud800',
  '\udfff',
  '\u2028',
  '<think>',
  '</think>',
  '{"x":1}',
  ' ',
  '',
];
function randomText(next: () => number): string {
  let s = '';
  const n = Math.floor(next() * 4);
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}
/** Python's json.dumps(ensure_ascii=True): every non-ASCII character as \uXXXX, "/" plain. */
const asciiJson = (v: unknown): string =>
  JSON.stringify(v).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
/** Python's default separators (", " and ": "). */
const spacedJson = (v: unknown): string => asciiJson(v).replace(/","/g, '", "').replace(/":/g, '": ');

type Shape = (text: string, i: number) => unknown;
const SHAPES: Record<string, { chunk: Shape; encode: (v: unknown) => string }> = {
  openai: {
    chunk: (c, i) => ({
      id: 'chatcmpl-abc',
      object: 'chat.completion.chunk',
      created: 1700000000,
      model: 'gpt-4o',
      system_fingerprint: 'fp_1',
      choices: [
        {
          index: 0,
          delta: i === 0 ? { role: 'assistant', content: c } : { content: c },
          logprobs: null,
          finish_reason: null,
        },
      ],
    }),
    encode: JSON.stringify,
  },
  vllm: {
    chunk: (c) => ({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'Qwen/Qwen3-8B',
      choices: [{ index: 0, delta: { content: c }, logprobs: null, finish_reason: null }],
      usage: null,
    }),
    encode: JSON.stringify,
  },
  'vllm-reasoning': {
    chunk: (c, i) => ({
      id: 'chatcmpl-1',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'q',
      choices: [
        { index: 0, delta: i < 5 ? { reasoning_content: c } : { content: c }, logprobs: null, finish_reason: null },
      ],
    }),
    encode: JSON.stringify,
  },
  sglang: {
    chunk: (c, i) => ({
      id: 'x',
      object: 'chat.completion.chunk',
      created: 2,
      model: 'm',
      choices: [
        {
          index: 0,
          delta: {
            role: null,
            content: i % 7 === 3 ? null : c,
            reasoning_content: i % 7 === 3 ? c : null,
            tool_calls: null,
          },
          logprobs: null,
          finish_reason: null,
          matched_stop: null,
        },
      ],
      usage: null,
    }),
    encode: spacedJson,
  },
  'llama.cpp': {
    chunk: (c, i) => ({
      choices: [{ finish_reason: null, index: 0, delta: { content: c } }],
      created: 1700000000 + Math.floor(i / 9),
      id: 'chatcmpl-q',
      model: 'gpt-3.5-turbo',
      system_fingerprint: 'b1-x',
      object: 'chat.completion.chunk',
    }),
    encode: asciiJson,
  },
  // A "" reasoning_content hides the reasoning field from `reasoning_content ?? reasoning`.
  'reasoning-hidden': {
    chunk: (c) => ({
      id: 'h',
      object: 'chat.completion.chunk',
      created: 4,
      model: 'm',
      choices: [{ index: 0, delta: { reasoning_content: '', reasoning: c }, finish_reason: null }],
    }),
    encode: JSON.stringify,
  },
  'ollama-reasoning': {
    chunk: (c) => ({
      id: 'chatcmpl-9',
      object: 'chat.completion.chunk',
      created: 3,
      model: 'qwen3',
      choices: [{ index: 0, delta: { role: 'assistant', content: '', reasoning: c }, finish_reason: null }],
    }),
    encode: JSON.stringify,
  },
};
const tail = (encode: (v: unknown) => string): string[] => [
  encode({
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [{ index: 0, delta: {}, finish_reason: 'stop' }],
  }),
  encode({
    id: 'c',
    object: 'chat.completion.chunk',
    created: 1,
    model: 'm',
    choices: [],
    usage: { prompt_tokens: 5, completion_tokens: 40, total_tokens: 45 },
  }),
  '[DONE]',
];

/** Everything a TurnState exposes after a stream. */
function observe(events: string[], fastPath: boolean): unknown {
  const s = new TurnState({ fastPath });
  let stoppedAt = -1;
  events.forEach((e, i) => {
    if (stoppedAt === -1 && !s.onEvent(e, i)) stoppedAt = i;
  });
  s.end();
  return {
    stoppedAt,
    content: s.text.content,
    reasoning: s.text.reasoning,
    firstTokenMs: s.firstTokenMs,
    firstThoughtMs: s.firstThoughtMs,
    offsets: s.contentChunkOffsetsMs,
    finish: s.finishReason,
    usage: s.usage(true),
    failure: s.failure,
    done: s.done,
  };
}

t.test('every shape: fast path and JSON.parse agree, chunk by chunk and on the whole stream', async (t) => {
  for (const [name, { chunk, encode }] of Object.entries(SHAPES)) {
    for (let seed = 1; seed <= 40; seed++) {
      const next = seededRandom(seed * 101 + name.length);
      const events = Array.from({ length: 30 }, (_, i) => encode(chunk(randomText(next), i)));
      const tpl = new ChunkTemplate();
      let hits = 0;
      for (const data of events) {
        const fast = tpl.parse(data);
        const reference: unknown = JSON.parse(data);
        if (fast === undefined) tpl.learn(data, reference);
        else {
          hits++;
          if (JSON.stringify(fast) !== JSON.stringify(reference))
            t.same(fast, reference, `${name} seed ${seed}: ${data}`);
        }
      }
      if (seed === 1) t.ok(hits > 10, `${name}: the fast path is used (${hits} of 30)`);
      const all = [...events, ...tail(encode)];
      t.same(observe(all, true), observe(all, false), `${name} seed ${seed}: same TurnState`);
    }
  }
});

t.test('malformed chunks after a learnt template still fail as malformed_chunk', async (t) => {
  const good = (c: string) =>
    JSON.stringify({
      id: 'a',
      object: 'chat.completion.chunk',
      created: 1,
      model: 'm',
      choices: [{ index: 0, delta: { content: c }, finish_reason: null }],
    });
  const [pre, post] = good('@@').split('@@') as [string, string];
  const bad = [
    `${pre}a"b${post}`, // unescaped quote
    `${pre}a\\xb${post}`, // bad escape
    `${pre}a\u0001b${post}`, // raw control character
    `${pre}a\\${post}`, // escaped closing quote: the string never ends
    `${pre}\\ud83d\\u${post}`, // cut \u escape
    `${pre}","content":"x${post}`, // an injected duplicate key
    `${pre}x${post.slice(0, -1)}`, // truncated
    `${pre}x${post}}`, // trailing garbage
    `${pre}a","finish_reason":"stop"}]}${post}`,
  ];
  for (const b of bad) {
    const events = [good('hi'), good(' there'), b, good(' more'), '[DONE]'];
    const fastResult = observe(events, true) as { failure?: { cause: string } };
    t.same(fastResult, observe(events, false), `same as JSON.parse: ${b}`);
    let valid = true;
    try {
      JSON.parse(b);
    } catch {
      valid = false;
    }
    if (!valid) t.equal(fastResult.failure?.cause, 'malformed_chunk', `malformed: ${b}`);
  }
});

t.test('escapes decode exactly, whatever the server escapes', async (t) => {
  const pre = '{"id":"a","choices":[{"index":0,"delta":{"content":"';
  const post = '"},"finish_reason":null}]}';
  const tpl = new ChunkTemplate();
  tpl.learn(`${pre}x${post}`, JSON.parse(`${pre}x${post}`));
  for (const body of [
    '\\u00e9',
    '\\/',
    '\\"',
    '\\\\',
    '\\n\\r\\t\\b\\f',
    '\\ud83d\\ude00',
    '\\ud800',
    'caf\\u00E9 \\u4e2d',
    'plain',
    '',
  ]) {
    const data = `${pre}${body}${post}`;
    t.same(tpl.parse(data), JSON.parse(data), body);
  }
});

t.test('no template from chunks that are not plain text deltas', async (t) => {
  const tpl = new ChunkTemplate();
  const learnt = (data: string) => {
    tpl.learn(data, JSON.parse(data));
    return tpl.parse(data) !== undefined;
  };
  t.notOk(learnt('{"error":{"message":"boom","content":"x"}}'), 'error event');
  t.notOk(learnt('{"choices":[{"delta":{"content":"x"},"finish_reason":"stop"}]}'), 'finish chunk');
  t.notOk(learnt('{"choices":[],"usage":{"completion_tokens":3}}'), 'usage chunk');
  t.notOk(
    learnt('{"choices":[{"delta":{"content":"x"}}],"usage":{"completion_tokens":3}}'),
    'usage riding on a text chunk',
  );
  t.notOk(learnt('{"choices":[{"delta":{"content":"x"}},{"delta":{"content":"y"}}]}'), 'two choices');
  t.notOk(learnt('{"choices":[{"delta":{"content":"x","content":"y"}}]}'), 'duplicate key');
  t.notOk(learnt('{"choices":[{"delta":{"role":"assistant"}}]}'), 'role only');
  t.notOk(learnt('{"choices":[{"message":{"content":"x"}}]}'), 'a non-streamed body');
  t.ok(learnt('{"choices":[{"delta":{"content":"x"}}]}'), 'a plain chunk');
});

t.test('a server whose every chunk differs stops costing a template', async (t) => {
  const tpl = new ChunkTemplate();
  let learnt = 0;
  for (let i = 0; i < 50; i++) {
    const data = `{"id":"${i}","choices":[{"delta":{"content":"x"}}]}`;
    if (tpl.parse(data) === undefined) tpl.learn(data, JSON.parse(data));
    if ((tpl as unknown as { t?: unknown }).t !== undefined) learnt++;
  }
  t.ok(learnt <= 5, `templates learnt: ${learnt}`);
});

/** An SSE body for `events`, with the framing servers vary: line ends, "data:" spacing, comments, multi-line data. */
function sseBody(events: string[], next: () => number): string {
  let body = '';
  for (const e of events) {
    const eol = next() < 0.15 ? '\r\n' : '\n';
    if (next() < 0.05) body += `: keep-alive${eol}`;
    const field = next() < 0.1 ? 'data:' : 'data: ';
    // Multi-line data: a JSON text may be split at a space between tokens (whitespace to JSON).
    const cut = e.startsWith('{') && next() < 0.05 ? e.indexOf(',') : -1;
    if (cut > 0) body += `${field}${e.slice(0, cut)}${eol}${field}${e.slice(cut)}${eol}${eol}`;
    else body += `${field}${e}${eol}${next() < 0.05 ? `id: ${Math.floor(next() * 9)}${eol}` : ''}${eol}`;
  }
  return body;
}

/** TurnState after `reads` went through the SSE parser, with or without both fast paths. */
function observeSse(reads: string[], fast: boolean): { state: unknown; lineHits: number } {
  const s = new TurnState({ fastPath: fast });
  let at = 0;
  let stopped = false;
  let lineHits = 0;
  const parser = new SseParser(
    (data) => {
      if (!stopped && !s.onEvent(data, at)) stopped = true;
    },
    fast
      ? (buf, pos, readId) => {
          if (stopped) return pos;
          const next = s.consumeRun(buf, pos, readId, at);
          if (next !== pos) lineHits += buf.slice(pos, next).split('data:').length - 1;
          return next;
        }
      : undefined,
  );
  for (const r of reads) {
    at++;
    parser.push(r);
  }
  parser.end();
  s.end();
  return {
    state: {
      stopped,
      content: s.text.content,
      reasoning: s.text.reasoning,
      firstTokenMs: s.firstTokenMs,
      firstThoughtMs: s.firstThoughtMs,
      offsets: s.contentChunkOffsetsMs,
      finish: s.finishReason,
      usage: s.usage(true),
      failure: s.failure,
      done: s.done,
      doneMs: s.doneMs,
    },
    lineHits,
  };
}

t.test(
  'SSE hot path (template matched inside the read) equals the ordinary path, however the bytes are cut',
  async (t) => {
    const malformed = (e: string) => [
      e.replace(/"content":"/, '"content":"a"b'),
      e.slice(0, -2),
      `${e}}`,
      e.replace(/"content":"/, '"content":"\\x'),
    ];
    let totalHits = 0;
    for (const [name, { chunk, encode }] of Object.entries(SHAPES)) {
      for (let seed = 1; seed <= 25; seed++) {
        const next = seededRandom(seed * 7919 + name.length);
        const events = Array.from({ length: 40 }, (_, i) => encode(chunk(randomText(next), i)));
        if (seed % 5 === 0) {
          const bad = malformed(events[20]!);
          events[20] = bad[seed % bad.length]!;
        }
        const body = sseBody([...events, ...tail(encode)], next);
        const reads = randomCuts(body, next, 30, 2000);
        const fast = observeSse(reads, true);
        const reference = observeSse(reads, false);
        if (JSON.stringify(fast.state) !== JSON.stringify(reference.state))
          t.same(fast.state, reference.state, `${name} seed ${seed}`);
        totalHits += fast.lineHits;
        if (seed === 1 && name === 'openai')
          t.ok(fast.lineHits > 15, `the hot path is taken (${fast.lineHits} of 40 events)`);
      }
    }
    t.ok(totalHits > 1000, `hot path hits over all shapes: ${totalHits}`);
  },
);

t.test('template roles: the hot path only takes chunks whose meaning is the one varying string', async (t) => {
  const role = (delta: Record<string, unknown>, field: string) => {
    const tpl = new ChunkTemplate();
    const data = JSON.stringify({ choices: [{ index: 0, delta }] });
    tpl.learn(data, JSON.parse(data));
    if ('role' in delta) {
      t.equal(tpl.parse(data), undefined, 'the first chunk naming the role is passed over');
      tpl.learn(data, JSON.parse(data));
    }
    t.ok(tpl.parse(data) !== undefined, `a template is learnt from ${data}`);
    t.equal((tpl as unknown as { t: { field: string } }).t.field, field);
    return tpl.role;
  };
  t.equal(role({ content: 'x' }, 'content'), 'content');
  t.equal(role({ role: 'assistant', content: 'x', reasoning_content: null }, 'content'), 'content');
  t.equal(role({ reasoning_content: 'x', content: '' }, 'reasoning_content'), 'reasoning');
  t.equal(role({ content: '', reasoning: 'x' }, 'reasoning'), 'reasoning', 'Ollama');
  t.equal(
    role({ reasoning_content: '', reasoning: 'x' }, 'reasoning'),
    undefined,
    'a "" reasoning_content hides reasoning',
  );
  t.equal(role({ content: 'x', reasoning: 'fixed' }, 'content'), undefined, 'a constant non-empty second text field');
});

t.test('Utf8Stream decodes every read exactly as TextDecoder in stream mode', async (t) => {
  const samples = ['data: {"content":"hi"}\n\n', 'é', '中文', '😀', '\ufeff', 'plain ascii text\n'].map((x) =>
    Buffer.from(x),
  );
  const junk = [
    Buffer.from([0xff]),
    Buffer.from([0xc0, 0x80]),
    Buffer.from([0xed, 0xa0, 0x80]),
    Buffer.from([0xe2, 0x82]),
    Buffer.from([0xf0, 0x9f]),
  ];
  for (let seed = 1; seed <= 300; seed++) {
    const next = seededRandom(seed);
    const parts: Buffer[] = [];
    if (next() < 0.2) parts.push(Buffer.from([0xef, 0xbb, 0xbf])); // a leading BOM
    for (let i = 0; i < 30; i++)
      parts.push(
        next() < 0.1 ? junk[Math.floor(next() * junk.length)]! : samples[Math.floor(next() * samples.length)]!,
      );
    const all = Buffer.concat(parts);
    const reads: Buffer[] = [];
    for (let at = 0; at < all.length; ) {
      const n = Math.min(all.length - at, 1 + Math.floor(next() * 40));
      reads.push(all.subarray(at, at + n));
      at += n;
    }
    const ours = new Utf8Stream();
    const reference = new TextDecoder('utf-8');
    const got = reads.map((r) => ours.decode(r));
    const want = reads.map((r) => reference.decode(r, { stream: true }));
    got.push(ours.end());
    want.push(reference.decode());
    if (JSON.stringify(got) !== JSON.stringify(want)) t.same(got, want, `seed ${seed}`);
  }
  t.pass('300 random byte streams');
});

t.test('Utf8Stream: a BOM is stripped only at the very start, as TextDecoder does', async (t) => {
  const bom = [0xef, 0xbb, 0xbf];
  const cases = [
    [bom, [0x61]],
    [[0x61], bom, [0x62]],
    [
      [0x61, 0x0a],
      [...bom, 0x62, 0x0a],
    ],
    [[0xef], [0xbb, 0xbf, 0x61]],
    [[0xef, 0xbb], [0x61]],
    [[], bom, bom],
  ];
  for (const reads of cases) {
    const ours = new Utf8Stream();
    const reference = new TextDecoder('utf-8');
    const bufs = reads.map((r) => Buffer.from(r));
    t.same(
      [...bufs.map((b) => ours.decode(b)), ours.end()],
      [...bufs.map((b) => reference.decode(b, { stream: true })), reference.decode()],
      JSON.stringify(reads),
    );
  }
});
