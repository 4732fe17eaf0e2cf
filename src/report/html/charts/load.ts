// Charts of the load section: latency, quality, throughput and goodput against load, the
// per-second series and latency by turn depth per level. Plain chart.js configs (no functions),
// so they draw in the page and as PNGs alike.
import type { LoadLevel, Results } from '../../../core/types.js';
import { byLoad } from '../../../load/knee.js';
import { formatRate } from '../../../load/levels.js';
import { serializedDistribution } from '../../../metrics/histogram.js';
import type { ReportLang } from '../../i18n/strings.js';
import { axes, baseOptions, type ChartSpec, COLORS, type Dataset, pct, round1 } from './common.js';
import { fillText, type LoadText, loadText } from './load-text.js';

export function loadLevelLabel(level: LoadLevel, t: LoadText): string {
  return level.users !== undefined
    ? fillText(level.users === 1 ? t.user : t.users, { n: level.users })
    : fillText(t.rate, { n: formatRate(level.ratePerSecond ?? 0) });
}

function line(label: string, color: string, data: Array<number | null>, extra: Record<string, unknown> = {}): Dataset {
  return {
    label,
    data,
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    pointRadius: 3,
    tension: 0.1,
    ...extra,
  };
}

const ms = (v: number | null): number | null => (v === null ? null : round1(v));

