// OpenAI `stop` strings: text is held back while it could still be the start of a stop string,
// so a stop string never leaks to the client even when it arrives split across tokens.
export class StopBuffer {
  private pending = '';
  constructor(private readonly stops: string[]) {}

  /** Returns the text safe to emit now, and whether a stop string was reached. */
  push(text: string): { emit: string; stopped: boolean } {
    this.pending += text;
    if (this.stops.length === 0) {
      const emit = this.pending;
      this.pending = '';
      return { emit, stopped: false };
    }
    let first = -1;
    for (const stop of this.stops) {
      const at = this.pending.indexOf(stop);
      if (at !== -1 && (first === -1 || at < first)) first = at;
    }
    if (first !== -1) {
      const emit = this.pending.slice(0, first);
      this.pending = '';
      return { emit, stopped: true };
    }
    const hold = this.heldSuffixLength();
    const emit = this.pending.slice(0, this.pending.length - hold);
    this.pending = this.pending.slice(this.pending.length - hold);
    return { emit, stopped: false };
  }

  /** Text still held when generation ends for another reason: it was not a stop string. */
  flush(): string {
    const emit = this.pending;
    this.pending = '';
    return emit;
  }

  private heldSuffixLength(): number {
    let longest = 0;
    for (const stop of this.stops) {
      for (let n = Math.min(stop.length - 1, this.pending.length); n > longest; n--) {
        if (this.pending.endsWith(stop.slice(0, n))) {
          longest = n;
          break;
        }
      }
    }
    return longest;
  }
}
