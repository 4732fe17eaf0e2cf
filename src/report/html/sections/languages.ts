// Links between the languages of one report (index.html, index.zh-CN.html). The nav is always
// there, empty when there is no other language, so a report written later in another language
// can add its link here without touching anything else in the page (report/html/languages.ts).

import { pageText } from '../../i18n/page-text.js';
import type { ReportLang } from '../../i18n/strings.js';
import { escapeHtml } from '../escape.js';

export const LANGUAGE_NAMES: Record<ReportLang, string> = { en: 'English', 'zh-CN': '中文' };

export function renderLanguageNav(lang: ReportLang, others: ReadonlyArray<{ lang: ReportLang; file: string }>): string {
  const links = others
    .filter((o) => o.lang !== lang)
    .map(
      (o) =>
        `<a href="${escapeHtml(o.file)}" hreflang="${o.lang}" lang="${o.lang}" data-lang="${o.lang}">` +
        `${escapeHtml(LANGUAGE_NAMES[o.lang])}</a>`,
    );
  const inner = links.length ? `${escapeHtml(pageText(lang).otherLanguages)} ${links.join(' · ')}` : '';
  return `<nav class="langs" id="langs"${links.length ? '' : ' hidden'}>${inner}</nav>`;
}
