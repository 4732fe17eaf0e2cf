// A fast path around JSON.parse for the chunks of one stream. Within a stream, servers send
// the same chunk again and again with only the text changed:
//   {"id":"x","object":"chat.completion.chunk","created":1,"model":"m",
//    "choices":[{"index":0,"delta":{"content":"<TEXT>"},"finish_reason":null}]}   (one line)
// After one chunk went through JSON.parse, the text around the content (or reasoning) string is
// learnt as a template: a prefix ending just inside the string's opening quote and a suffix
// starting at its closing quote. A later chunk that is exactly prefix + S + suffix, where S is a
// valid JSON string body, is the same JSON value with only that string changed, so it needs no
// full parse. S without '"', '\' or control characters is the text itself; S with escapes is
// decoded by JSON.parse of S alone (exact, and it rejects an unescaped quote, which could
// otherwise change the structure). Anything else (another prefix or suffix, finish_reason,
// usage, error events, a bad escape) returns undefined and the caller uses JSON.parse, so
// malformed chunks are still caught there.

import { utf8FromBytes } from './byte-text.js';
import { isDataAt } from './sse.js';
import { type UnitMirror, unitMirror } from './unit-mirror.js';

const NON_ASCII = /[^\x00-\x7f]/;

/** Fields a template may vary, in the order they are tried. */
const FIELDS = ['content', 'reasoning_content', 'reasoning'] as const;
type Field = (typeof FIELDS)[number];
/** `"field": "` with any JSON whitespace; global, so exec can look for a second occurrence. */
const KEYS: Record<Field, RegExp> = {
  content: /"content"\s*:\s*"/g,
  reasoning_content: /"reasoning_content"\s*:\s*"/g,
  reasoning: /"reasoning"\s*:\s*"/g,
};
const MARKER = 'chatproof\u2063marker';
/** Templates learnt without a single hit before we stop trying (a server that varies every chunk). */
const MAX_MISSES = 4;

interface Template {
  prefix: string;
  suffix: string;
  /** The chunk JSON.parse made of prefix + MARKER + suffix; its field is overwritten per hit. */
  value: { choices: Array<{ delta: Record<string, unknown> }> };
  delta: Record<string, unknown>;
  field: Field;
  role: Role | undefined;
  /** Prefix and suffix are ASCII (so the same in byte text). */
  ascii: boolean;
  hits: number;
}

export type Role = 'content' | 'reasoning';

export class ChunkTemplate {
  private t: Template | undefined;
  private misses = 0;
  private roleSeen = false;

  /**
   * The parsed chunk for `data` when it fits the learnt template, else undefined. The returned
   * object is reused by the next call: read it before parsing the next chunk.
   */
  parse(data: string): unknown {
    const text = this.textOf(data, 0, data.length);
    if (text === undefined) return undefined;
    const t = this.t!;
    t.delta[t.field] = text;
    return t.value;
  }

  /**
   * The one thing a hit adds to a reply under TurnState's reading of a delta: content text or
   * reasoning text. Undefined when the template's other fields are not inert (then the text
   * alone would not say what the chunk means, so scanEvents takes nothing; parse still works).
   */
  get role(): Role | undefined {
    return this.t?.role;
  }

  /**
   * The SSE hot path: from `pos`, a line start in the read `buf` (identified by `readId`: equal
   * ids, same text), takes every following complete event that is one "data:" line fitting the
   * template plus its blank line, pushes each one's text to `out`, and returns the position
   * after the last (pos when none). Runs of plain events are found in the unit mirror; an event
   * with escapes (or a read the mirror cannot hold) is checked here with string compares.
   */
  scanEvents(buf: string, pos: number, readId: number, out: string[], bytes = false): number {
    const t = this.t;
    // Byte text (see byte-text.ts) can only hold an ASCII template as it is.
    if (t?.role === undefined || (bytes && !t.ascii)) return pos;
    let mirror: UnitMirror | undefined;
    let loaded = false;
    for (;;) {
      // Cheap first: a line that is not data (a blank line, a comment) never loads the mirror.
      if (!isDataAt(buf, pos)) return pos;
      if (!loaded) {
        loaded = true;
        mirror = unitMirror();
        if (!mirror.load(t, t.prefix, t.suffix, buf, readId)) mirror = undefined;
      }
      if (mirror !== undefined) {
        const before = out.length;
        const next = mirror.scan(buf, pos, out, bytes);
        if (next !== pos) {
          t.hits += out.length - before;
          pos = next;
          continue;
        }
      }
      const next = this.scanOne(buf, pos, out, bytes);
      if (next === pos) return pos;
      pos = next;
    }
  }

  /** One event at `pos` the exact string way (see scanEvents); returns pos when it does not fit. */
  private scanOne(buf: string, pos: number, out: string[], bytes: boolean): number {
    const nl = buf.indexOf('\n', pos + 5);
    if (nl === -1) return pos;
    // Its blank line must be here too, or the event is not complete yet.
    let next = nl + 1;
    const c = buf.charCodeAt(next);
    if (c === 10) next++;
    else if (c === 13 && buf.charCodeAt(next + 1) === 10) next += 2;
    else return pos;
    const from = buf.charCodeAt(pos + 5) === 32 ? pos + 6 : pos + 5;
    const end = buf.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
    const text = this.textOf(buf, from, end, bytes);
    if (text === undefined) return pos;
    out.push(text);
    return next;
  }

