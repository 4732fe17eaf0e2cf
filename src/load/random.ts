// Seeded randomness for arrivals and think times: the same seed replays the same schedule.

/** mulberry32: tiny, fast, good enough for load schedules (not for cryptography). */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An exponential draw with the given mean (inverse transform; 1 - u avoids log(0)). */
export function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}
