// contains: `any` lists synonyms (one is enough: "泰坦尼克号", "Titanic"); `all` lists terms that
// must every one appear; `none` lists terms that must not appear (the plausible wrong answer), so
// "said X and not Y" is one check. Every listed condition must hold. Matching follows the one
// normalisation rule of text-match.ts.
import { describeMatch, findNormalized, listTerms, normalize, type RawMatch } from '../text-match.js';
import type { CheckHandler } from './types.js';

export const contains: CheckHandler<'contains'> = {
  evaluate(spec, reply) {
    const any = spec.any ?? [];
    const all = spec.all ?? [];
    const none = spec.none ?? [];
    const wants: string[] = [];
    if (any.length > 0) wants.push(any.length === 1 ? listTerms(any) : `one of ${listTerms(any)}`);
    if (all.length > 0) wants.push(all.length === 1 ? listTerms(all) : `all of ${listTerms(all)}`);
    if (none.length > 0) wants.push(none.length === 1 ? `no ${listTerms(none)}` : `none of ${listTerms(none)}`);
    // A check with no terms is a scenario mistake: failing it is louder than passing it silently.
    if (wants.length === 0) return { passed: false, expected: 'a term to look for', found: 'the check lists no terms' };

    const text = normalize(reply);
    const locate = (term: string): [string, RawMatch | null] => [term, findNormalized(text, term)];
    const anyHits = any.map(locate).filter(([, at]) => at !== null);
    const allResults = all.map(locate);
    const forbidden = none.map(locate).filter(([, at]) => at !== null);
    const missing = allResults.filter(([, at]) => at === null).map(([term]) => term);
    const anyOk = any.length === 0 || anyHits.length > 0;
    const allOk = missing.length === 0;
    const noneOk = forbidden.length === 0;

    const notes: string[] = [];
    if (!anyOk) notes.push(`none of ${listTerms(any)} found`);
    if (!allOk) notes.push(`missing ${listTerms(missing)}`);
    for (const [, at] of forbidden) notes.push(`forbidden ${describeMatch(reply, at as RawMatch)}`);
    const hits = [...anyHits.slice(0, 1), ...allResults.filter(([, at]) => at !== null)];
    for (const [, at] of hits) notes.push(describeMatch(reply, at as RawMatch));
    if (notes.length === 0) notes.push(`none of ${listTerms(none)} found`);
    return { passed: anyOk && allOk && noneOk, expected: wants.join(' and '), found: notes.join('; ') };
  },
};
