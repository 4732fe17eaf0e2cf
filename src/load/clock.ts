// Wall-clock time with sub-ms resolution, comparable with the client's sentAtEpochMs and the
// fixture server's log (both timeOrigin + now()).
export const epochNowMs = (): number => performance.timeOrigin + performance.now();

/** Resolves after `ms`, or at once when the signal aborts (never rejects). */
export function sleepMs(ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Sleeps until an epoch time; returns how late it woke (ms, 0 when no wait was needed). */
export async function sleepUntil(epochMs: number, signal?: AbortSignal): Promise<number | undefined> {
  let waitMs = epochMs - epochNowMs();
  if (waitMs <= 0) return undefined;
  // Node's timers run on the loop's millisecond clock and may fire a fraction of a millisecond
  // early against this one: wait out the rest, so nothing scheduled ever starts before its time.
  while (waitMs > 0 && !signal?.aborted) {
    await sleepMs(waitMs, signal);
    waitMs = epochMs - epochNowMs();
  }
  return Math.max(0, epochNowMs() - epochMs);
}
