// What every chart builder shares. A chart is plain JSON (a chart.js config without
// functions), so the same object draws in the browser and on @napi-rs/canvas for PNGs.

import type { Results, TurnRecord } from '../../../core/types.js';
import { percentile } from '../../../metrics/stats.js';
import type { ReportLang, Strings } from '../../i18n/strings.js';

export interface Dataset {
  label: string;
  data: Array<number | null | { x: number; y: number | null }>;
  [option: string]: unknown;
}

export interface ChartConfig {
  type: 'line' | 'bar' | 'scatter';
  data: { labels?: Array<string | number | string[]>; datasets: Dataset[] };
  options: Record<string, unknown>;
}

export interface ChartSpec {
  /** File-name-safe id: `charts/<id>.png`, `data-chart="<id>"`. */
  id: string;
  title: string;
  /** One sentence telling a reader how to read the chart. */
  help: string;
  /** Preferred height in CSS pixels (PNG height too). */
  height: number;
  config: ChartConfig;
  /** Set when there is nothing to draw: the one line shown instead of an empty chart. */
  empty?: string;
  /** A remark under the help line (a goal left off the axis, a figure not measured). */
  note?: string;
  /** Category labels in full, for tooltips where the axis shows them wrapped or shortened. */
  fullLabels?: string[];
}

export interface ChartContext {
  results: Results;
  baseline?: Results;
  lang: ReportLang;
  s: Strings;
}

export const COLORS = {
  ttft: '#2563eb',
  e2e: '#ea580c',
  ttftLight: '#93c5fd',
  e2eLight: '#fdba74',
  baseline: '#6b7280',
  goal: '#dc2626',
  bad: '#dc2626',
  good: '#16a34a',
  warn: '#f59e0b',
  neutral: '#0e7490',
};

export function okTurns(results: Results): TurnRecord[] {
  return results.turns.filter((t) => t.ok);
}

export function e2eValues(results: Results): number[] {
  return okTurns(results)
    .map((t) => t.timing.endMs)
    .filter((v): v is number => v !== undefined);
}

export function ttftValues(results: Results): number[] {
  return okTurns(results)
    .map((t) => t.timing.firstTokenMs)
    .filter((v): v is number => v !== undefined);
}

/** The end-to-end latency goal (first SLO on latency.e2eMs.*), if the run had one. */
export function e2eGoalMs(results: Results): number | undefined {
  return results.summary.slo.find((v) => v.metric.startsWith('latency.e2eMs.'))?.threshold;
}

export function accuracyGoal(results: Results): number | undefined {
  return results.summary.slo.find((v) => v.metric === 'contextAccuracy')?.threshold;
}

/** Linear axes with titles: every axis says what it measures and in which unit. */
export function axes(
  xTitle: string,
  yTitle: string,
  x: Record<string, unknown> = {},
  y: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    x: { title: { display: true, text: xTitle, color: '#374151', font: { weight: 'bold' } }, ...x },
    y: { title: { display: true, text: yTitle, color: '#374151', font: { weight: 'bold' } }, ...y },
  };
}

export function baseOptions(
  title: string,
  scales: Record<string, unknown>,
  extra: Record<string, unknown> = {},
  plugins: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    plugins: {
      title: { display: true, text: title, color: '#111827', font: { size: 16, weight: 'bold' } },
      legend: { position: 'bottom' },
      ...plugins,
    },
    scales,
    ...extra,
  };
}

/** A round bin width giving about `target` bins over [0, max]. */
export function niceStep(max: number, target: number): number {
  const raw = Math.max(max, 1) / target;
  const pow = 10 ** Math.floor(Math.log10(raw));
  for (const m of [1, 2, 2.5, 5, 10]) if (raw <= m * pow) return m * pow;
  return 10 * pow;
}

/** Share of values (in %) per bin of width `step` from 0; the last bin holds everything above. */
export function binShares(values: readonly number[], step: number, bins: number): number[] {
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) counts[Math.min(bins - 1, Math.max(0, Math.floor(v / step)))]++;
  return counts.map((n) => (values.length ? round1((n / values.length) * 100) : 0));
}

/** Quantile q (0-1) of ascending values by the project's one percentile definition; 0 when empty. */
export function quantileSorted(sorted: readonly number[], q: number): number {
  return percentile(sorted, q * 100) ?? 0;
}

export function round1(v: number): number {
  return Math.round(v * 10) / 10;
}

export function pct(rate: number | null | undefined): number | null {
  return rate === null || rate === undefined ? null : round1(rate * 100);
}

/** Baseline styling: grey and dashed, so "before" never looks like "now". */
export function asBaseline(ds: Dataset, s: Strings): Dataset {
  return {
    ...ds,
    label: ds.label + s.dsBaselineSuffix,
    borderColor: COLORS.baseline,
    backgroundColor: 'rgba(107,114,128,0.35)',
    borderDash: [6, 4],
    pointRadius: 0,
  };
}

/** Dark (P95, E2E) and light (P50, TTFT) shades, one hue per scenario. */
export const SCENARIO_COLORS: ReadonlyArray<readonly [string, string]> = [
  ['#1d4ed8', '#60a5fa'],
  ['#c2410c', '#fb923c'],
  ['#15803d', '#4ade80'],
  ['#7e22ce', '#c084fc'],
  ['#0e7490', '#22d3ee'],
  ['#be185d', '#f472b6'],
];

function charWidth(ch: string): number {
  const cp = ch.codePointAt(0) ?? 0;
  return cp >= 0x1100 && (cp <= 0x115f || cp >= 0x2e80) ? 2 : 1;
}

function widthOf(text: string): number {
  let w = 0;
  for (const ch of text) w += charWidth(ch);
  return w;
}

/** Cut from the middle so both ends stay readable: "tent-en T5 · reads…order number". */
export function middleEllipsis(text: string, maxWidth: number): string {
  if (widthOf(text) <= maxWidth) return text;
  const chars = Array.from(text);
  let head = '';
  let tail = '';
  let i = 0;
  let j = chars.length - 1;
  let w = 1;
  while (i <= j) {
    const next = head.length <= tail.length ? chars[i] : chars[j];
    if (w + charWidth(next) > maxWidth) break;
    w += charWidth(next);
    if (head.length <= tail.length) head += chars[i++];
    else tail = chars[j--] + tail;
  }
  return `${head}…${tail}`;
}

/**
 * A category label as lines no wider than `width` columns (CJK counts two), at most `maxLines`;
 * what does not fit is cut from the middle of the last line. Breaks at spaces where there are
 * any, anywhere in CJK text. Chart.js draws an array label as several lines, never clipping.
 */
export function wrapLabel(text: string, width = 34, maxLines = 3): string[] {
  const lines: string[] = [];
  let rest = text.trim();
  while (rest && lines.length < maxLines - 1 && widthOf(rest) > width) {
    let cut = 0;
    let w = 0;
    let lastSpace = -1;
    const chars = Array.from(rest);
    for (let k = 0; k < chars.length; k++) {
      if (w + charWidth(chars[k]) > width) break;
      w += charWidth(chars[k]);
      cut = k + 1;
      if (chars[k] === ' ') lastSpace = k;
    }
    const at = lastSpace > width / 3 ? lastSpace : cut;
    lines.push(chars.slice(0, at).join('').trimEnd());
    rest = chars.slice(at).join('').trimStart();
  }
  if (rest) lines.push(middleEllipsis(rest, width));
  return lines;
}

/** Options for the value-label plugin (page script and PNG renderer): bar values printed at bar ends. */
export function valueLabels(suffix: string): Record<string, unknown> {
  return { valueLabels: { display: true, suffix } };
}
