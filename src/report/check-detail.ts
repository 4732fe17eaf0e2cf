// A failed (or passed) check told once, in the report's language: what was expected, what the
// reply had, and where in the reply the match sits (for highlighting). Built-in kinds are worded
// from the scenario's own check spec; any other kind (a judged check, say) shows its own
// `expected` and `found` strings as its reason.
import type { CheckResult, CheckSpec, Results, TurnRecord } from '../core/types.js';
import { compilePattern, findPattern } from '../scenario/pattern.js';
import { countScriptUnits, DEFAULT_MIN_RATIO, languageCode } from '../score/checks/language.js';
import { graphemeLength } from '../score/checks/length.js';
import { regexFlags } from '../score/checks/regex.js';
import { findNormalized, normalize, type RawMatch } from '../score/text-match.js';
import { checkText } from './i18n/check-text.js';
import { fill, type ReportLang } from './i18n/strings.js';

export interface CheckDetail {
  expected: string;
  got: string;
  /** Raw UTF-16 ranges of the reply to mark: the matched term(s) or the forbidden one(s). */
  marks: RawMatch[];
}

/** The spec of a check of a turn, looked up in the run header's scenarios. */
export function checkSpecOf(results: Results, turn: TurnRecord, check: CheckResult): CheckSpec | undefined {
  const scenario = results.run.scenarios.find((s) => s.name === turn.scenario);
  const scripted = scenario?.turns.find((t) => t.index === turn.turn);
  const found = scripted?.checks.find((c) => c.name === check.name && c.spec.kind === check.kind);
  return found?.spec;
}

function quoteList(terms: readonly string[], lang: ReportLang): string {
  const [open, close] = lang === 'zh-CN' ? ['“', '”'] : ['"', '"'];
  return terms.map((t) => `${open}${t}${close}`).join(lang === 'zh-CN' ? '、' : ', ');
}

function quote(text: string, lang: ReportLang): string {
  return lang === 'zh-CN' ? `“${text}”` : `"${text}"`;
}

function hits(reply: string, terms: readonly string[]): Array<[string, RawMatch]> {
  const text = normalize(reply);
  return terms.flatMap((term) => {
    const at = findNormalized(text, term);
    return at ? [[term, at] as [string, RawMatch]] : [];
  });
}

const LANGUAGE_NAMES: Record<string, { en: string; zh: string }> = {
  zh: { en: 'Chinese', zh: '中文' },
  en: { en: 'English', zh: '英文' },
  ja: { en: 'Japanese', zh: '日文' },
  ko: { en: 'Korean', zh: '韩文' },
  fr: { en: 'French', zh: '法文' },
  de: { en: 'German', zh: '德文' },
  es: { en: 'Spanish', zh: '西班牙文' },
  ru: { en: 'Russian', zh: '俄文' },
};

const SCRIPT_OF: Record<string, string[]> = {
  zh: ['Han'],
  ja: ['Hiragana', 'Katakana', 'Han'],
  ko: ['Hangul'],
  ru: ['Cyrillic'],
  uk: ['Cyrillic'],
};

function languageShare(reply: string, code: string): number | null {
  const counts = countScriptUnits(reply);
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const scripts = SCRIPT_OF[code] ?? ['Latin'];
  return scripts.reduce((sum, s) => sum + (counts.get(s) ?? 0), 0) / total;
}

const pct = (v: number) => `${Math.round(v * 100)}%`;

/** Expected vs got for one check of one reply, in `lang`. */
export function checkDetail(
  check: CheckResult,
  spec: CheckSpec | undefined,
  reply: string,
  lang: ReportLang,
): CheckDetail {
  const t = checkText(lang);
  if (!spec || spec.kind !== check.kind) return { expected: check.expected, got: check.found, marks: [] };
  switch (spec.kind) {
    case 'contains': {
      const any = spec.any ?? [];
      const all = spec.all ?? [];
      const wants: string[] = [];
      if (any.length)
        wants.push(fill(any.length === 1 ? t.containsOne : t.containsAny, { terms: quoteList(any, lang) }));
      if (all.length) wants.push(fill(t.containsAll, { terms: quoteList(all, lang) }));
      const anyHits = hits(reply, any);
      const allHits = hits(reply, all);
      const missing = all.filter((term) => !allHits.some(([h]) => h === term));
      const marks = [...anyHits.slice(0, 1), ...allHits].map(([, at]) => at);
      const gotParts: string[] = [];
      if (any.length && anyHits.length === 0) gotParts.push(t.noneFound);
      if (missing.length) gotParts.push(fill(t.missing, { terms: quoteList(missing, lang) }));
      if (marks.length)
        gotParts.push(
          fill(t.foundTerm, {
            terms: quoteList(
              marks.map((m) => reply.slice(m.start, m.end)),
              lang,
            ),
          }),
        );
      return { expected: wants.join(t.and), got: gotParts.join(t.sep), marks };
    }
    case 'not_contains': {
      const found = hits(reply, spec.any);
      const marks = found.map(([, at]) => at);
      return {
        expected: fill(t.notContains, { terms: quoteList(spec.any, lang) }),
        got: marks.length
          ? fill(t.foundForbidden, {
              terms: quoteList(
                marks.map((m) => reply.slice(m.start, m.end)),
                lang,
              ),
            })
          : t.noneOfThem,
        marks,
      };
    }
    case 'regex': {
      const shown = `/${spec.pattern}/${regexFlags(spec.flags)}`;
      // The check's own engine (RE2, linear time): a pattern that cannot hang a run cannot hang
      // its report either.
      let match: { start: number; end: number } | null = null;
      try {
        match = findPattern(compilePattern(spec.pattern, regexFlags(spec.flags)), reply);
      } catch {
        return { expected: check.expected, got: check.found, marks: [] };
      }
      const marks = match ? [match] : [];
      return {
        expected: fill(spec.negate ? t.regexNot : t.regex, { pattern: shown }),
        got: match ? fill(t.foundTerm, { terms: quote(reply.slice(match.start, match.end), lang) }) : t.noMatch,
        marks,
      };
    }
    case 'language': {
      const code = languageCode(spec.language);
      const names = LANGUAGE_NAMES[code];
      const name = names ? (lang === 'zh-CN' ? names.zh : names.en) : spec.language;
      const share = languageShare(reply, code);
      return {
        expected: fill(t.language, { language: name, min: pct(spec.minRatio ?? DEFAULT_MIN_RATIO) }),
        got: share === null ? t.noLetters : fill(t.languageGot, { share: pct(share), language: name }),
        marks: [],
      };
    }
    case 'length': {
      const bounds: string[] = [];
      if (spec.min !== undefined) bounds.push(fill(t.atLeast, { n: spec.min }));
      if (spec.max !== undefined) bounds.push(fill(t.atMost, { n: spec.max }));
      return {
        expected: fill(t.length, { bounds: bounds.join(t.and) }),
        got: fill(t.chars, { n: graphemeLength(reply.trim()) }),
        marks: [],
      };
    }
    default:
      return { expected: check.expected, got: check.found, marks: [] };
  }
}
