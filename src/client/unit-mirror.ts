// The SSE hot path checks every chunk against a learnt template of ~200 characters. V8 compares
// two strings about one character at a time (measured: the compares were ~40% of the client's
// parse time), so the read's UTF-16 code units are copied once into WebAssembly memory, where
// wasm/scan.wat walks a whole run of template events, 16 bytes per compare step. UTF-16 units,
// not UTF-8 bytes: string positions are memory positions for any text, and equal units mean
// equal strings, so the result is exact. One mirror serves every stream: a read is parsed
// synchronously, so the mirror holds one read at a time, reloaded when another read asks.
import { utf8FromBytes } from './byte-text.js';
import { scanWasm } from './wasm/scan-wasm.js';

const PAGE = 65536;
/** Memory layout: template prefix + suffix, then the found events, then the read. */
const TEMPLATE_AT = 0;
const TEMPLATE_BYTES = 32 * 1024;
const OUT_AT = TEMPLATE_BYTES;
const MAX_EVENTS = 2048; // 16 bytes each: fits below READ_AT
const READ_AT = 64 * 1024;
/** Reads larger than this (in UTF-16 bytes) are compared as strings instead. */
const MAX_READ_BYTES = 32 * 1024 * 1024;

type Scan = (
  read: number,
  len: number,
  pos: number,
  prefix: number,
  plen: number,
  suffix: number,
  slen: number,
  out: number,
  max: number,
) => number;

class UnitMirror {
  private readonly memory: WebAssembly.Memory;
  private readonly scanFn: Scan;
  private bytes: Buffer;
  private found: Int32Array;
  private readId = -1;
  private template: object | undefined;
  private prefixUnits = 0;
  private suffixAt = 0;
  private suffixUnits = 0;

  constructor() {
    const instance = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(scanWasm, 'base64')));
    this.memory = instance.exports.memory as WebAssembly.Memory;
    this.scanFn = instance.exports.scan as Scan;
    this.bytes = Buffer.from(this.memory.buffer);
    this.found = new Int32Array(this.memory.buffer, OUT_AT, MAX_EVENTS * 4);
  }

  /**
   * Makes the template `owner` (its prefix and suffix) and the read `buf`, identified by
   * `readId`, current. False when either is too large: then compare the strings.
   */
  load(owner: object, prefix: string, suffix: string, buf: string, readId: number): boolean {
    if (this.template !== owner) {
      if ((prefix.length + suffix.length) * 2 > TEMPLATE_BYTES) return false;
      this.prefixUnits = prefix.length;
      this.suffixAt = TEMPLATE_AT + this.bytes.write(prefix, TEMPLATE_AT, 'utf16le');
      this.suffixUnits = suffix.length;
      this.bytes.write(suffix, this.suffixAt, 'utf16le');
      this.template = owner;
    }
    if (this.readId !== readId) {
      const need = READ_AT + buf.length * 2;
      if (need > MAX_READ_BYTES) return false;
      if (need > this.bytes.length) {
        this.memory.grow(Math.ceil((need - this.bytes.length) / PAGE));
        // Growing replaces the memory's ArrayBuffer: the views must follow.
        this.bytes = Buffer.from(this.memory.buffer);
        this.found = new Int32Array(this.memory.buffer, OUT_AT, MAX_EVENTS * 4);
      }
      this.bytes.write(buf, READ_AT, 'utf16le');
      this.readId = readId;
    }
    return true;
  }

  /**
   * The run of template events at `pos` in the loaded read `buf`: pushes each body to `out` and
   * returns the position after the run (pos when none). Bodies have no escapes; in byte text
   * (`bytes`: characters are UTF-8 bytes) those with bytes >= 0x80 are decoded.
   */
  scan(buf: string, pos: number, out: string[], bytes: boolean): number {
    const n = this.scanFn(
      READ_AT,
      buf.length,
      pos,
      TEMPLATE_AT,
      this.prefixUnits,
      this.suffixAt,
      this.suffixUnits,
      OUT_AT,
      MAX_EVENTS,
    );
    if (n === 0) return pos;
    const found = this.found;
    for (let k = 0; k < n * 4; k += 4) {
      const body = buf.slice(found[k]!, found[k + 1]!);
      out.push(bytes && found[k + 3] === 1 ? utf8FromBytes(body) : body);
    }
    return found[n * 4 - 2]!;
  }
}

let shared: UnitMirror | undefined;

/** The process's mirror (created on first use). */
export function unitMirror(): UnitMirror {
  shared ??= new UnitMirror();
  return shared;
}

export type { UnitMirror };