export function buildLoadCharts(results: Results, lang: ReportLang): ChartSpec[] {
  const load = results.load;
  if (!load || load.levels.length === 0) return [];
  const t = loadText(lang);
  // The x axis is the load, so levels go by load: a refined sweep runs 1, 2, 4, 8, 6, 5.
  const levels = byLoad(load.levels);
  const labels = levels.map((l) => loadLevelLabel(l, t) + (load.knee?.level === l.index ? t.kneeMark : ''));
  const lat = (pick: (l: LoadLevel) => number | null): Array<number | null> => levels.map((l) => ms(pick(l)));
  const e2eGoal = load.slos.find((s) => s.metric.startsWith('latency.e2eMs.'))?.threshold;

  const latency: Dataset[] = [
    line(
      'TTFT p50',
      COLORS.ttftLight,
      lat((l) => l.figures.latency.ttftMs.p50),
      { borderDash: [3, 3] },
    ),
    line(
      'TTFT p95',
      COLORS.ttft,
      lat((l) => l.figures.latency.ttftMs.p95),
    ),
    line(
      'TTFT p99',
      '#1e3a8a',
      lat((l) => l.figures.latency.ttftMs.p99),
    ),
    line(
      'E2E p50',
      COLORS.e2eLight,
      lat((l) => l.figures.latency.e2eMs.p50),
      { borderDash: [3, 3] },
    ),
    line(
      'E2E p95',
      COLORS.e2e,
      lat((l) => l.figures.latency.e2eMs.p95),
    ),
    line(
      'E2E p99',
      '#9a3412',
      lat((l) => l.figures.latency.e2eMs.p99),
    ),
    line(
      `${t.fromIntended}`,
      COLORS.baseline,
      lat((l) => l.figures.latency.e2eFromIntendedMs.p99),
      { borderDash: [2, 4] },
    ),
  ];
  if (e2eGoal !== undefined)
    latency.push(
      line(
        `SLO ${e2eGoal} ms`,
        COLORS.goal,
        levels.map(() => e2eGoal),
        { borderDash: [8, 4], pointRadius: 0 },
      ),
    );

  const quality: Dataset[] = [
    line(
      t.accuracy,
      COLORS.good,
      levels.map((l) => pct(l.figures.contextAccuracy)),
    ),
    line(
      t.interruptions,
      COLORS.bad,
      levels.map((l) => pct(l.figures.interruptionRate)),
    ),
  ];
  const throughput: Dataset[] = [
    line(
      t.reqPerSec,
      COLORS.neutral,
      levels.map((l) => round1(l.figures.requestsPerSecond)),
      { yAxisID: 'y' },
    ),
    line(
      t.goodput,
      COLORS.good,
      levels.map((l) => Math.round(l.figures.goodput * 100) / 100),
      { yAxisID: 'y' },
    ),
    line(
      t.tokPerSec,
      COLORS.warn,
      levels.map((l) => Math.round(l.figures.outputTokensPerSecond)),
      { yAxisID: 'y1', borderDash: [4, 3] },
    ),
  ];

  // Levels end to end on one time axis; a gap of one second marks where a level ends.
  const sent: Array<{ x: number; y: number | null }> = [];
  const e2eMean: Array<{ x: number; y: number | null }> = [];
  let offset = 0;
  for (const level of load.levels) {
    // run order: this axis is time
    for (const p of level.timeSeries) {
      sent.push({ x: offset + p.second, y: p.sent });
      e2eMean.push({ x: offset + p.second, y: p.ok > 0 ? round1(p.e2eSumMs / p.ok) : null });
    }
    offset += Math.max(Math.ceil(level.durationMs / 1000), ...level.timeSeries.map((p) => p.second + 1)) + 1;
    sent.push({ x: offset - 0.5, y: null });
    e2eMean.push({ x: offset - 0.5, y: null });
  }

  const maxTurn = Math.max(1, ...levels.flatMap((l) => l.byTurn.map((r) => r.turn)));
  const turns = Array.from({ length: maxTurn }, (_, i) => i + 1);
  const palette = [COLORS.ttft, COLORS.e2e, COLORS.good, COLORS.warn, COLORS.neutral, COLORS.bad, COLORS.baseline];
  const depth = levels.map((level, i) => {
    const rows = new Map(level.byTurn.map((r) => [r.turn, r]));
    return line(
      loadLevelLabel(level, t),
      palette[i % palette.length]!,
      turns.map((turn) => {
        const row = rows.get(turn);
        return row ? ms(serializedDistribution(row.e2eMs).p95) : null;
      }),
    );
  });

  return [
    {
      id: 'load-latency',
      title: t.chartLatency,
      help: t.chartLatencyHelp,
      height: 380,
      config: {
        type: 'line',
        data: { labels, datasets: latency },
        options: baseOptions(t.chartLatency, axes(t.axisLoad, t.axisMs, {}, { beginAtZero: true })),
      },
    },
    {
      id: 'load-quality',
      title: t.chartQuality,
      help: t.chartQualityHelp,
      height: 320,
      config: {
        type: 'line',
        data: { labels, datasets: quality },
        options: baseOptions(t.chartQuality, axes(t.axisLoad, t.axisPct, {}, { min: 0, max: 100 })),
      },
    },
    {
      id: 'load-throughput',
      title: t.chartThroughput,
      help: t.chartThroughputHelp,
      height: 340,
      config: {
        type: 'line',
        data: { labels, datasets: throughput },
        options: baseOptions(t.chartThroughput, {
          ...axes(t.axisLoad, t.axisPerSec, {}, { beginAtZero: true }),
          y1: {
            position: 'right',
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            title: { display: true, text: t.tokPerSec },
          },
        }),
      },
    },
    {
      id: 'load-timeseries',
      title: t.chartSeries,
      help: t.chartSeriesHelp,
      height: 320,
      config: {
        type: 'line',
        data: {
          datasets: [
            line(t.reqPerSec, COLORS.neutral, sent as unknown as Array<number | null>, {
              yAxisID: 'y',
              pointRadius: 0,
              spanGaps: false,
            }),
            line('E2E mean (ms)', COLORS.e2e, e2eMean as unknown as Array<number | null>, {
              yAxisID: 'y1',
              pointRadius: 0,
              spanGaps: false,
            }),
          ],
        },
        options: baseOptions(t.chartSeries, {
          ...axes(t.axisSeconds, t.axisPerSec, { type: 'linear' }, { beginAtZero: true }),
          y1: {
            position: 'right',
            beginAtZero: true,
            grid: { drawOnChartArea: false },
            title: { display: true, text: t.axisMs },
          },
        }),
      },
    },
    {
      id: 'load-by-turn',
      title: t.chartDepth,
      help: t.chartDepthHelp,
      height: 320,
      config: {
        type: 'line',
        data: { labels: turns, datasets: depth },
        options: baseOptions(t.chartDepth, axes(t.axisTurn, t.axisMs, {}, { beginAtZero: true })),
      },
    },
  ];
}
