// End-to-end latency histogram in shares (%), so a baseline with another sample size compares.
import { fill } from '../../i18n/strings.js';
import {
  asBaseline,
  axes,
  baseOptions,
  binShares,
  type ChartContext,
  type ChartSpec,
  COLORS,
  type Dataset,
  e2eGoalMs,
  e2eValues,
  niceStep,
  quantileSorted,
} from './common.js';

export function latencyHistogramChart(ctx: ChartContext): ChartSpec {
  const values = e2eValues(ctx.results);
  const base = ctx.baseline ? e2eValues(ctx.baseline) : [];
  const goal = e2eGoalMs(ctx.results);
  // The P99 (not the max) sets the range: one 30 s outlier would squash every other bar.
  const sorted = [...values, ...base].sort((a, b) => a - b);
  const top = Math.max(quantileSorted(sorted, 0.99) * 1.1, (goal ?? 0) * 1.25, 1);
  const step = niceStep(top, 24);
  const bins = Math.ceil(top / step) + 1;
  const labels = Array.from({ length: bins }, (_, i) => (i === bins - 1 ? `≥ ${i * step}` : `${i * step}`));
  const colors = labels.map((_, i) => (goal !== undefined && (i + 1) * step > goal ? COLORS.bad : COLORS.e2e));
  const datasets: Dataset[] = [
    {
      label: goal !== undefined ? fill(ctx.s.dsHistogramGoal, { v: `${goal} ms` }) : ctx.s.dsE2e,
      data: binShares(values, step, bins),
      backgroundColor: colors,
      borderColor: colors,
    },
  ];
  if (ctx.baseline) datasets.push(asBaseline({ label: ctx.s.dsE2e, data: binShares(base, step, bins) }, ctx.s));
  return {
    id: 'latency-histogram',
    title: ctx.s.chartHistogram,
    help: ctx.s.chartHistogramHelp,
    height: 340,
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: baseOptions(
        ctx.s.chartHistogram,
        axes(`${ctx.s.axisMs}`, ctx.s.axisShareTurns, { grid: { display: false } }, { beginAtZero: true }),
        {
          datasets: { bar: { categoryPercentage: 0.95, barPercentage: 1 } },
        },
      ),
    },
  };
}
