// Chart configs for compare.html: plain JSON (chart.js configs without functions), baseline
// grey and dashed, candidate in colour, so "before" never looks like "now".
import type { Comparison } from '../../compare/types.js';
import type { Results } from '../../core/types.js';
import { cdfPoints } from '../html/charts/latency-cdf.js';
import { rowLabel } from './format.js';

export interface CompareChart {
  id: string;
  title: string;
  config: { type: string; data: unknown; options: Record<string, unknown> };
}

const CANDIDATE = '#ea580c';
const BASELINE = '#6b7280';

function values(results: Results, scenarios: Set<string>, pick: 'firstTokenMs' | 'endMs'): number[] {
  return results.turns
    .filter((t) => t.ok && scenarios.has(t.scenario))
    .map((t) => t.timing[pick])
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v));
}

function axes(x: string, y: string, yMax?: number): Record<string, unknown> {
  return {
    x: { title: { display: true, text: x } },
    y: { title: { display: true, text: y }, min: 0, ...(yMax !== undefined ? { max: yMax } : {}) },
  };
}

function cdfChart(id: string, title: string, b: number[], c: number[]): CompareChart {
  const line = (label: string, color: string, data: number[], dashed: boolean): Record<string, unknown> => ({
    label,
    data: cdfPoints(data),
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    pointRadius: 0,
    showLine: true,
    ...(dashed ? { borderDash: [6, 4] } : {}),
  });
  return {
    id,
    title,
    config: {
      type: 'scatter',
      data: {
        datasets: [
          line(`baseline (n=${b.length})`, BASELINE, b, true),
          line(`candidate (n=${c.length})`, CANDIDATE, c, false),
        ],
      },
      options: {
        plugins: { legend: { position: 'bottom' } },
        scales: axes('milliseconds', '% of turns finished within', 100),
      },
    },
  };
}

/** Load runs: a percentile against load, one line per run, over the levels compared. */
function byLoadChart(comparison: Comparison, metric: string, title: string): CompareChart | null {
  const rows = comparison.rows.filter((r) => r.kind === 'latency' && r.metric === metric && r.level);
  // Rows all without data (ITL without turns.jsonl) would draw empty axes.
  if (rows.every((r) => r.verdict === 'no-data')) return null;
  const line = (
    label: string,
    color: string,
    side: 'baseline' | 'candidate',
    dashed: boolean,
  ): Record<string, unknown> => ({
    label,
    data: rows.map((r) => (r.kind === 'latency' ? r[side] : null)),
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    ...(dashed ? { borderDash: [6, 4] } : {}),
  });
  return {
    id: `load-${metric.replace(/\./g, '-')}`,
    title,
    config: {
      type: 'line',
      data: {
        labels: rows.map((r) => (r.kind === 'latency' ? r.level!.label : '')),
        datasets: [line('baseline', BASELINE, 'baseline', true), line('candidate', CANDIDATE, 'candidate', false)],
      },
      options: { plugins: { legend: { position: 'bottom' } }, scales: axes('load', 'milliseconds') },
    },
  };
}

export function compareCharts(baseline: Results, candidate: Results, comparison: Comparison): CompareChart[] {
  const scenarios = new Set(comparison.scenarios);
  const latencyRows = comparison.rows.filter((r) => r.kind === 'latency' && r.verdict !== 'no-data');
  const rateRows = comparison.rows.filter((r) => r.kind === 'proportion' && r.verdict !== 'no-data');
  const charts: CompareChart[] = [];
  if (comparison.load) {
    // Curves pooled over every level would mix loads; a load comparison is drawn per load.
    for (const [metric, title] of [
      ['latency.e2eMs.p95', 'P95 end-to-end latency by load'],
      ['latency.ttftMs.p95', 'P95 time to first token by load'],
      ['latency.itlMs.p95', 'P95 inter-token latency by load'],
    ] as const) {
      const chart = byLoadChart(comparison, metric, title);
      if (chart) charts.push(chart);
    }
  } else {
    charts.push(
      cdfChart(
        'e2e-cdf',
        'End-to-end latency, cumulative',
        values(baseline, scenarios, 'endMs'),
        values(candidate, scenarios, 'endMs'),
      ),
    );
    const ttftB = values(baseline, scenarios, 'firstTokenMs');
    const ttftC = values(candidate, scenarios, 'firstTokenMs');
    if (ttftB.length && ttftC.length)
      charts.push(cdfChart('ttft-cdf', 'Time to first token, cumulative', ttftB, ttftC));
  }
  if (latencyRows.length && !comparison.load) {
    charts.push({
      id: 'percentiles',
      title: 'Latency percentiles side by side',
      config: {
        type: 'bar',
        data: {
          labels: latencyRows.map(rowLabel),
          datasets: [
            {
              label: 'baseline',
              data: latencyRows.map((r) => (r.kind === 'latency' ? r.baseline : null)),
              backgroundColor: BASELINE,
            },
            {
              label: 'candidate',
              data: latencyRows.map((r) => (r.kind === 'latency' ? r.candidate : null)),
              backgroundColor: CANDIDATE,
            },
          ],
        },
        options: { plugins: { legend: { position: 'bottom' } }, scales: axes('', 'milliseconds') },
      },
    });
  }
  if (rateRows.length) {
    const pct = (v: number | null): number | null => (v === null ? null : Math.round(v * 1000) / 10);
    charts.push({
      id: 'rates',
      title: 'Context accuracy and interruption rate',
      config: {
        type: 'bar',
        data: {
          labels: rateRows.map(rowLabel),
          datasets: [
            {
              label: 'baseline',
              data: rateRows.map((r) => (r.kind === 'proportion' ? pct(r.baseline.rate) : null)),
              backgroundColor: BASELINE,
            },
            {
              label: 'candidate',
              data: rateRows.map((r) => (r.kind === 'proportion' ? pct(r.candidate.rate) : null)),
              backgroundColor: CANDIDATE,
            },
          ],
        },
        options: { plugins: { legend: { position: 'bottom' } }, scales: axes('', '%', 100) },
      },
    });
  }
  return charts;
}
