// Incremental Server-Sent Events parser for text already decoded from the byte stream.
// Handles events split anywhere across reads, several events per read, \n or \r\n line ends,
// comment / keep-alive lines (":"), multi-line data, and other fields (ignored).

export class SseParser {
  private pending = '';
  private data = '';
  private hasData = false;

  /** `onData` receives the data of each complete event (e.g. a JSON text or "[DONE]"). */
  constructor(private readonly onData: (data: string) => void) {}

  push(text: string): void {
    // Fast path: only look for line ends in the new text; the pending tail had none.
    let buf = this.pending.length === 0 ? text : this.pending + text;
    let start = 0;
    let nl = buf.indexOf('\n');
    while (nl !== -1) {
      let end = nl;
      if (end > start && buf.charCodeAt(end - 1) === 13) end--;
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
    const first = buf.charCodeAt(start);
    if (first === 58 /* ':' comment */) return;
    // "data:" (5 chars), one optional space after the colon.
    // Char codes, not startsWith: V8's startsWith is slow on sliced strings (measured).
    if (first === 100 && end - start >= 5 && buf.charCodeAt(start + 1) === 97 && buf.charCodeAt(start + 2) === 116 &&
        buf.charCodeAt(start + 3) === 97 && buf.charCodeAt(start + 4) === 58) {
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
