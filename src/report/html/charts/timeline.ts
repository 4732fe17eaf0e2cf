// Latency over the run's wall clock: warm-up, drift and bursts of failures show here.
import { fill } from '../../i18n/strings.js';
import {
  axes,
  baseOptions,
  type ChartContext,
  type ChartSpec,
  COLORS,
  type Dataset,
  e2eGoalMs,
  round1,
} from './common.js';

// Beyond this many replies the timeline keeps an even sample: the shape survives, the page stays small.
const MAX_POINTS = 8000;

export function timelineChart(ctx: ChartContext): ChartSpec {
  const turns = ctx.results.turns;
  const start = turns.reduce((min, t) => Math.min(min, t.timing.sentAtEpochMs), turns[0]?.timing.sentAtEpochMs ?? 0);
  const stride = Math.max(1, Math.ceil(turns.length / MAX_POINTS));
  const ok: Array<{ x: number; y: number }> = [];
  const failed: Array<{ x: number; y: number }> = [];
  turns.forEach((t, i) => {
    const x = round1((t.timing.sentAtEpochMs - start) / 1000);
    if (!t.ok) {
      // A failed turn has no real latency: plot it at its last known moment so it stays visible.
      failed.push({ x, y: Math.round(t.timing.endMs ?? t.timing.firstTokenMs ?? 0) });
    } else if (i % stride === 0 && t.timing.endMs !== undefined) {
      ok.push({ x, y: Math.round(t.timing.endMs) });
    }
  });
  const datasets: Dataset[] = [
    {
      label: ctx.s.dsE2e,
      data: ok,
      backgroundColor: 'rgba(234,88,12,0.45)',
      borderColor: 'rgba(234,88,12,0.45)',
      pointRadius: 2,
    },
    {
      label: ctx.s.dsFailed,
      data: failed,
      backgroundColor: COLORS.bad,
      borderColor: '#7f1d1d',
      pointRadius: 5,
      pointStyle: 'crossRot',
      borderWidth: 2,
    },
  ];
  const goal = e2eGoalMs(ctx.results);
  const xMax = [...ok, ...failed].reduce((max, p) => Math.max(max, p.x), 1);
  if (goal !== undefined) {
    datasets.push({
      label: fill(ctx.s.dsGoal, { v: `${goal} ms` }),
      data: [
        { x: 0, y: goal },
        { x: xMax, y: goal },
      ],
      borderColor: COLORS.goal,
      backgroundColor: COLORS.goal,
      borderDash: [8, 4],
      borderWidth: 2,
      pointRadius: 0,
      showLine: true,
    });
  }
  return {
    id: 'timeline',
    title: ctx.s.chartTimeline,
    help: ctx.s.chartTimelineHelp,
    height: 320,
    config: {
      type: 'scatter',
      data: { datasets },
      options: baseOptions(
        ctx.s.chartTimeline,
        axes(ctx.s.axisRunTime, ctx.s.axisMs, { min: 0 }, { beginAtZero: true }),
      ),
    },
  };
}
