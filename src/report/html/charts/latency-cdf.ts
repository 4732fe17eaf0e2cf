// Cumulative distribution: "what share of replies finished within X ms", with the goal line.
import { fill } from '../../i18n/strings.js';
import {
  asBaseline,
  axes,
  baseOptions,
  type ChartContext,
  type ChartSpec,
  COLORS,
  type Dataset,
  e2eGoalMs,
  e2eValues,
  quantileSorted,
  round1,
  ttftValues,
} from './common.js';

/** At most ~200 points per curve: enough to look smooth, small in the page. */
export function cdfPoints(values: readonly number[]): Array<{ x: number; y: number }> {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const points: Array<{ x: number; y: number }> = [{ x: sorted[0], y: 0 }];
  const steps = Math.min(200, sorted.length);
  for (let i = 1; i <= steps; i++) {
    const q = i / steps;
    points.push({ x: Math.round(quantileSorted(sorted, q)), y: round1(q * 100) });
  }
  return points;
}

export function latencyCdfChart(ctx: ChartContext): ChartSpec {
  const line = (label: string, color: string, values: number[]): Dataset => ({
    label,
    data: cdfPoints(values),
    borderColor: color,
    backgroundColor: color,
    borderWidth: 2,
    pointRadius: 0,
    showLine: true,
  });
  const datasets: Dataset[] = [
    line(ctx.s.dsTtft, COLORS.ttft, ttftValues(ctx.results)),
    line(ctx.s.dsE2e, COLORS.e2e, e2eValues(ctx.results)),
  ];
  if (ctx.baseline) {
    datasets.push(asBaseline(line(ctx.s.dsTtft, COLORS.baseline, ttftValues(ctx.baseline)), ctx.s));
    datasets.push(asBaseline(line(ctx.s.dsE2e, COLORS.baseline, e2eValues(ctx.baseline)), ctx.s));
  }
  const goal = e2eGoalMs(ctx.results);
  if (goal !== undefined) {
    datasets.push({
      label: fill(ctx.s.dsGoal, { v: `${goal} ms` }),
      data: [
        { x: goal, y: 0 },
        { x: goal, y: 100 },
      ],
      borderColor: COLORS.goal,
      backgroundColor: COLORS.goal,
      borderDash: [8, 4],
      borderWidth: 2,
      pointRadius: 0,
      showLine: true,
    });
  }
  const all = [...e2eValues(ctx.results), ...(ctx.baseline ? e2eValues(ctx.baseline) : [])].sort((a, b) => a - b);
  const xMax = Math.ceil(Math.max(quantileSorted(all, 0.995) * 1.05, (goal ?? 0) * 1.2, 1));
  return {
    id: 'latency-cdf',
    title: ctx.s.chartCdf,
    help: ctx.s.chartCdfHelp,
    height: 340,
    config: {
      type: 'scatter',
      data: { datasets },
      options: baseOptions(
        ctx.s.chartCdf,
        axes(ctx.s.axisMs, ctx.s.axisShareTurns, { min: 0, max: xMax }, { min: 0, max: 100 }),
      ),
    },
  };
}
