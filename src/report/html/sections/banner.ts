// Warnings that must be read before any figure.
import type { Results } from '../../../core/types.js';
import { type ReportLang, strings } from '../../i18n/strings.js';
import { escapeHtml } from '../escape.js';

export function renderBanners(results: Results, lang: ReportLang): string {
  // Results from a generated (random-weight) model prove the pipeline works, nothing more.
  if (!results.run.options?.generatedModel) return '';
  return (
    `<div class="banner banner-warning" role="alert" id="generated-model">⚠ ` +
    `${escapeHtml(strings(lang).generatedBanner)}</div>`
  );
}
