// Incremental Server-Sent Events parser for text already decoded from the byte stream.
// Handles events split anywhere across reads, several events per read, \n or \r\n line ends,
// comment / keep-alive lines (":"), multi-line data, and other fields (ignored).
// Hot path: at an event boundary, `onRun` may take a whole run of complete events straight from
// the read (chat streams are almost all one-line events that differ only in their text), so the
// parser's per-line work and the per-event data copy happen only for the events it leaves.

/**
 * Offered the read `buf` at `pos`, the start of a line with no event data pending. It may handle
 * complete events from there (each exactly as onData(data) would have) and returns the position
 * after the last one: a line start, or `pos` when it took none. `readId` names `buf`: unique
 * per push across all parsers, so a handler may cache work on the read under it.
 */
export type RunHandler = (buf: string, pos: number, readId: number) => number;

let lastReadId = 0;

export class SseParser {
  private pending = '';
  private data = '';
  private hasData = false;

  /** `onData` receives the data of each complete event (e.g. a JSON text or "[DONE]"). */
  constructor(
    private readonly onData: (data: string) => void,
    private readonly onRun?: RunHandler,
  ) {}

  push(text: string): void {
    const buf = this.pending.length === 0 ? text : this.pending + text;
    const readId = ++lastReadId;
    let start = 0;
    for (;;) {
      if (this.onRun !== undefined && !this.hasData) start = this.onRun(buf, start, readId);
      const nl = buf.indexOf('\n', start);
      if (nl === -1) break;
      let end = nl;
      if (end > start && buf.charCodeAt(end - 1) === 13) end--;
      this.line(buf, start, end);
      start = nl + 1;
    }
    this.pending = start === 0 ? buf : buf.slice(start);
  }

  /** End of the stream: a last event without its blank line still counts (lenient, as browsers are not). */
  end(): void {
    if (this.pending.length > 0) {
      const buf = this.pending;
      this.pending = '';
      let end = buf.length;
      if (buf.charCodeAt(end - 1) === 13) end--;
      this.line(buf, 0, end);
    }
    this.dispatch();
  }

  private line(buf: string, start: number, end: number): void {
    if (end === start) {
      this.dispatch();
      return;
    }
    if (buf.charCodeAt(start) === 58 /* ':' comment */) return;
    if (end - start >= 5 && isDataAt(buf, start)) {
      let from = start + 5;
      if (buf.charCodeAt(from) === 32) from++;
      const value = buf.slice(from, end);
      if (this.hasData) this.data += `\n${value}`;
      else {
        this.data = value;
        this.hasData = true;
      }
    }
    // event:, id:, retry: and unknown fields carry nothing chat completions need.
  }

  private dispatch(): void {
    if (!this.hasData) return;
    const data = this.data;
    this.data = '';
    this.hasData = false;
    this.onData(data);
  }
}

/** A "data:" field starts at `pos` (char codes: V8's startsWith is slow on sliced strings, measured). */
export function isDataAt(buf: string, pos: number): boolean {
  return (
    buf.charCodeAt(pos) === 100 &&
    buf.charCodeAt(pos + 1) === 97 &&
    buf.charCodeAt(pos + 2) === 116 &&
    buf.charCodeAt(pos + 3) === 97 &&
    buf.charCodeAt(pos + 4) === 58
  );
}
