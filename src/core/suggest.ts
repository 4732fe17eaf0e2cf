// "Did you mean": the closest known word to a typo, by edit distance, only when a typo could
// plausibly have produced it.

/** Closest candidate by edit distance, or undefined when nothing is near. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

/**
 * `closest` minus suggestions that rewrite the whole word: for two-letter codes its distance
 * limit of 2 would turn "fr" into "zh".
 */
export function suggestion(word: string, candidates: readonly string[]): string | undefined {
  const best = closest(word, candidates);
  return best !== undefined && editDistance(word.toLowerCase(), best.toLowerCase()) < word.length ? best : undefined;
}

/** ' (did you mean "x"?)' or ''. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const best = suggestion(word, candidates);
  return best ? ` (did you mean "${best}"?)` : '';
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}
