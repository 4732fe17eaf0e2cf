// Thinking (reasoning) text is what makes a report with enable_thinking big: a Qwen3 turn
// often thinks 2,000-8,000 characters, and 1,000 conversations x 6 turns of it came to a
// 31.5 MB report (bench/report.ts --thinking-chars 4000). The report keeps the start of each
// turn's thinking, more of it for failed turns (the ones a PM inspects), and says what it
// left out; results.json and turns.jsonl always keep the full text. Replies are never cut.

/** Characters (Unicode code points) of thinking kept per turn; 0 keeps everything. */
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
