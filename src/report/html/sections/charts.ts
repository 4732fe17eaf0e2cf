// The charts section: every chart frame (chart-frame.ts), drawn by the page script.
import { type ReportLang, strings } from '../../i18n/strings.js';
import type { ChartSpec } from '../charts/index.js';
import { escapeHtml } from '../escape.js';
import { chartFrame } from './chart-frame.js';

export function renderCharts(charts: ChartSpec[], lang: ReportLang, pngDir?: string): string {
  const s = strings(lang);
  // Charts with nothing to draw are one line each, after the drawn ones, across the grid.
  const ordered = [...charts.filter((c) => c.empty === undefined), ...charts.filter((c) => c.empty !== undefined)];
  return `<section class="charts" id="charts">
<h2>${escapeHtml(s.charts)}</h2>
<div class="chart-grid">${ordered.map((c) => chartFrame(c, { lang, pngDir })).join('\n')}</div>
</section>`;
}
