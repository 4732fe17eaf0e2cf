// Seeded randomness for arrivals and think times: the same seed replays the same schedule.

export { seededRandom } from '../core/random.js';

/** An exponential draw with the given mean (inverse transform; 1 - u avoids log(0)). */
export function exponential(random: () => number, mean: number): number {
  return -Math.log(1 - random()) * mean;
}
