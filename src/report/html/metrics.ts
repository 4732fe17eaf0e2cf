// Names, units and deltas of summary metrics, so every SLO reads as a sentence.
import { type ReportLang, type Strings, strings } from '../i18n/strings.js';
import { formatMs, formatNumber, formatPercent } from './format.js';

export type MetricKind = 'rate' | 'ms' | 'tps';

const RATES = new Set(['contextAccuracy', 'interruptionRate', 'memoryChecks.rate', 'allChecks.rate']);
// For these a higher figure is the better one; every other metric is a time or a failure rate.
const HIGHER_IS_BETTER = /^(contextAccuracy|memoryChecks|allChecks|tokensPerSecond|outputTokensPerSecond)/;

export function metricKind(metric: string): MetricKind {
  if (RATES.has(metric)) return 'rate';
  if (metric.startsWith('latency.')) return 'ms';
  return 'tps';
}

export function metricLabel(metric: string, lang: ReportLang): string {
  const s = strings(lang) as Strings & Record<string, string>;
  if (typeof s[metric] === 'string') return s[metric];
  const dot = metric.lastIndexOf('.');
  const root = metric.slice(0, dot);
  const stat = metric.slice(dot + 1);
  const rootLabel = s[root];
  if (dot < 0 || typeof rootLabel !== 'string') return metric;
  const statLabel = /^p\d+$/.test(stat)
    ? stat.toUpperCase()
    : (s[`stat${stat[0].toUpperCase()}${stat.slice(1)}`] ?? stat);
  return `${statLabel} ${rootLabel}`;
}

export function formatMetric(metric: string, value: number | null | undefined, lang: ReportLang): string {
  const kind = metricKind(metric);
  if (kind === 'rate') return formatPercent(value, lang);
  if (kind === 'ms') return formatMs(value, lang);
  return value === null || value === undefined ? '—' : `${formatNumber(value, lang)} ${strings(lang).tokPerSec}`;
}

export function opSymbol(op: string): string {
  return ({ '<=': '≤', '>=': '≥', '<': '<', '>': '>' } as Record<string, string>)[op] ?? op;
}

export interface Delta {
  text: string;
  direction: 'better' | 'worse' | 'same';
}

/** "+2.1 pts" / "−120 ms" against a baseline, with whether that is good news. */
export function metricDelta(
  metric: string,
  current: number | null | undefined,
  baseline: number | null | undefined,
  lang: ReportLang,
): Delta | null {
  if (current === null || current === undefined || baseline === null || baseline === undefined) return null;
  const diff = current - baseline;
  const kind = metricKind(metric);
  const sign = diff > 0 ? '+' : diff < 0 ? '−' : '±';
  let magnitude: string;
  if (kind === 'rate')
    magnitude = `${formatNumber(Math.abs(diff) * 100, lang, 1)} ${lang === 'zh-CN' ? '个百分点' : 'pts'}`;
  else if (kind === 'ms') magnitude = formatMs(Math.abs(diff), lang);
  else magnitude = `${formatNumber(Math.abs(diff), lang)} ${strings(lang).tokPerSec}`;
  // Differences below display precision are "unchanged", not noise shown as a trend.
  const negligible = kind === 'rate' ? Math.abs(diff) < 0.0005 : Math.abs(diff) < 0.5;
  const higherBetter = HIGHER_IS_BETTER.test(metric);
  const direction = negligible ? 'same' : diff > 0 === higherBetter ? 'better' : 'worse';
  return { text: `${sign}${magnitude}`, direction };
}
