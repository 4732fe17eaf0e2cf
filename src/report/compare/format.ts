// Cell text for a comparison row, shared by the terminal table, Markdown, JUnit and HTML so
// every output says the same thing in the same words.
import type { Comparison, ComparisonRow, RowVerdict } from '../../compare/types.js';
import { figureLabel } from '../../metrics/registry.js';
import { formatMs, formatPercent } from '../text.js';

export function rowLabel(row: ComparisonRow): string {
  if (row.kind === 'knee') return 'knee (largest load meeting every SLO)';
  // Load runs compare the same figure at several levels: the level leads the label.
  return row.level ? `${row.level.label}: ${figureLabel(row.metric)}` : figureLabel(row.metric);
}

export function rowValue(row: ComparisonRow, side: 'baseline' | 'candidate'): string {
  if (row.kind === 'knee') {
    const v = row[side];
    return v === null ? 'none' : `${Number(v.toFixed(2))} ${row.unit}`;
  }
  if (row.kind === 'latency') {
    const v = row[side];
    return v === null ? '–' : `${formatMs(v)} ms`;
  }
  const p = row[side];
  return p.rate === null ? '–' : `${formatPercent(p.rate)} (${p.passed}/${p.total})`;
}

export function rowChange(row: ComparisonRow): string {
  if (row.change === null) return '–';
  const sign = row.change >= 0 ? '+' : '';
  return row.kind !== 'proportion'
    ? `${sign}${(row.change * 100).toFixed(1)}%`
    : `${sign}${(row.change * 100).toFixed(1)} pts`;
}

export function rowBounds(row: ComparisonRow): string {
  if (row.kind === 'latency' && row.method === 'point') return 'none (point)';
  if (!row.ci) return '–';
  const f = (x: number): string => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}`;
  return row.kind === 'latency' ? `${f(row.ci.low)}% … ${f(row.ci.high)}%` : `${f(row.ci.low)} … ${f(row.ci.high)} pts`;
}

export function rowSamples(row: ComparisonRow): string {
  if (row.kind === 'knee') return 'per-level verdicts';
  // ITL samples are the gaps between chunks, many per turn.
  const unit =
    row.kind === 'latency'
      ? row.metric.startsWith('latency.itlMs.')
        ? 'gaps'
        : 'turns'
      : row.metric === 'contextAccuracy'
        ? 'checks'
        : 'convs';
  return `${row.size.baseline.samples} vs ${row.size.candidate.samples} ${unit}`;
}

export const VERDICT_WORD: Record<RowVerdict, string> = {
  pass: 'PASS',
  regression: 'REGRESSION',
  inconclusive: 'INCONCLUSIVE',
  'no-data': 'NO DATA',
};

export const VERDICT_HEADLINE: Record<'pass' | 'regression' | 'inconclusive', string> = {
  pass: 'no regression: every compared figure rules out a meaningful worsening',
  regression: 'regression: at least one figure got significantly worse beyond tolerance',
  inconclusive: 'inconclusive: no significant regression, but the samples cannot rule one out',
};

/** Load comparisons: which levels were compared and which ran in one run only (never compared). */
export function levelCoverage(comparison: Comparison): string | null {
  const load = comparison.load;
  if (!load) return null;
  const list = (xs: number[]): string => (xs.length ? xs.map((x) => String(Number(x.toFixed(2)))).join(', ') : 'none');
  return (
    `levels compared (${load.unit}): ${list(load.compared)}; only in the baseline, not compared: ` +
    `${list(load.baselineOnly)}; only in the candidate, not compared: ${list(load.candidateOnly)}`
  );
}
