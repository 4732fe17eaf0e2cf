// not_contains: fails when any listed text appears (a forbidden answer, a wrong name).
// Matching is CJK-aware (normalize.ts), like contains.
import { describeMatch, findNormalized, listTerms, normalize, type RawMatch } from '../text-match.js';
import type { CheckHandler } from './types.js';

export const notContains: CheckHandler<'not_contains'> = {
  evaluate(spec, reply) {
    const terms = spec.any ?? [];
    const text = normalize(reply);
    const hits = terms.map((term) => findNormalized(text, term)).filter((at): at is RawMatch => at !== null);
    return {
      passed: hits.length === 0,
      expected: terms.length === 1 ? `no ${listTerms(terms)}` : `none of ${listTerms(terms)}`,
      found:
        hits.length === 0 ? `none of ${listTerms(terms)} found` : hits.map((at) => describeMatch(reply, at)).join('; '),
    };
  },
};
