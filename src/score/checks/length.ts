// length: min/max characters of the trimmed reply, counted in graphemes (what a reader sees as
// one character): 😀, 👍🏽 (emoji + skin tone), 👨‍👩‍👧 (a ZWJ family) and é written as e + U+0301
// each count as one. Code points would count 👍🏽 as 2 and 👨‍👩‍👧 as 5; UTF-16 length as 4 and 8.
import type { CheckHandler } from './types.js';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

export function graphemeLength(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count++;
  return count;
}

export const length: CheckHandler<'length'> = {
  evaluate(spec, reply) {
    const count = graphemeLength(reply.trim());
    const bounds: string[] = [];
    if (spec.min !== undefined) bounds.push(`at least ${spec.min}`);
    if (spec.max !== undefined) bounds.push(`at most ${spec.max}`);
    const passed = (spec.min === undefined || count >= spec.min) && (spec.max === undefined || count <= spec.max);
    return {
      passed,
      expected: bounds.length === 0 ? 'any length' : `${bounds.join(' and ')} characters`,
      found: `${count} characters`,
    };
  },
};
