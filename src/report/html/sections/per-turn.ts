// Turn by turn: the latency-by-turn chart and a table with, for every depth of the dialogue,
// P50/P95 TTFT and full reply, the history sent and the pass rate of that turn's checks.
import type { Proportion, Results } from '../../../core/types.js';
import { percentile } from '../../../metrics/stats.js';
import { pageText } from '../../i18n/page-text.js';
import { fill, type ReportLang } from '../../i18n/strings.js';
import type { ChartSpec } from '../charts/common.js';
import { escapeHtml } from '../escape.js';
import { formatMs, formatPercent } from '../format.js';
import { chartFrame } from './chart-frame.js';

function share(p: Proportion, lang: ReportLang): string {
  if (p.total === 0) return '—';
  return `${p.passed}/${p.total} (${formatPercent(p.rate, lang)})`;
}

function shareClass(p: Proportion): string {
  if (p.total === 0 || p.rate === null) return '';
  return p.rate >= 1 ? ' class="num ok"' : p.rate === 0 ? ' class="num bad"' : ' class="num warn"';
}

/** Whether time to first token was measured: a reply that is not streamed has no first token. */
export function streamed(results: Results): boolean {
  return results.run.target.stream !== false;
}

export function renderPerTurn(
  results: Results,
  lang: ReportLang,
  chart: ChartSpec | undefined,
  pngDir?: string,
): string {
  const t = pageText(lang);
  if (results.byTurn.length === 0) return '';
  const multi = new Set(results.byTurn.map((r) => r.scenario)).size > 1;
  const ttftShown = streamed(results);
  const rows = results.byTurn.map((r) => {
    const history = results.turns
      .filter((x) => x.scenario === r.scenario && x.turn === r.turn)
      .map((x) => x.historyTurnsSent)
      .sort((a, b) => a - b);
    const median = percentile(history, 50);
    const ttft = ttftShown
      ? `${formatMs(r.ttftMs.p50, lang)} / ${formatMs(r.ttftMs.p95, lang)}`
      : t.notMeasuredNoStream;
    const cells = [
      ...(multi ? [`<td>${escapeHtml(r.scenario)}</td>`] : []),
      `<th scope="row">${r.turn}</th>`,
      `<td>${escapeHtml(median === null ? '—' : fill(t.historyTurns, { n: Math.round(median) }))}</td>`,
      `<td class="num">${r.samples}</td>`,
      `<td class="num${ttftShown ? '' : ' not-measured'}">${escapeHtml(ttft)}</td>`,
      `<td class="num">${escapeHtml(`${formatMs(r.e2eMs.p50, lang)} / ${formatMs(r.e2eMs.p95, lang)}`)}</td>`,
      `<td${shareClass(r.allChecks)}>${escapeHtml(share(r.allChecks, lang))}</td>`,
      `<td${shareClass(r.memoryChecks)}>${escapeHtml(share(r.memoryChecks, lang))}</td>`,
    ];
    return `<tr data-turn="${r.turn}">${cells.join('')}</tr>`;
  });
  const head = [
    ...(multi ? [t.colScenario] : []),
    t.colTurn,
    t.colHistory,
    t.colReplies,
    t.colTtft,
    t.colE2e,
    t.colChecks,
    t.colMemory,
  ]
    .map((h) => `<th scope="col">${escapeHtml(h)}</th>`)
    .join('');
  return `<section class="per-turn" id="per-turn">
<h2>${escapeHtml(t.perTurn)}</h2>
<p class="help">${escapeHtml(t.perTurnHelp)}</p>
${chart ? `<div class="chart-grid chart-grid-one">${chartFrame(chart, { lang, pngDir })}</div>` : ''}
<div class="table-wrap"><table class="grid per-turn-table"><thead><tr>${head}</tr></thead>
<tbody>${rows.join('\n')}</tbody></table></div>
</section>`;
}
