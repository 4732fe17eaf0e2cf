// "Did you mean" that only suggests what a typo could plausibly have been.
import { closest, editDistance, SLO_METRICS } from '../metrics/slo.js';

/**
 * `closest` from the gate, minus suggestions that rewrite the whole word: for two-letter codes
 * its distance limit of 2 would turn "fr" into "zh".
 */
export function suggestion(word: string, candidates: readonly string[]): string | undefined {
  const best = closest(word, candidates);
  return best !== undefined && editDistance(word.toLowerCase(), best.toLowerCase()) < word.length ? best : undefined;
}

export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = suggestion(word, candidates);
  return best ? ` (did you mean "${best}"?)` : '';
}

const SHORT_ROOTS = ['ttft', 'e2e', 'itl', 'tpot', 'ttfo'];
const STATS = ['p95', 'p99', 'p50', 'p90', 'max', 'min', 'mean'];

/** The names people type in `slo:` (short aliases and full paths). */
export const SLO_NAMES: readonly string[] = [
  'contextAccuracy',
  'interruptionRate',
  ...SHORT_ROOTS.flatMap((root) => STATS.map((s) => `${root}.${s}`)),
  ...SLO_METRICS,
];
