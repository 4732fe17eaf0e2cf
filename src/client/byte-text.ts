// An SSE stream read as bytes-as-characters (latin1), decoded from UTF-8 only where text is
// kept. Decoding a whole read of Chinese replies costs ~5 ns per byte on Node 20 (measured: most
// of the client's time), though nearly all bytes are ASCII framing and JSON keys; latin1 maps
// byte to character at memcpy speed. SSE framing, JSON structure and the chunk template are
// ASCII, so they read the same either way, and every piece of kept text (an event's data, a
// reply body) lies between ASCII bytes, where a UTF-8 sequence always ends: decoding the pieces
// one by one gives exactly what a stream-mode TextDecoder gives for the whole body.

import { isUtf8 } from 'node:buffer';
import { Utf8Stream } from './utf8.js';

const HIGH = /[\x80-\xff]/;

/** The UTF-8 text whose bytes are the character codes of `bytes` (all < 256); `bytes` itself when ASCII. */
export function utf8FromBytes(bytes: string): string {
  if (!HIGH.test(bytes)) return bytes;
  if (bytes.length <= 16) {
    const short = decodeShort(bytes);
    if (short !== undefined) return short;
  }
  const buf = Buffer.from(bytes, 'latin1');
  // Invalid sequences: TextDecoder's replacement rules, the reference the client is held to.
  return isUtf8(buf) ? buf.toString('utf8') : new TextDecoder('utf-8', { ignoreBOM: true }).decode(buf);
}

/**
 * Valid UTF-8 of a few characters (a token or two), decoded without a Buffer; undefined for
 * anything the strict rules reject (overlong forms, surrogates, > U+10FFFF, cut sequences).
 */
function decodeShort(bytes: string): string | undefined {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b0 = bytes.charCodeAt(i);
    if (b0 < 0x80) {
      out += bytes[i];
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      if (b0 === 0xe0) lo = 0xa0; // no overlong forms
      if (b0 === 0xed) hi = 0x9f; // no surrogates
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      if (b0 === 0xf0) lo = 0x90;
      if (b0 === 0xf4) hi = 0x8f; // <= U+10FFFF
    } else return undefined;
    for (let k = 1; k <= need; k++) {
      const b = bytes.charCodeAt(i + k);
      if (Number.isNaN(b) || b < (k === 1 ? lo : 0x80) || b > (k === 1 ? hi : 0xbf)) return undefined;
      cp = (cp << 6) | (b & 0x3f);
    }
    out += String.fromCodePoint(cp);
    i += need + 1;
  }
  return out;
}

/**
 * The text an SSE body is parsed as: byte text, unless the body starts with 0xEF (perhaps a
 * byte-order mark, which a TextDecoder strips only there): then decoded text throughout, exact.
 */
export class SseText {
  /** True while reads come out as byte text (pieces kept need utf8FromBytes). */
  bytes: boolean;
  private decoder: Utf8Stream | undefined;
  private started = false;

  /** `bytes: false`: decoded text from the first read on (the plain path, see fast-path.ts). */
  constructor(options: { bytes?: boolean } = {}) {
    this.bytes = options.bytes !== false;
    if (!this.bytes) this.decoder = new Utf8Stream();
  }

  decode(chunk: Buffer): string {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (this.bytes && chunk[0] === 0xef) {
        this.bytes = false;
        this.decoder = new Utf8Stream();
      }
    }
    return this.decoder !== undefined ? this.decoder.decode(chunk) : chunk.toString('latin1');
  }

  /** End of the body: what a decoder still holds (nothing for byte text). */
  end(): string {
    return this.decoder?.end() ?? '';
  }
}
