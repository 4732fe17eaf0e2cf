// Closed loop: N virtual users, each playing a conversation, thinking, and starting the next,
// so N conversations are in flight at all times. Load adapts to the server: the latency a
// closed loop measures is what N people would see, never the queue an open arrival stream builds.
import { epochNowMs, sleepUntil } from '../clock.js';
import type { LoadShape, ShapeContext } from './types.js';

export function closedLoop(users: number): LoadShape {
  return {
    kind: 'closed',
    async run(ctx: ShapeContext): Promise<void> {
      const user = async (): Promise<void> => {
        let intended = ctx.startEpochMs;
        while (!ctx.stopped()) {
          const lateMs = await sleepUntil(intended, ctx.signal);
          if (lateMs !== undefined) ctx.onScheduleLagMs(lateMs);
          if (ctx.stopped()) break;
          await ctx.play(ctx.nextSlot(intended), intended);
          intended = epochNowMs() + ctx.thinkMs();
        }
      };
      await Promise.all(Array.from({ length: users }, user));
    },
  };
}
