// One seeded PRNG for the whole project: fault injection, load schedules, bootstrap resamples,
// generated model weights and test data all replay exactly from their seed.

/** mulberry32 (Tommy Ettinger, 2017): 32-bit state, fast, passes gjrand's tests at this scale. Not for cryptography. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [0, n). */
export function randomIndex(random: () => number, n: number): number {
  return Math.min(n - 1, Math.floor(random() * n));
}