  /** The varying string of `buf.slice(from, end)` when that fits the template, else undefined. */
  private textOf(buf: string, from: number, end: number, bytes = false): string | undefined {
    const t = this.t;
    if (t === undefined) return undefined;
    const { prefix, suffix } = t;
    const bodyStart = from + prefix.length;
    const bodyEnd = end - suffix.length;
    // The suffix first: it is shorter and is where a finish or usage chunk differs.
    // slice + === rather than startsWith: V8 compares flat slices far faster (measured ~2-10x).
    if (bodyEnd < bodyStart || buf.slice(bodyEnd, end) !== suffix || buf.slice(from, bodyStart) !== prefix)
      return undefined;
    const body = buf.slice(bodyStart, bodyEnd);
    const text = bodyText(bytes ? utf8FromBytes(body) : body);
    if (text !== undefined) t.hits++;
    return text;
  }

  /** After a JSON.parse of `data` gave `chunk`: learn a template from it when it is a plain text chunk. */
  learn(data: string, chunk: unknown): void {
    if (this.t !== undefined && this.t.hits === 0) this.misses++;
    this.t = undefined;
    if (this.misses >= MAX_MISSES) return;
    const delta = plainTextDelta(chunk);
    if (delta === undefined) return;
    // Most servers name the role in the first chunk only, so a template learnt there never
    // fits again; Ollama names it in every chunk, so only the first is passed over.
    if (!this.roleSeen && typeof delta.role === 'string') {
      this.roleSeen = true;
      return;
    }
    const field = textField(delta);
    if (field !== undefined) this.t = build(data, field);
  }
}

/** The field that carries text now (Ollama sends content "" beside its reasoning), else any string one. */
function textField(delta: Record<string, unknown>): Field | undefined {
  for (const f of FIELDS) if (typeof delta[f] === 'string' && delta[f] !== '') return f;
  for (const f of FIELDS) if (typeof delta[f] === 'string') return f;
  return undefined;
}

/** The delta of a chunk with one choice, no usage, no finish_reason and no error, else undefined. */
function plainTextDelta(chunk: unknown): Record<string, unknown> | undefined {
  if (chunk === null || typeof chunk !== 'object') return undefined;
  const c = chunk as { choices?: unknown; usage?: unknown; error?: unknown };
  if (c.error !== undefined && c.error !== null) return undefined;
  if (c.usage !== undefined && c.usage !== null) return undefined;
  if (!Array.isArray(c.choices) || c.choices.length !== 1) return undefined;
  const choice = c.choices[0] as { delta?: unknown; finish_reason?: unknown } | null;
  if (choice === null || typeof choice !== 'object') return undefined;
  if (choice.finish_reason !== undefined && choice.finish_reason !== null) return undefined;
  const delta = choice.delta;
  if (delta === null || typeof delta !== 'object' || Array.isArray(delta)) return undefined;
  return delta as Record<string, unknown>;
}

/** Finds the one `"field": "` in `data`, cuts around its string, and checks the cut by parsing. */
function build(data: string, field: Field): Template | undefined {
  const key = KEYS[field];
  key.lastIndex = 0;
  const first = key.exec(data);
  if (first === null || key.exec(data) !== null) return undefined; // absent or ambiguous
  const open = first.index + first[0].length;
  let close = open;
  for (; close < data.length; close++) {
    const ch = data.charCodeAt(close);
    if (ch === 92 /* \ */) close++;
    else if (ch === 34 /* " */) break;
  }
  if (close >= data.length) return undefined;
  const prefix = data.slice(0, open);
  const suffix = data.slice(close);
  // The proof that the cut is the field's string: the marker must come back in exactly that place.
  let value: unknown;
  try {
    value = JSON.parse(prefix + MARKER + suffix);
  } catch {
    return undefined;
  }
  const delta = plainTextDelta(value);
  if (delta === undefined || delta[field] !== MARKER) return undefined;
  for (const other of FIELDS) if (other !== field && delta[other] === MARKER) return undefined;
  return {
    prefix,
    suffix,
    value: value as Template['value'],
    delta,
    field,
    role: roleOf(delta, field),
    ascii: !NON_ASCII.test(prefix) && !NON_ASCII.test(suffix),
    hits: 0,
  };
}

/**
 * What the varying field is to TurnState (content, or reasoning as `reasoning_content ??
 * reasoning`) when every other text field is inert (absent, null or ""), else undefined.
 */
function roleOf(delta: Record<string, unknown>, field: Field): Role | undefined {
  for (const f of FIELDS) {
    if (f !== field && delta[f] !== undefined && delta[f] !== null && delta[f] !== '') return undefined;
  }
  if (field === 'content') return 'content';
  // `reasoning_content ?? reasoning`: a "" reasoning_content hides the reasoning field.
  if (field === 'reasoning' && delta.reasoning_content !== undefined && delta.reasoning_content !== null)
    return undefined;
  return 'reasoning';
}

/** The text a JSON string body stands for, or undefined when it is not a valid one. */
function bodyText(body: string): string | undefined {
  if (!needsDecode(body)) return body;
  try {
    // Exact decoding of every escape; it also rejects an unescaped quote, which could otherwise
    // change the chunk's structure.
    return JSON.parse(`"${body}"`) as string;
  } catch {
    return undefined;
  }
}

/** True when `body` has '"', '\\' or a control character JSON forbids raw (a loop: tokens are short). */
function needsDecode(body: string): boolean {
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if (c < 32 || c === 34 || c === 92) return true;
  }
  return false;
}
