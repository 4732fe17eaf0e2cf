// What every load shape gets from the level runner, and what it must do: start conversations
// (through `start`) until the window closes, then let them finish.
import type { ConversationSlot } from '../virtual-user.js';

export interface ShapeContext {
  /** Level start: warmup begins here. */
  startEpochMs: number;
  /** Measurement window [windowStartEpochMs, windowEndEpochMs): conversations starting in it count. */
  windowStartEpochMs: number;
  windowEndEpochMs: number;
  /** Aborts at the drain deadline or on Ctrl-C. */
  signal: AbortSignal;
  /** True once nothing new may start: window over, Ctrl-C, or the request bound reached. */
  stopped(): boolean;
  /**
   * Ctrl-C or the request bound, not the clock: an arrival scheduled inside the window still
   * starts when a busy machine fires its timer after the window closed (late, and its queue
   * time says so); dropping it would hide exactly the load the machine could not keep up with.
   */
  halted(): boolean;
  /** The next conversation to play (scenarios in turn). */
  nextSlot(intendedEpochMs: number): ConversationSlot;
  /** Plays one conversation meant to start at `intendedEpochMs`. */
  play(slot: ConversationSlot, intendedEpochMs: number): Promise<void>;
  random: () => number;
  /** Think time between conversations of one closed-loop user. */
  thinkMs(): number;
  onScheduleLagMs(lateMs: number): void;
  /** Open loop: an arrival inside the window that never started. */
  onDropped(intendedEpochMs: number): void;
}

export interface LoadShape {
  readonly kind: 'closed' | 'open';
  /** Runs the level; resolves once every started conversation has finished or been aborted. */
  run(ctx: ShapeContext): Promise<void>;
}
