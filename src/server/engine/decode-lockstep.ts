// Keeps the sequences of one context in lockstep, so llama.cpp decodes one full batch per token
// instead of several small ones. node-llama-cpp decodes whatever is queued the moment a batch
// ends; the sequence whose token arrives first queues its next decode at once and the others, a
// few callbacks later (their samples finish one by one), miss that batch. Measured on the tiny
// model through the server: 1.0 output tokens per decode call at 4 conversations and 2.5 at 8,
// vs 3.9 and 7.9 with the lockstep (bench/server.ts reports it).
// The lockstep holds each generation's "next token" request until every generation inside its token
// loop has asked; then all are queued in one go. That cannot wait forever: each active
// generation either asks or leaves (in a finally) once its current token arrives. A timer flushes
// anyway after FALLBACK_MS, as a safety net against a stall we did not foresee.
const FALLBACK_MS = 50;

export class DecodeLockstep {
  private waiting: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;
  /** Generations inside their token loop (past the prompt). */
  private active = 0;

  enter(): void {
    this.active++;
  }

  leave(): void {
    this.active--;
    // One fewer to wait for: the others may all be waiting already.
    if (this.waiting.length > 0 && this.waiting.length >= this.active) this.flush();
  }

  /** `it.next()`, once every active generation has asked for its next token. */
  next<T, R>(it: AsyncGenerator<T, R>): Promise<IteratorResult<T, R>> {
    return new Promise((resolve, reject) => {
      this.waiting.push(() => it.next().then(resolve, reject));
      if (this.waiting.length >= this.active) this.flush();
      else this.timer ??= setTimeout(this.flush, FALLBACK_MS);
    });
  }

  private readonly flush = (): void => {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const run = this.waiting;
    this.waiting = [];
    for (const go of run) go();
  };
}
