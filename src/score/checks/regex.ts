// regex: a JavaScript pattern tested on the raw reply (not normalised, so the author's pattern
// means exactly what it says). The `u` flag is always on so "." and classes see code points, not
// UTF-16 halves of an emoji or a rare Han character. `g` and `y` are dropped: they make a
// RegExp stateful (lastIndex) and a check must be pure.
import { describeMatch } from '../text-match.js';
import type { CheckHandler } from './types.js';

export function regexFlags(flags = ''): string {
  return [...new Set(`${flags}u`.replace(/[gy]/g, ''))].join('');
}

export const regex: CheckHandler<'regex'> = {
  evaluate(spec, reply) {
    const flags = regexFlags(spec.flags);
    const shown = `/${spec.pattern}/${flags}`;
    const expected = spec.negate ? `no text matching ${shown}` : `text matching ${shown}`;
    let pattern: RegExp;
    try {
      pattern = new RegExp(spec.pattern, flags);
    } catch (error) {
      return { passed: false, expected, found: `invalid pattern: ${(error as Error).message}` };
    }
    const match = pattern.exec(reply);
    const found =
      match === null
        ? `no match for ${shown}`
        : describeMatch(reply, { start: match.index, end: match.index + match[0].length });
    return { passed: spec.negate ? match === null : match !== null, expected, found };
  },
};
