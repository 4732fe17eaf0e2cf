// UI strings of the HTML report and PNG charts, English and Simplified Chinese.
// Only the harness's own words live here: user and model text is always shown as written.
import type { FailureCause } from '../../core/types.js';
import { causesEn, causesZh } from './causes.js';
import { en, type Strings } from './en.js';
import { zhCN } from './zh-CN.js';

export type { Strings } from './en.js';

export type ReportLang = 'en' | 'zh-CN';

export function strings(lang: ReportLang): Strings {
  return lang === 'zh-CN' ? zhCN : en;
}

export function causeLabel(cause: FailureCause, lang: ReportLang): string {
  return (lang === 'zh-CN' ? causesZh : causesEn)[cause] ?? cause;
}

export function causeLabels(lang: ReportLang): Record<FailureCause, string> {
  return lang === 'zh-CN' ? causesZh : causesEn;
}

/** Fill `{name}` placeholders. */
export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole));
}

export function isReportLang(value: unknown): value is ReportLang {
  return value === 'en' || value === 'zh-CN';
}
