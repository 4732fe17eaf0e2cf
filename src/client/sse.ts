// Incremental Server-Sent Events parser for text already decoded from the byte stream.
// Handles events split anywhere across reads, several events per read, \n or \r\n line ends,
// comment / keep-alive lines (":"), multi-line data, and other fields (ignored).
// Hot path: an event that is one data line followed by its blank line, both already in the read,
// can be offered to `onLine` as a range of the read (no copy of its data). Chat streams are
// almost all such events; when onLine declines, the event takes the ordinary path.

/**
 * Offered the data of a single-line event as `buf.slice(from, end)` without slicing it. Returns
 * true when it handled the event exactly as onData(buf.slice(from, end)) would have; false hands
 * the event to onData.
 */
export type LineHandler = (buf: string, from: number, end: number) => boolean;

export class SseParser {
  private pending = '';
  private data = '';
  private hasData = false;

  /** `onData` receives the data of each complete event (e.g. a JSON text or "[DONE]"). */
  constructor(private readonly onData: (data: string) => void, private readonly onLine?: LineHandler) {}

  push(text: string): void {
    // Fast path: only look for line ends in the new text; the pending tail had none.
    let buf = this.pending.length === 0 ? text : this.pending + text;
    let start = 0;
    let nl = buf.indexOf('\n');
    while (nl !== -1) {
      let end = nl;
      if (end > start && buf.charCodeAt(end - 1) === 13) end--;
      if (this.onLine !== undefined && !this.hasData && isDataField(buf, start, end)) {
        const next = blankLineEnd(buf, nl + 1);
        if (next !== -1) {
          let from = start + 5;
          if (buf.charCodeAt(from) === 32) from++;
          if (this.onLine(buf, from, end)) {
            start = next;
            nl = buf.indexOf('\n', start);
            continue;
          }
        }
      }
      this.line(buf, start, end);
      start = nl + 1;
      nl = buf.indexOf('\n', start);
    }
    this.pending = start === 0 ? buf : buf.slice(start);
    buf = '';
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
    if (isDataField(buf, start, end)) {
      let from = start + 5;
      if (buf.charCodeAt(from) === 32) from++;
      const value = buf.slice(from, end);
      if (this.hasData) this.data += '\n' + value;
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

/** The line buf[start, end) starts with "data:". Char codes, not startsWith: V8's startsWith is slow on sliced strings (measured). */
function isDataField(buf: string, start: number, end: number): boolean {
  return end - start >= 5 && buf.charCodeAt(start) === 100 && buf.charCodeAt(start + 1) === 97 && buf.charCodeAt(start + 2) === 116 &&
    buf.charCodeAt(start + 3) === 97 && buf.charCodeAt(start + 4) === 58;
}

/** When a blank line ("\n" or "\r\n") starts at `at`, the index just past it; else -1 (not one, or not here yet). */
function blankLineEnd(buf: string, at: number): number {
  const c = buf.charCodeAt(at);
  if (c === 10) return at + 1;
  if (c === 13 && buf.charCodeAt(at + 1) === 10) return at + 2;
  return -1;
}
