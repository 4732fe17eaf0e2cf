// trend.html: the trend chart of `chatproof trend` on a self-contained page (chart.js inlined,
// no network) with a table of the same figures. Run ids and targets are escaped; chart data goes
// through jsonForScript; the CSP allows only this page's own inline script and style.
import { chartJsSource } from '../html/assets.js';
import { escapeHtml, jsonForScript } from '../html/escape.js';
import { contentSecurityPolicy } from '../html/page.js';
import { formatMs, formatPercent } from '../text.js';
import { type TrendPoint, trendChart } from './trend.js';

const STYLE = `
body { margin: 0; background: #f3f4f6; color: #111827;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
h1 { font-size: 22px; margin: 0 0 4px; } .muted { color: #4b5563; font-size: 13px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e5e7eb; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.chart { position: relative; height: 360px; }
`;

const SCRIPT = `(function () {
  'use strict';
  var spec = JSON.parse(document.getElementById('trend-data').textContent);
  if (typeof Chart === 'undefined') return;
  Chart.defaults.animation = false;
  spec.config.options.responsive = true;
  spec.config.options.maintainAspectRatio = false;
  new Chart(document.querySelector('canvas[data-chart="trend"]'), spec.config);
})();
`;

/** Rows of the figures the chart draws, one per run, oldest first. */
export function trendTable(points: readonly TrendPoint[]): string {
  const rows = points.map(
    (p) =>
      `<tr><td>${escapeHtml(p.label)}</td><td><code>${escapeHtml(p.runId)}</code></td>` +
      `<td class="num">${escapeHtml(p.conversations)}</td>` +
      [p.ttftP50, p.ttftP95, p.e2eP50, p.e2eP95]
        .map((v) => `<td class="num">${escapeHtml(formatMs(v))}</td>`)
        .join('') +
      `<td class="num">${escapeHtml(formatPercent(p.accuracy))}</td></tr>`,
  );
  return (
    '<table><thead><tr><th>run start (UTC)</th><th>run</th><th>conversations</th><th>TTFT P50 (ms)</th>' +
    '<th>TTFT P95 (ms)</th><th>E2E P50 (ms)</th><th>E2E P95 (ms)</th><th>context accuracy</th></tr></thead>' +
    `<tbody>${rows.join('\n')}</tbody></table>`
  );
}

export function renderTrendHtml(points: readonly TrendPoint[]): string {
  const spec = trendChart(points);
  const chartJs = chartJsSource();
  const csp = contentSecurityPolicy([chartJs, SCRIPT], [STYLE]);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>chatproof trend · ${escapeHtml(points.length)} runs</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<section><h1>${escapeHtml(spec.title)}</h1><p class="muted">${escapeHtml(spec.help)}</p>
<div class="chart"><canvas data-chart="trend" role="img" aria-label="${escapeHtml(spec.title)}"></canvas></div>
</section>
<section>${trendTable(points)}</section>
</main>
<script type="application/json" id="trend-data">${jsonForScript(spec)}</script>
<script>${chartJs}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
