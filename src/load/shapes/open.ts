// Open loop: new conversations arrive at a rate (Poisson or evenly spaced) whatever the server
// does, as real users do. When `maxConcurrent` conversations are already in flight an arrival
// waits in a FIFO; its first turn then records that wait as queuedMs instead of hiding it.
import { epochNowMs, sleepUntil } from '../clock.js';
import { exponential } from '../random.js';
import type { LoadShape, ShapeContext } from './types.js';

export type ArrivalProcess = 'poisson' | 'constant';

export function openLoop(ratePerSecond: number, arrivals: ArrivalProcess, maxConcurrent: number): LoadShape {
  const meanGapMs = 1000 / ratePerSecond;
  return {
    kind: 'open',
    async run(ctx: ShapeContext): Promise<void> {
      const running = new Set<Promise<void>>();
      const waiting: number[] = [];
      let drained: () => void = () => {};

      const launch = (intended: number): void => {
        const p = ctx.play(ctx.nextSlot(intended), intended).finally(() => {
          running.delete(p);
          pump();
        });
        running.add(p);
      };
      // Starts waiting arrivals while slots are free; unstarted ones are dropped on abort.
      const pump = (): void => {
        while (waiting.length > 0 && running.size < maxConcurrent && !ctx.signal.aborted) launch(waiting.shift()!);
        if (running.size === 0 && (waiting.length === 0 || ctx.signal.aborted)) drained();
      };

      const gapMs = (): number => (arrivals === 'poisson' ? exponential(ctx.random, meanGapMs) : meanGapMs);
      let next = ctx.startEpochMs + (arrivals === 'poisson' ? gapMs() : 0);
      while (next < ctx.windowEndEpochMs && !ctx.halted()) {
        const lateMs = await sleepUntil(next, ctx.signal);
        if (ctx.halted()) break;
        ctx.onScheduleLagMs(lateMs ?? Math.max(0, epochNowMs() - next));
        waiting.push(next);
        pump();
        next += gapMs();
      }
      if (running.size > 0 || waiting.length > 0) {
        await new Promise<void>((resolve) => {
          drained = resolve;
          ctx.signal.addEventListener('abort', pump, { once: true });
          pump();
        });
      }
      for (const intended of waiting.splice(0)) ctx.onDropped(intended);
      await Promise.all([...running]);
    },
  };
}
