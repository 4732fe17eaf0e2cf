// compare.html: a self-contained page (chart.js inlined, no network) with the verdict, the
// environment differences, the compare table and side-by-side charts. Every text from the
// runs goes through escapeHtml; chart data goes through jsonForScript into a JSON script
// element; the CSP allows only this page's own inline script and style, by hash.
import type { Comparison } from '../compare/types.js';
import type { Results } from '../core/types.js';
import { compareCharts } from './compare/charts.js';
import {
  levelCoverage,
  rowBounds,
  rowChange,
  rowLabel,
  rowSamples,
  rowValue,
  VERDICT_HEADLINE,
  VERDICT_WORD,
} from './compare/format.js';
import { boundsLevels } from './compare/terminal.js';
import { trendChart, trendPoints } from './compare/trend.js';
import { trendTable } from './compare/trend-html.js';
import { chartJsSource } from './html/assets.js';
import { escapeHtml, jsonForScript } from './html/escape.js';
import { contentSecurityPolicy } from './html/page.js';

const STYLE = `
body { margin: 0; background: #f3f4f6; color: #111827;
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", "PingFang SC", "Noto Sans CJK SC", sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 24px; }
section { background: #fff; border: 1px solid #e5e7eb; border-radius: 8px; padding: 16px 20px; margin: 16px 0; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 0 0 8px; }
.verdict { font-weight: 700; padding: 2px 8px; border-radius: 4px; }
.pass { color: #15803d; background: #dcfce7; } .regression { color: #b91c1c; background: #fee2e2; }
.inconclusive, .no-data { color: #92400e; background: #fef3c7; }
table { border-collapse: collapse; width: 100%; font-size: 14px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #e5e7eb; vertical-align: top; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: #4b5563; font-size: 13px; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); gap: 16px; }
.chart { position: relative; height: 320px; }
li.unfair { color: #92400e; }
`;

// Draws each chart from the JSON element; plain browser JS, no build step.
const SCRIPT = `(function () {
  'use strict';
  var charts = JSON.parse(document.getElementById('compare-data').textContent);
  if (typeof Chart === 'undefined') return;
  Chart.defaults.animation = false;
  charts.forEach(function (spec) {
    var canvas = document.querySelector('canvas[data-chart="' + spec.id + '"]');
    if (!canvas) return;
    spec.config.options.responsive = true;
    spec.config.options.maintainAspectRatio = false;
    new Chart(canvas, spec.config);
  });
})();
`;

function rowsTable(comparison: Comparison): string {
  const rows = comparison.rows.map(
    (row) => `<tr>
<td>${escapeHtml(rowLabel(row))}</td><td class="num">${escapeHtml(rowValue(row, 'baseline'))}</td>
<td class="num">${escapeHtml(rowValue(row, 'candidate'))}</td>
<td class="num">${escapeHtml(rowChange(row))}</td>
<td class="num">${escapeHtml(rowBounds(row))}</td><td class="num">${escapeHtml(rowSamples(row))}</td>
<td><span class="verdict ${row.verdict}">${escapeHtml(VERDICT_WORD[row.verdict])}</span>
<div class="muted">${escapeHtml(row.reason)}</div></td></tr>`,
  );
  const level = escapeHtml(boundsLevels(comparison));
  return `<table><thead><tr><th>figure</th><th>baseline</th><th>candidate</th><th>change</th>
<th>interval (${level})</th><th>samples</th><th>verdict</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
}

function runLine(label: string, r: Results): string {
  return (
    `<li>${escapeHtml(label)}: run <code>${escapeHtml(r.run.runId)}</code>, ${escapeHtml(r.run.startedAt)}, target ` +
    `<code>${escapeHtml(r.run.target.baseUrl)}</code>` +
    `${r.run.target.model ? `, model <code>${escapeHtml(r.run.target.model)}</code>` : ''}, ` +
    `${escapeHtml(r.summary.conversations.total)} conversations, ${escapeHtml(r.summary.turns.total)} turns</li>`
  );
}

function historyItems(comparison: Comparison): string {
  const h = comparison.baselineHistory;
  if (!h) return '';
  const skipped = h.skipped.map((x) => `${x.source} (${x.reason})`).join('; ');
  return (
    `<li>baseline history: ${escapeHtml(h.runIds.length)} runs pooled: ${escapeHtml(h.runIds.join(', '))}</li>` +
    (skipped ? `<li>not pooled: ${escapeHtml(skipped)}</li>` : '')
  );
}

function differenceItem(d: Comparison['differences'][number]): string {
  return `<li class="${d.severity}">${d.severity === 'unfair' ? '⚠ ' : ''}${escapeHtml(d.message)}</li>`;
}

/**
 * `history`: every baseline run pooled (a baseline history); with two or more, the page adds
 * the trend of those runs and the candidate, oldest to newest.
 */
export function renderCompareHtml(
  baseline: Results,
  candidate: Results,
  comparison: Comparison,
  history: readonly Results[] = [],
): string {
  const trend = history.length >= 2 ? trendPoints([...history, candidate], candidate.run.runId) : null;
  const charts = [
    ...(trend ? [{ id: 'trend', title: trendChart(trend).title, config: trendChart(trend).config }] : []),
    ...compareCharts(baseline, candidate, comparison),
  ];
  const chartJs = chartJsSource();
  // The same policy as the run report: nothing but this page's own inline script and style.
  const csp = contentSecurityPolicy([chartJs, SCRIPT], [STYLE]);
  const differences = comparison.differences.length
    ? `<ul>${comparison.differences.map(differenceItem).join('')}</ul>`
    : '<p class="muted">None: same scenario, parameters, mode and machine.</p>';
  const chartCells = charts
    .map(
      (c) =>
        `<div><h2>${escapeHtml(c.title)}</h2><div class="chart"><canvas data-chart="${escapeHtml(c.id)}" role="img" ` +
        `aria-label="${escapeHtml(c.title)}"></canvas></div></div>`,
    )
    .join('\n');
  const coverage = levelCoverage(comparison);
  const notes = [...(coverage ? [coverage] : []), ...(comparison.notes ?? [])];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>chatproof compare: ${escapeHtml(comparison.verdict)} · ${escapeHtml(comparison.scenarios.join(', '))}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<section>
<h1>chatproof compare ·
<span class="verdict ${comparison.verdict}">${escapeHtml(comparison.verdict.toUpperCase())}</span></h1>
<p>${escapeHtml(VERDICT_HEADLINE[comparison.verdict])}</p>
<ul class="muted">${runLine('baseline', baseline)}${runLine('candidate', candidate)}
<li>scenarios compared: ${escapeHtml(comparison.scenarios.join(', '))};
tolerance +${escapeHtml((comparison.options.tolerance * 100).toFixed(0))}%</li>
${historyItems(comparison)}
${notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>
</section>
${
  trend
    ? `<section><h2>Across releases</h2><p class="muted">${escapeHtml(trendChart(trend).help)} The baseline ` +
      `pools the ${escapeHtml(history.length)} runs before the candidate.</p>${trendTable(trend)}</section>`
    : ''
}
<section><h2>Environment differences</h2>${differences}</section>
<section><h2>${comparison.load ? 'Figures by load level' : 'Figures'}</h2>${rowsTable(comparison)}</section>
<section class="grid">${chartCells}</section>
<section><h2>Method</h2><p class="muted">${escapeHtml(comparison.method)}</p></section>
</main>
<script type="application/json" id="compare-data">${jsonForScript(charts)}</script>
<script>${chartJs}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
