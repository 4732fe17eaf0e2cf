// One chart's frame: title and how-to-read sentence in HTML, the canvas the page script draws
// on, the PNG of the same chart for a page without JavaScript, or one line of text when the
// chart would be empty.
import { pageText } from '../../i18n/page-text.js';
import { fill, type ReportLang } from '../../i18n/strings.js';
import type { ChartSpec } from '../charts/common.js';
import { escapeHtml } from '../escape.js';

export interface ChartFrameOptions {
  lang: ReportLang;
  /** Folder of charts/<id>.png relative to the page ("charts"), when the PNGs are written. */
  pngDir?: string;
}

export function chartFrame(c: ChartSpec, o: ChartFrameOptions): string {
  const head = `<figure class="chart" id="chart-${escapeHtml(c.id)}">
<h3>${escapeHtml(c.title)}</h3>`;
  if (c.empty !== undefined)
    return `${head.replace('class="chart"', 'class="chart chart-empty-frame"')}
<p class="chart-empty" data-empty-chart="${escapeHtml(c.id)}">${escapeHtml(c.empty)}</p>
</figure>`;
  const note = c.note ? `<p class="help chart-note">${escapeHtml(c.note)}</p>` : '';
  const alt = fill(pageText(o.lang).chartImage, { title: `${c.title}. ${c.help}` });
  const fallback = o.pngDir
    ? `<noscript><img class="chart-png" src="${escapeHtml(`${o.pngDir}/${c.id}.png`)}" ` +
      `alt="${escapeHtml(alt)}"></noscript>`
    : '';
  return `${head}
<p class="help">${escapeHtml(c.help)}</p>${note}
<div class="chart-box" data-height="${c.height}">
<canvas data-chart="${escapeHtml(c.id)}" role="img" aria-label="${escapeHtml(`${c.title}. ${c.help}`)}"></canvas></div>
${fallback}
</figure>`;
}
