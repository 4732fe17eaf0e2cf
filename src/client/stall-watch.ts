// Was this timestamp taken through a stall? Every timestamp the client takes is stamped by a
// callback, and a callback runs late when the event loop was busy (other streams' chunks, a
// long synchronous task, the process descheduled by the OS). A heartbeat timer notes when it
// last ran; if the loop is back at a callback later than the next heartbeat was due, it has not
// been back to its timers since then: the data this callback stamps may have been waiting that
// long. And when the heartbeat itself ran late, the I/O callbacks of that same loop iteration
// (its poll phase, which a setImmediate closes) carry data that may have waited since the beat
// was due. So `stallAt(now)` is an upper bound of how late a stamp taken now can be, costs a
// few comparisons, and is 0 on a loop that keeps up. Percentiles of event-loop delay cannot tell
// which turns a stall spoiled; this can, turn by turn.

/** Heartbeat period: fine enough for the 10 ms default limit, 200 wake-ups a second. */
export const HEARTBEAT_MS = 5;

/** A late beat's lateness counts from here, until this iteration's poll phase is over. */
const LATE_BEAT_MS = 1;

let lastBeat = 0;
/** When the last late beat was due; NaN outside the iteration it ran in. */
let stuckSince = Number.NaN;
let timer: NodeJS.Timeout | undefined;
let watchers = 0;

const beat = (): void => {
  const now = performance.now();
  const due = lastBeat + HEARTBEAT_MS;
  lastBeat = now;
  if (now - due > LATE_BEAT_MS) {
    stuckSince = due;
    setImmediate(clearStuck);
  }
};
const clearStuck = (): void => {
  stuckSince = Number.NaN;
};

/** Starts the heartbeat (shared by every client in the process); call the result to release it. */
export function watchStalls(): () => void {
  watchers++;
  if (timer === undefined) {
    lastBeat = performance.now();
    timer = setInterval(beat, HEARTBEAT_MS);
    // Never keeps a finished run alive.
    timer.unref();
  }
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--watchers === 0 && timer !== undefined) {
      clearInterval(timer);
      timer = undefined;
    }
  };
}

/** Upper bound, in ms, of how late a timestamp taken at `now` (performance.now()) may be. */
export function stallAt(now: number): number {
  if (timer === undefined) return 0;
  const overdue = now - lastBeat - HEARTBEAT_MS;
  // stuckSince is NaN unless a late beat ran in this loop iteration.
  const late = Number.isNaN(stuckSince) ? overdue : Math.max(now - stuckSince, overdue);
  return Math.max(late, 0);
}
