// The load section of the HTML report: the knee, a table of every level, harness health and
// the load charts' frames (drawn by the page script from the chart configs, like the others).

import type { LoadLevel, Results } from '../../../core/types.js';
import { byLoad } from '../../../load/knee.js';
import type { ReportLang } from '../../i18n/strings.js';
import { formatMs, formatPercent } from '../../text.js';
import type { ChartSpec } from '../charts/common.js';
import { loadLevelLabel } from '../charts/load.js';
import { fillText, type LoadText, loadText } from '../charts/load-text.js';
import { escapeHtml } from '../escape.js';
import { chartFrame } from './chart-frame.js';

function verdict(level: LoadLevel, t: LoadText): string {
  const failed = level.slo.filter((v) => v.passed === false).map((v) => v.source);
  const word = level.verdict === 'pass' ? 'PASS' : level.verdict === 'fail' ? 'FAIL' : 'N/A';
  const cls = level.verdict === 'pass' ? 'slo-pass' : level.verdict === 'fail' ? 'slo-fail' : 'slo-unknown';
  const invalid = level.health.some((h) => !h.valid) ? ` · ${t.invalid}` : '';
  return (
    `<span ` +
    `class="${cls}">${word}` +
    `${escapeHtml(invalid)}</span>${failed.length ? `<br><small>${escapeHtml(failed.join('; '))}</small>` : ''}`
  );
}

function levelRow(level: LoadLevel, t: LoadText): string {
  const f = level.figures;
  const cells = [
    String(level.index),
    loadLevelLabel(level, t),
    String(level.counts.conversations),
    f.requestsPerSecond.toFixed(1),
    f.outputTokensPerSecond.toFixed(0),
    f.goodput.toFixed(2),
    formatMs(f.latency.ttftMs.p95),
    formatMs(f.latency.e2eMs.p50),
    formatMs(f.latency.e2eMs.p95),
    formatMs(f.latency.e2eMs.p99),
    formatMs(f.latency.queuedMs.p99),
    formatMs(f.latency.e2eFromIntendedMs.p99),
    formatPercent(f.contextAccuracy),
    formatPercent(f.interruptionRate),
  ];
  const tds = cells.map((c, i) => `<td${i > 1 ? ' class="num"' : ''}>${escapeHtml(c)}</td>`).join('');
  return `<tr>${tds}<td>${verdict(level, t)}</td></tr>`;
}

function healthRows(level: LoadLevel, t: LoadText): string[] {
  return level.health.map((h, i) => {
    const cells = [
      `${level.index}${level.health.length > 1 ? ` (shard ${i + 1})` : ''}`,
      h.timingSuspect ? `${h.timingSuspect.turns} / ${h.timingSuspect.of} (> ${h.timingSuspect.limitMs} ms)` : '–',
      formatMs(h.eventLoopLagMs.p99),
      formatMs(h.scheduleLagMs.p99),
      `${(h.cpuCores * 100).toFixed(0)}%`,
      h.valid ? t.valid : `${t.invalid}: ${h.problems.join('; ')}`,
    ];
    return `<tr>${cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`;
  });
}

function chartFrames(charts: readonly ChartSpec[], lang: ReportLang, pngDir?: string): string {
  return charts.map((c) => chartFrame(c, { lang, pngDir })).join('\n');
}

/** The whole section ('' for a run without load results). `charts` from buildLoadCharts. */
export function renderLoadSection(
  results: Results,
  lang: ReportLang,
  charts: readonly ChartSpec[],
  pngDir?: string,
): string {
  const load = results.load;
  if (!load || (load.levels.length === 0 && !load.raw)) return '';
  const t = loadText(lang);
  // Rows by load (a refined sweep runs out of load order); the level column keeps the run order.
  const levels = byLoad(load.levels);
  const kneeLevel = load.levels.find((l) => l.index === load.knee?.level);
  const knee =
    load.levels.length === 0 ? '' : kneeLevel ? fillText(t.knee, { load: loadLevelLabel(kneeLevel, t) }) : t.noKnee;
  const head = [
    t.level,
    t.load,
    t.conversations,
    t.reqPerSec,
    t.tokPerSec,
    t.goodput,
    t.ttft,
    `${t.e2e} p50`,
    'p95',
    'p99',
    t.queue,
    t.fromIntended,
    t.accuracy,
    t.interruptions,
    t.slos,
  ];
  const raw = load.raw
    ? `<p>autocannon (${load.raw.connections} connections, non-streaming): ` +
      `${escapeHtml(load.raw.requestsPerSecond.toFixed(1))} req/s, p50 ${load.raw.latencyMs.p50} ms, p99 ` +
      `${load.raw.latencyMs.p99} ms` +
      (load.raw.chatproof
        ? ` · chatproof: ${escapeHtml(load.raw.chatproof.requestsPerSecond.toFixed(1))} req/s, E2E p50 ` +
          `${escapeHtml(formatMs(load.raw.chatproof.e2eMs.p50))} ms`
        : '') +
      '</p>'
    : '';
  return `<section class="load" id="load">
<h2>${escapeHtml(t.section)}</h2>
<p class="help">${escapeHtml(t.intro)}</p>
${knee ? `<p><strong>${escapeHtml(knee)}</strong> (${escapeHtml(load.knee?.reason ?? '')})</p>` : ''}
${
  load.levels.length
    ? `<table class="grid"><thead><tr>${head.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>
${levels.map((l) => levelRow(l, t)).join('\n')}
</tbody></table>`
    : ''
}
${raw}
${
  load.levels.length
    ? `<h3>${escapeHtml(t.health)}</h3>
<p class="help">${escapeHtml(t.healthHelp)}</p>
<table class="grid"><thead>
<tr>${[t.level, t.suspect, t.eventLoop, t.scheduleLag, t.cpu, t.valid]
        .map((h) => `<th>${escapeHtml(h)}</th>`)
        .join('')}</tr>
</thead><tbody>
${levels.flatMap((l) => healthRows(l, t)).join('\n')}
</tbody></table>`
    : ''
}
<div class="chart-grid">${chartFrames(charts, lang, pngDir)}</div>
</section>`;
}
