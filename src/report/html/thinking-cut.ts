// Thinking (reasoning) text is what makes a report with enable_thinking big: a Qwen3 turn
// often thinks 2,000-8,000 characters, and 1,000 conversations x 6 turns of it came to a
// 31.5 MB report (bench/report.ts --thinking-chars 4000). The report keeps the start of each
// turn's thinking, more of it for failed turns (the ones a PM inspects), and says what it
// left out; results.json and turns.jsonl always keep the full text. Replies are never cut.

/**
 * Without explicit limits, all thinking is kept while the run's thinking totals at most this
 * many characters (~1.2 bytes each in the page: ~2.4 MB, leaving room in the 5 MB budget for
 * replies and charts); above it, one per-turn limit is chosen so the total fits.
 */
export const THINKING_BUDGET_CHARS = 2_000_000;
/** Per turn, when limits are given without one; 0 keeps everything. */
export const DEFAULT_MAX_THINKING_CHARS = 300;
/** Per failed turn (an error or a failed check); never fewer than the per-turn limit. */
export const DEFAULT_MAX_FAILED_THINKING_CHARS = 2_000;

export interface ThinkingLimits {
  /** Per turn; 0 = keep all thinking, failed turns included. */
  maxChars: number;
  /** Per failed turn; 0 = keep all thinking of failed turns. */
  maxFailedChars: number;
}

/** What the report left out, for the identity table and the footer. */
export interface ThinkingCutSummary {
  limits: ThinkingLimits;
  /** Turns whose thinking was cut. */
  turns: number;
  /** Turns with any thinking. */
  turnsWithThinking: number;
  /** Characters left out, all turns together. */
  omittedChars: number;
}

/** Options as given (undefined = default), checked and made consistent. */
export function resolveThinkingLimits(maxChars?: number, maxFailedChars?: number): ThinkingLimits {
  const check = (name: string, v: number) => {
    if (!Number.isInteger(v) || v < 0) throw new RangeError(`${name} must be a whole number >= 0, got ${v}`);
    return v;
  };
  const max = check('maxThinkingChars', maxChars ?? DEFAULT_MAX_THINKING_CHARS);
  if (max === 0) return { maxChars: 0, maxFailedChars: 0 };
  const failed = check('maxFailedThinkingChars', maxFailedChars ?? DEFAULT_MAX_FAILED_THINKING_CHARS);
  return { maxChars: max, maxFailedChars: failed === 0 ? 0 : Math.max(failed, max) };
}

/**
 * The limits when none were asked for: keep everything if the run's thinking fits `budget`
 * characters, else the largest per-turn limit (failed turns keeping up to 2,000) under which
 * it does. `turns`: each turn's thinking length and whether it failed.
 */
export function budgetLimits(
  turns: ReadonlyArray<{ chars: number; failed: boolean }>,
  budget = THINKING_BUDGET_CHARS,
): ThinkingLimits {
  const total = (max: number, failedMax: number) => {
    let sum = 0;
    for (const t of turns) sum += Math.min(t.chars, t.failed ? failedMax : max);
    return sum;
  };
  if (total(Infinity, Infinity) <= budget) return { maxChars: 0, maxFailedChars: 0 };
  // Failed turns keep more while that fits at all; otherwise every turn shares one limit.
  const failedFloor = total(1, DEFAULT_MAX_FAILED_THINKING_CHARS) <= budget;
  const fits = (max: number) =>
    total(max, failedFloor ? Math.max(max, DEFAULT_MAX_FAILED_THINKING_CHARS) : max) <= budget;
  let lo = 1;
  // A loop, not Math.max(...): a load run may have more turns than a call takes arguments.
  let hi = 1;
  for (const t of turns) if (t.chars > hi) hi = t.chars;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid - 1;
  }
  return { maxChars: lo, maxFailedChars: failedFloor ? Math.max(lo, DEFAULT_MAX_FAILED_THINKING_CHARS) : lo };
}

function isHigh(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLow(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** UTF-16 length of the code point starting at `i` (2 for a surrogate pair, else 1). */
function unitsAt(text: string, i: number): number {
  return isHigh(text.charCodeAt(i)) && i + 1 < text.length && isLow(text.charCodeAt(i + 1)) ? 2 : 1;
}

/**
 * The first `max` characters of `text` and how many characters follow. Characters are code
 * points (what a reader, `wc -m` or Python's len() counts), so an emoji is one character and a
 * surrogate pair is never split; a lone surrogate counts as one. `max` 0 keeps everything.
 */
export function cutThinking(text: string, max: number): { kept: string; omitted: number } {
  // Never more code points than UTF-16 units: a text this short cannot be over the limit.
  if (max <= 0 || text.length <= max) return { kept: text, omitted: 0 };
  let end = 0;
  for (let n = 0; n < max && end < text.length; n++) end += unitsAt(text, end);
  let omitted = 0;
  for (let i = end; i < text.length; omitted++) i += unitsAt(text, i);
  return omitted === 0 ? { kept: text, omitted: 0 } : { kept: text.slice(0, end), omitted };
}
