// Chart frames: title and a how-to-read sentence in HTML (readable without JavaScript),
// the canvas filled in by the page script from the embedded chart configs.
import { type ReportLang, strings } from '../../i18n/strings.js';
import type { ChartSpec } from '../charts/index.js';
import { escapeHtml } from '../escape.js';

export function renderCharts(charts: ChartSpec[], lang: ReportLang): string {
  const s = strings(lang);
  const figures = charts.map(
    (c) => `<figure class="chart" id="chart-${escapeHtml(c.id)}">
<h3>${escapeHtml(c.title)}</h3>
<p class="help">${escapeHtml(c.help)}</p>
<div class="chart-box" data-height="${c.height}">
<canvas data-chart="${escapeHtml(c.id)}" role="img" aria-label="${escapeHtml(`${c.title}. ${c.help}`)}"></canvas></div>
</figure>`,
  );
  return `<section class="charts" id="charts">
<h2>${escapeHtml(s.charts)}</h2>
<div class="chart-grid">${figures.join('\n')}</div>
</section>`;
}
