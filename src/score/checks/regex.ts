// regex: a pattern tested on the raw reply (not normalised, so the author's pattern means exactly
// what it says), by the linear-time RE2 engine of scenario/pattern.ts: a check can never hang a
// run. Patterns match code points. `g` and `y` are dropped: a check tests the whole reply once.
import { compilePattern, findPattern } from '../../scenario/pattern.js';
import { describeMatch } from '../text-match.js';
import type { CheckHandler } from './types.js';

/** The flags shown and applied: the author's i/m/s plus u (always on), without g and y. */
export function regexFlags(flags = ''): string {
  return [...new Set(`${flags}u`.replace(/[gy]/g, ''))].join('');
}

export const regex: CheckHandler<'regex'> = {
  evaluate(spec, reply) {
    const flags = regexFlags(spec.flags);
    const shown = `/${spec.pattern}/${flags}`;
    const expected = spec.negate ? `no text matching ${shown}` : `text matching ${shown}`;
    let match: { start: number; end: number } | null;
    try {
      match = findPattern(compilePattern(spec.pattern, flags), reply);
    } catch (error) {
      return { passed: false, expected, found: `invalid pattern: ${(error as Error).message}` };
    }
    const found = match === null ? `no match for ${shown}` : describeMatch(reply, match);
    return { passed: spec.negate ? match === null : match !== null, expected, found };
  },
};
