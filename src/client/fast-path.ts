// The client's fast path, behind one switch. Four pieces make it: byte text (an SSE read kept as
// latin1, decoded only where text is kept: byte-text.ts), the chunk template (a chunk that
// differs from the last only in its text skips JSON.parse: chunk-template.ts), the unit mirror
// and the WebAssembly scan (a run of such chunks checked 16 bytes at a time: unit-mirror.ts,
// wasm/scan.wat). Off, every read is decoded with a TextDecoder and every chunk goes through
// JSON.parse: the plain path the fast path is tested against, kept so that a parsing
// discrepancy seen against a real server can be checked without it. What it earns is measured
// by `npm run bench:client` (capacity: fast vs plain, side by side) and written in docs/load.md.

/** Set to 0 (or off/false/no) to read every stream on the plain path. */
export const FAST_PATH_ENV = 'CHATPROOF_CLIENT_FAST_PATH';

/** Whether the fast path is on for this environment: on unless the variable turns it off. */
export function fastPathFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[FAST_PATH_ENV]?.trim().toLowerCase();
  return !(value === '0' || value === 'off' || value === 'false' || value === 'no');
}
