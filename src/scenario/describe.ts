// Checks in words, for default check names and report tables.
import type { CheckSpec } from '../core/types.js';

const LANGUAGE_NAMES: Record<string, string> = {
  zh: 'Chinese',
  en: 'English',
  ja: 'Japanese',
  ko: 'Korean',
  ru: 'Russian',
  uk: 'Ukrainian',
  fr: 'French',
  de: 'German',
  es: 'Spanish',
  it: 'Italian',
  pt: 'Portuguese',
  nl: 'Dutch',
  vi: 'Vietnamese',
  id: 'Indonesian',
  tr: 'Turkish',
  pl: 'Polish',
  el: 'Greek',
  ar: 'Arabic',
  fa: 'Persian',
  he: 'Hebrew',
  hi: 'Hindi',
  th: 'Thai',
};

export function languageName(code: string): string {
  return LANGUAGE_NAMES[code] ?? code;
}

function anyOf(words: readonly string[]): string {
  return words.join(' / ');
}

/** "contains any of: 泰坦尼克 / Titanic", "reply in Chinese (zh)", "length 10-400 characters". */
export function describeCheckSpec(spec: CheckSpec): string {
  switch (spec.kind) {
    case 'contains': {
      const parts: string[] = [];
      if (spec.all?.length) parts.push(spec.all.length === 1 ? `"${spec.all[0]}"` : `all of: ${spec.all.join(' + ')}`);
      if (spec.any?.length) parts.push(spec.any.length === 1 ? `"${spec.any[0]}"` : `any of: ${anyOf(spec.any)}`);
      const none = spec.none?.length ? `none of: ${anyOf(spec.none)}` : '';
      if (parts.length === 0) return `contains ${none}`;
      return `contains ${parts.join(', and ')}${none ? `, and ${none}` : ''}`;
    }
    case 'not_contains':
      return spec.any.length === 1 ? `does not contain "${spec.any[0]}"` : `contains none of: ${anyOf(spec.any)}`;
    case 'regex':
      return `${spec.negate ? 'does not match' : 'matches'} /${spec.pattern}/${spec.flags ?? ''}`;
    case 'language': {
      const ratio = spec.minRatio === undefined ? '' : `, at least ${Math.round(spec.minRatio * 100)}% of letters`;
      return `reply in ${languageName(spec.language)} script (${spec.language}${ratio})`;
    }
    case 'length':
      if (spec.min !== undefined && spec.max !== undefined) return `length ${spec.min}-${spec.max} characters`;
      if (spec.min !== undefined) return `at least ${spec.min} characters`;
      return `at most ${spec.max} characters`;
    case 'judge': {
      const what = spec.rubric === undefined ? 'judged: recalls the fact' : `judged: ${spec.rubric}`;
      return spec.minScore === undefined ? what : `${what} (score >= ${spec.minScore})`;
    }
  }
}
