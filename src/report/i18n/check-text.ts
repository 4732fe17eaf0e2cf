// How a check's expectation and outcome read in each report language (check-detail.ts).
import type { ReportLang } from './strings.js';

const en = {
  containsOne: 'the reply mentions {terms}',
  containsAny: 'the reply mentions one of {terms}',
  containsAll: 'the reply mentions all of {terms}',
  notContains: 'the reply avoids {terms}',
  regex: 'text matching {pattern}',
  regexNot: 'no text matching {pattern}',
  language: 'a reply in {language} (at least {min} of the letters)',
  languageGot: '{share} of the letters in {language}',
  noLetters: 'no letters at all',
  length: '{bounds} characters',
  atLeast: 'at least {n}',
  atMost: 'at most {n}',
  chars: '{n} characters',
  noneFound: 'none of them',
  noneOfThem: 'none of them',
  missing: 'missing {terms}',
  foundTerm: 'found {terms}',
  foundForbidden: 'found {terms}',
  noMatch: 'no match',
  and: ' and ',
  sep: '; ',
};

const zh: typeof en = {
  containsOne: '回复提到{terms}',
  containsAny: '回复提到{terms}中的任意一个',
  containsAll: '回复同时提到{terms}',
  notContains: '回复不出现{terms}',
  regex: '有文字匹配 {pattern}',
  regexNot: '没有文字匹配 {pattern}',
  language: '用{language}回复(至少 {min} 的字符)',
  languageGot: '{language}字符占 {share}',
  noLetters: '回复里没有文字',
  length: '{bounds}个字符',
  atLeast: '至少 {n} ',
  atMost: '最多 {n} ',
  chars: '{n} 个字符',
  noneFound: '一个都没有',
  noneOfThem: '一个都没有',
  missing: '缺少{terms}',
  foundTerm: '找到{terms}',
  foundForbidden: '出现了{terms}',
  noMatch: '没有匹配',
  and: '且',
  sep: ';',
};

export type CheckText = typeof en;

export function checkText(lang: ReportLang): CheckText {
  return lang === 'zh-CN' ? zh : en;
}
