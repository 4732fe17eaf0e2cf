// N sequences of one context, leased one per request. A free sequence whose KV state shares the
// longest prefix with the new prompt is preferred (multi-turn KV reuse); when all are busy,
// requests wait in a bounded FIFO queue, and beyond it are refused (429) instead of piling up.
import type { LlamaContext, LlamaContextSequence, Token } from 'node-llama-cpp';
import { ServerError } from '../types.js';

interface Slot {
  index: number;
  sequence: LlamaContextSequence;
  busy: boolean;
  lastUsed: number;
}

interface Waiter {
  resolve: (slot: Slot) => void;
  reject: (err: Error) => void;
}

export interface Lease {
  sequence: LlamaContextSequence;
  slotIndex: number;
  /** ms spent waiting in the queue. */
  waitedMs: number;
  release(): void;
}

export class SequencePool {
  private readonly slots: Slot[] = [];
  private readonly queue: Waiter[] = [];
  private useCounter = 0;
  /** Most sequences ever busy at once: evidence that requests were decoded together. */
  peakBusy = 0;

  constructor(
    context: LlamaContext,
    readonly queueLimit: number,
  ) {
    for (let i = 0; i < context.totalSequences; i++) {
      this.slots.push({ index: i, sequence: context.getSequence(), busy: false, lastUsed: 0 });
    }
  }

  /** The sequences themselves, for the warm-up before any request is served. */
  get sequences(): LlamaContextSequence[] {
    return this.slots.map((s) => s.sequence);
  }

  get size(): number {
    return this.slots.length;
  }
  get busy(): number {
    return this.slots.filter((s) => s.busy).length;
  }
  get queueDepth(): number {
    return this.queue.length;
  }

  async acquire(prompt: Token[], signal: AbortSignal): Promise<Lease> {
    const started = performance.now();
    const free = this.slots.filter((s) => !s.busy);
    let slot: Slot;
    if (free.length > 0) {
      slot = this.bestSlot(free, prompt);
      this.take(slot);
    } else {
      if (this.queue.length >= this.queueLimit) {
        throw new ServerError(
          429,
          `The server is busy: all ${this.slots.length} sequences are generating and ` +
            `${this.queue.length} requests are already waiting. ` +
            'Retry after a moment, or start the server with a larger --parallel.',
          'rate_limit_exceeded',
          'server_busy',
          { 'retry-after': '1' },
        );
      }
      slot = await this.wait(signal);
    }
    let released = false;
    return {
      sequence: slot.sequence,
      slotIndex: slot.index,
      waitedMs: performance.now() - started,
      release: () => {
        if (released) return;
        released = true;
        this.give(slot);
      },
    };
  }

  private bestSlot(free: Slot[], prompt: Token[]): Slot {
    let best = free[0]!;
    let bestShared = -1;
    for (const slot of free) {
      const shared = slot.sequence.compareContextTokens(prompt).firstDifferentIndex;
      // On a tie, the least recently used sequence is overwritten, keeping fresher conversations.
      if (shared > bestShared || (shared === bestShared && slot.lastUsed < best.lastUsed)) {
        best = slot;
        bestShared = shared;
      }
    }
    return best;
  }

  private take(slot: Slot): void {
    slot.busy = true;
    slot.lastUsed = ++this.useCounter;
    this.peakBusy = Math.max(this.peakBusy, this.busy);
  }

  private wait(signal: AbortSignal): Promise<Slot> {
    return new Promise<Slot>((resolve, reject) => {
      const waiter: Waiter = {
        resolve: (slot) => {
          signal.removeEventListener('abort', onAbort);
          resolve(slot);
        },
        reject,
      };
      const onAbort = (): void => {
        const at = this.queue.indexOf(waiter);
        if (at !== -1) this.queue.splice(at, 1);
        reject(new ServerError(499, 'The client closed the request while it waited for a free sequence.', 'cancelled'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      this.queue.push(waiter);
    });
  }

  private give(slot: Slot): void {
    const next = this.queue.shift();
    if (next) {
      // Handed over directly, still busy: nobody can take it between release and resume.
      slot.lastUsed = ++this.useCounter;
      next.resolve(slot);
    } else {
      slot.busy = false;
    }
  }

  /** Refuses everyone still waiting (server shutdown). */
  rejectAll(message: string): void {
    for (const waiter of this.queue.splice(0))
      waiter.reject(new ServerError(503, message, 'server_error', 'shutting_down'));
  }
}
