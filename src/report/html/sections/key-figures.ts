// The figures behind the verdict, with the baseline beside each one when there is one.
import type { Results } from '../../../core/types.js';
import { metricValue } from '../../../metrics/slo.js';
import { pageText } from '../../i18n/page-text.js';
import { type ReportLang, strings } from '../../i18n/strings.js';
import { escapeHtml } from '../escape.js';
import { formatMetric, metricDelta, metricLabel } from '../metrics.js';

const FIGURES = [
  'contextAccuracy',
  'allChecks.rate',
  'interruptionRate',
  'latency.ttftMs.p50',
  'latency.ttftMs.p95',
  'latency.ttftMs.p99',
  'latency.e2eMs.p50',
  'latency.e2eMs.p95',
  'latency.e2eMs.p99',
  'latency.itlMs.p50',
  'latency.itlMs.p95',
  'latency.tpotMs.p50',
  'latency.ttfoMs.p50',
  'tokensPerSecond.p50',
  'outputTokensPerSecond',
];

// Figures a reply that is not streamed cannot have: there is no first token or gap to time.
const NEEDS_STREAM = /^latency\.(ttftMs|itlMs|tpotMs|ttfoMs)\./;

export function renderKeyFigures(results: Results, lang: ReportLang, baseline?: Results): string {
  const s = strings(lang);
  const notStreamed = results.run.target.stream === false;
  const unmeasured = (m: string) => notStreamed && NEEDS_STREAM.test(m);
  const rows = FIGURES.filter(
    (m) =>
      (unmeasured(m) && /\.(ttftMs|itlMs)\.p50$/.test(m)) ||
      (!unmeasured(m) &&
        (metricValue(results.summary, m) !== null || (baseline && metricValue(baseline.summary, m) !== null))),
  ).map((metric) => {
    if (unmeasured(metric))
      return (
        `<tr data-not-measured><th scope="row">${escapeHtml(metricLabel(metric.replace(/\.p50$/, ''), lang))}</th>` +
        `<td class="not-measured"${baseline ? ' colspan="3"' : ''}>` +
        `${escapeHtml(pageText(lang).notMeasuredNoStream)}</td></tr>`
      );
    const now = metricValue(results.summary, metric);
    let extra = '';
    if (baseline) {
      const before = metricValue(baseline.summary, metric);
      const d = metricDelta(metric, now, before, lang);
      extra =
        `<td>${escapeHtml(formatMetric(metric, before, lang))}</td><td class="delta ` +
        `delta-${d?.direction ?? 'same'}" data-delta>${escapeHtml(d ? `${d.text} · ${s[d.direction]}` : '—')}</td>`;
    }
    return (
      `<tr><th scope="row">${escapeHtml(metricLabel(metric, lang))}</th><td ` +
      `class="num">${escapeHtml(formatMetric(metric, now, lang))}</td>${extra}</tr>`
    );
  });
  const head =
    `<tr><th scope="col">${escapeHtml(s.figure)}</th><th scope="col">${escapeHtml(s.thisRun)}</th>` +
    (baseline ? `<th scope="col">${escapeHtml(s.baseline)}</th><th scope="col">${escapeHtml(s.delta)}</th>` : '') +
    '</tr>';
  return `<section class="figures" id="figures">
<h2>${escapeHtml(s.keyFigures)}</h2>
<table class="grid"><thead>${head}</thead><tbody>${rows.join('\n')}</tbody></table>
</section>`;
}
