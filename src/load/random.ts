// Random draws for arrivals and think times, from the project's seeded PRNG (core/random.ts):
// the same seed replays the same schedule.

/** An exponential draw with the given mean (inverse transform; 1 - u avoids log(0)). */
export function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}
