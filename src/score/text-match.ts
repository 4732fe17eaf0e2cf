// Text normalisation for matching a model's reply against expected terms: the one rule the
// contains / not_contains checks follow (docs/scenario-format.md, "How text is matched").
//
// Both sides (reply and needle) go through the same steps, one user-perceived character
// (grapheme) at a time so every normalised character remembers where it came from:
//   1. Unicode NFKC: full-width ＡＢＣ１２３ -> ABC123, full-width punctuation -> ASCII,
//      half-width katakana ｶﾞ -> ガ (the voiced mark is in the same grapheme, so it composes).
//   2. Case folding with toLowerCase (enough for the scripts we test; no locale rules).
//   3. Punctuation of every script (，。！？、；：“”‘’《》「」【】（）…— and ASCII), whitespace,
//      invisible format characters (zero-width space, soft hyphen) and emoji variation selectors
//      are removed. Removing rather than turning them into a word break is what makes
//      "NW-40917", "NW40917" and "NW 40917" one text, and "我，喜欢" the same as "我喜欢".
// Matching is then a plain substring search: Chinese has no word boundaries, so no \b, and
// "泰坦尼克" is found inside "泰坦尼克号" naturally. The price: a short Latin term matches across
// words ("old" in "told", "cat" in "a cat"); memory checks should use phrases or judge checks.
//
// Out of scope: simplified/traditional variants (泰坦尼克号 vs 鐵達尼號 are different words,
// not spellings; mapping them needs a dictionary such as OpenCC), and full Unicode case folding
// (ß vs ss).

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// A grapheme made only of punctuation, whitespace or invisible format characters (zero-width
// space, soft hyphen, BOM); a ZWJ inside an emoji sequence is part of that emoji's grapheme and stays.
const REMOVED = /^[\p{P}~^`|\s\p{Cf}]+$/u;
// Emoji presentation selectors: "❤️" (U+2764 U+FE0F) and "❤" are the same symbol to a reader.
const VARIATION_SELECTORS = /[\u{FE0E}\u{FE0F}]/gu;

export interface NormalizedText {
  /** The raw text as given. */
  raw: string;
  /** The normalised text that matching runs on. */
  text: string;
  /** For every UTF-16 unit of `text`, the raw [start, end) range (UTF-16 offsets) it came from. */
  rawStart: number[];
  rawEnd: number[];
}

/** Normalise text for matching and keep a map back to the raw offsets. */
export function normalize(raw: string): NormalizedText {
  const out: NormalizedText = { raw, text: '', rawStart: [], rawEnd: [] };
  for (const { segment, index } of graphemes.segment(raw)) {
    const folded = segment.normalize('NFKC').toLowerCase().replace(VARIATION_SELECTORS, '');
    if (folded === '' || REMOVED.test(folded)) continue;
    out.text += folded;
    for (let i = 0; i < folded.length; i++) {
      out.rawStart.push(index);
      out.rawEnd.push(index + segment.length);
    }
  }
  return out;
}

/** A needle's occurrence in the raw text, as UTF-16 offsets. */
export interface RawMatch {
  start: number;
  end: number;
}

/**
 * Find a needle in a normalised haystack and return where it sits in the raw haystack.
 * A needle that normalises to nothing (only punctuation, say "！？") is looked up verbatim.
 */
export function findNormalized(haystack: NormalizedText, needle: string): RawMatch | null {
  const wanted = normalize(needle).text;
  if (wanted === '') {
    if (needle === '') return null;
    const at = haystack.raw.indexOf(needle);
    return at < 0 ? null : { start: at, end: at + needle.length };
  }
  const at = haystack.text.indexOf(wanted);
  if (at < 0) return null;
  return { start: haystack.rawStart[at], end: haystack.rawEnd[at + wanted.length - 1] };
}

/** True when the needle occurs in the text after normalising both. */
export function includesNormalized(text: string, needle: string): boolean {
  return findNormalized(normalize(text), needle) !== null;
}

/**
 * The matched raw text with some context on each side, for reports a PM reads, e.g.
 * "…那天我们一起看了《泰坦尼克号》，你还记得吗…". Context is counted in code points (never
 * splitting a surrogate pair); line breaks are shown as spaces.
 */
export function quoteInContext(raw: string, match: RawMatch, contextChars = 15): string {
  const before = Array.from(raw.slice(0, match.start));
  const after = Array.from(raw.slice(match.end));
  const head = before.slice(-contextChars).join('');
  const tail = after.slice(0, contextChars).join('');
  const text =
    `${before.length > contextChars ? '…' : ''}${head}` +
    `${raw.slice(match.start, match.end)}${tail}${after.length > contextChars ? '…' : ''}`;
  return text.replace(/\s+/gu, ' ');
}

/** `"泰坦尼克号" in "…看了《泰坦尼克号》，你…"`: the exact raw text matched, then where. */
export function describeMatch(raw: string, match: RawMatch): string {
  return `"${raw.slice(match.start, match.end).replace(/\s+/gu, ' ')}" in "${quoteInContext(raw, match)}"`;
}

/** `"a", "b"`: terms as a PM reads them in `expected`/`found`. */
export function listTerms(terms: readonly string[]): string {
  return terms.map((term) => `"${term}"`).join(', ');
}
