// language: is the reply written in the expected language? Judged by script, from the share of
// the reply's letters written in that language's script(s). Emoji, digits, punctuation and
// symbols are not letters and are ignored.
//
// Counting unit: one Han/kana/Hangul/Thai character counts as one letter, but a run of letters
// of an alphabetic script (a Latin or Cyrillic word) counts as one, because a Han character
// carries about as much as a short word. Per raw character, "我喜欢看Titanic" would be 5 Han
// against 7 Latin and fail zh; per unit it is 5 of 6 Han.
//
// Default minRatio 0.5: the language must be the majority of the text. Chinese replies routinely
// quote Latin names ("Qwen3", "Titanic", "OK"), so demanding ~1.0 fails good replies; an English
// reply that quotes one Chinese word stays well under 0.5.
//
// Limits: a script is not a language. en matches any Latin text (French, German...), and
// zh cannot tell a kanji-only Japanese phrase from Chinese; ja therefore also requires kana
// (at least 10% of letters; Japanese prose is usually over half kana).
import type { CheckHandler } from './types.js';

export const DEFAULT_MIN_RATIO = 0.5;
const MIN_KANA_SHARE_FOR_JA = 0.1;

interface LanguageRule {
  name: string;
  scripts: string[];
}

const LATIN: LanguageRule = { name: 'Latin', scripts: ['Latin'] };
const RULES: Record<string, LanguageRule> = {
  zh: { name: 'Chinese (Han)', scripts: ['Han'] },
  ja: { name: 'Japanese (kana and kanji)', scripts: ['Hiragana', 'Katakana', 'Han'] },
  ko: { name: 'Korean (Hangul)', scripts: ['Hangul'] },
  en: { name: 'English (Latin)', scripts: ['Latin'] },
  fr: LATIN,
  de: LATIN,
  es: LATIN,
  it: LATIN,
  pt: LATIN,
  nl: LATIN,
  vi: LATIN,
  id: LATIN,
  tr: LATIN,
  pl: LATIN,
  ru: { name: 'Russian (Cyrillic)', scripts: ['Cyrillic'] },
  uk: { name: 'Ukrainian (Cyrillic)', scripts: ['Cyrillic'] },
  el: { name: 'Greek', scripts: ['Greek'] },
  ar: { name: 'Arabic', scripts: ['Arabic'] },
  fa: { name: 'Persian (Arabic script)', scripts: ['Arabic'] },
  he: { name: 'Hebrew', scripts: ['Hebrew'] },
  hi: { name: 'Hindi (Devanagari)', scripts: ['Devanagari'] },
  th: { name: 'Thai', scripts: ['Thai'] },
};

// Scripts written without spaces or with one syllable per character: each character is a unit.
const PER_CHARACTER = ['Han', 'Hiragana', 'Katakana', 'Hangul', 'Thai'];
const KNOWN_SCRIPTS = [...new Set([...PER_CHARACTER, ...Object.values(RULES).flatMap((r) => r.scripts)])];
const SCRIPT_TESTS = KNOWN_SCRIPTS.map((script) => [script, new RegExp(`^\\p{Script=${script}}$`, 'u')] as const);
const LETTER = /^\p{L}$/u;
const MARK = /^\p{M}$/u;

function scriptOf(char: string): string {
  if (char === 'ー') return 'Katakana'; // the prolonged sound mark is Script=Common
  for (const [script, test] of SCRIPT_TESTS) if (test.test(char)) return script;
  return 'Other';
}

/** Letter units per script (see the header for what a unit is). */
export function countScriptUnits(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  let previous: string | null = null;
  for (const char of text.normalize('NFKC')) {
    if (MARK.test(char) && previous !== null) continue; // a combining mark belongs to its letter
    if (!LETTER.test(char) && char !== 'ー') {
      previous = null;
      continue;
    }
    const script = scriptOf(char);
    if (PER_CHARACTER.includes(script) || script !== previous) counts.set(script, (counts.get(script) ?? 0) + 1);
    previous = script;
  }
  return counts;
}

/** The primary subtag, lower-cased: "zh-CN", "zh_Hans" -> "zh". */
export function languageCode(tag: string): string {
  return tag.trim().toLowerCase().split(/[-_]/)[0];
}

function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

export const language: CheckHandler<'language'> = {
  evaluate(spec, reply) {
    const minRatio = spec.minRatio ?? DEFAULT_MIN_RATIO;
    const rule = RULES[languageCode(spec.language)];
    if (rule === undefined) {
      return {
        passed: false,
        expected: `language "${spec.language}"`,
        found: `unknown language "${spec.language}"; known: ${Object.keys(RULES).join(', ')}`,
      };
    }
    const expected = `${rule.name} script in at least ${percent(minRatio)} of the letters`;
    const counts = countScriptUnits(reply);
    const total = [...counts.values()].reduce((a, b) => a + b, 0);
    if (total === 0) return { passed: false, expected, found: 'no letters in the reply' };

    const unitsOf = (scripts: string[]) => scripts.reduce((sum, s) => sum + (counts.get(s) ?? 0), 0);
    const share = unitsOf(rule.scripts) / total;
    let passed = share >= minRatio;
    const breakdown = [...counts.entries()]
      .sort((a, b) => b[1] - a[1])
      .map(([s, n]) => `${s} ${n}`)
      .join(', ');
    let found = `${percent(share)} ${rule.name}: ${breakdown} (of ${total} letters)`;
    if (languageCode(spec.language) === 'ja') {
      const kanaShare = unitsOf(['Hiragana', 'Katakana']) / total;
      if (kanaShare < MIN_KANA_SHARE_FOR_JA) {
        passed = false;
        found += `; only ${percent(kanaShare)} kana, so not Japanese`;
      }
    }
    return { passed, expected, found };
  },
};
