// The trend across releases: P50/P95 time to first token and end-to-end latency (ms, left axis)
// and context accuracy (%, right axis) of each run, oldest to newest, so a PM sees latency move
// from release to release. Plain data for compare.html, trend.html and the PNG (chart.js configs
// without functions). Each run's own summary figures, as its report shows them.
import type { Results } from '../../core/types.js';
import type { ChartSpec } from '../html/charts/common.js';

export interface TrendPoint {
  runId: string;
  startedAt: string;
  /** Axis label: the run's start (UTC, to the minute), marked when it is the candidate. */
  label: string;
  ttftP50: number | null;
  ttftP95: number | null;
  e2eP50: number | null;
  e2eP95: number | null;
  /** Context accuracy, 0-1. */
  accuracy: number | null;
  conversations: number;
  /** This run is the one being gated (compare.html). */
  candidate: boolean;
}

/** One point per run, oldest first (by start time, then run id); duplicates by run id dropped. */
export function trendPoints(runs: readonly Results[], candidateRunId?: string): TrendPoint[] {
  const seen = new Set<string>();
  return [...runs]
    .sort((a, b) => a.run.startedAt.localeCompare(b.run.startedAt) || a.run.runId.localeCompare(b.run.runId))
    .filter((r) => !seen.has(r.run.runId) && seen.add(r.run.runId))
    .map((r) => {
      const s = r.summary;
      const candidate = r.run.runId === candidateRunId;
      const when = r.run.startedAt.slice(0, 16).replace('T', ' ');
      return {
        runId: r.run.runId,
        startedAt: r.run.startedAt,
        label: candidate ? `${when} (candidate)` : when,
        ttftP50: s.latency.ttftMs.p50,
        ttftP95: s.latency.ttftMs.p95,
        e2eP50: s.latency.e2eMs.p50,
        e2eP95: s.latency.e2eMs.p95,
        accuracy: s.contextAccuracy,
        conversations: s.conversations.total,
        candidate,
      };
    });
}

const SERIES = [
  { key: 'ttftP50', label: 'time to first token P50', color: '#2563eb', dash: false },
  { key: 'ttftP95', label: 'time to first token P95', color: '#2563eb', dash: true },
  { key: 'e2eP50', label: 'end-to-end P50', color: '#ea580c', dash: false },
  { key: 'e2eP95', label: 'end-to-end P95', color: '#ea580c', dash: true },
] as const;

export function trendChart(points: readonly TrendPoint[]): ChartSpec {
  const round = (v: number | null): number | null => (v === null ? null : Math.round(v * 10) / 10);
  return {
    id: 'trend',
    title: `Latency and context accuracy across ${points.length} runs`,
    help:
      'Each point is one run, oldest on the left: P50 (solid) and P95 (dashed) of time to first token and ' +
      'end-to-end latency in milliseconds (left axis), context accuracy in percent (green, right axis).',
    height: 360,
    config: {
      type: 'line',
      data: {
        labels: points.map((p) => p.label),
        datasets: [
          ...SERIES.map((s) => ({
            label: s.label,
            data: points.map((p) => round(p[s.key])),
            borderColor: s.color,
            backgroundColor: s.color,
            borderWidth: 2,
            pointRadius: 3,
            yAxisID: 'ms',
            ...(s.dash ? { borderDash: [6, 4] } : {}),
          })),
          {
            label: 'context accuracy (%)',
            data: points.map((p) => (p.accuracy === null ? null : Math.round(p.accuracy * 1000) / 10)),
            borderColor: '#15803d',
            backgroundColor: '#15803d',
            borderWidth: 2,
            pointRadius: 3,
            yAxisID: 'pct',
          },
        ],
      },
      options: {
        plugins: { legend: { position: 'bottom' } },
        scales: {
          x: { title: { display: true, text: 'run (start time, UTC)' } },
          ms: { position: 'left', min: 0, title: { display: true, text: 'milliseconds' } },
          pct: {
            position: 'right',
            min: 0,
            max: 100,
            grid: { drawOnChartArea: false },
            title: { display: true, text: 'context accuracy %' },
          },
        },
      },
    },
  } as unknown as ChartSpec;
}
