// The gate's resampling uses the project's seeded PRNG: the same seed gives the same verdict on
// the same files, so a CI gate never flips between two runs of `chatproof compare` on identical inputs.
export { randomIndex, seededRandom } from '../core/random.js';
