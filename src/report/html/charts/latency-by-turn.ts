// Latency against turn depth: how reply time grows with the history sent.
import type { Results } from '../../../core/types.js';
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
} from './common.js';

function turnDatasets(results: Results, ctx: ChartContext, turns: number[], withP50: boolean): Dataset[] {
  const scenarios = [...new Set(results.byTurn.map((r) => r.scenario))];
  const out: Dataset[] = [];
  for (const scenario of scenarios) {
    const prefix = scenarios.length > 1 ? `${scenario}: ` : '';
    const rows = new Map(results.byTurn.filter((r) => r.scenario === scenario).map((r) => [r.turn, r]));
    const series = (pick: (r: Results['byTurn'][number]) => number | null) =>
      turns.map((t) => {
        const row = rows.get(t);
        return row ? pick(row) : null;
      });
    const line = (label: string, color: string, data: Array<number | null>, dashed: boolean): Dataset => ({
      label: prefix + label,
      data,
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      pointRadius: 3,
      tension: 0.2,
      ...(dashed ? { borderDash: [3, 3] } : {}),
    });
    if (withP50)
      out.push(
        line(
          ctx.s.dsTtftP50,
          COLORS.ttftLight,
          series((r) => r.ttftMs.p50),
          true,
        ),
      );
    out.push(
      line(
        ctx.s.dsTtftP95,
        COLORS.ttft,
        series((r) => r.ttftMs.p95),
        false,
      ),
    );
    if (withP50)
      out.push(
        line(
          ctx.s.dsE2eP50,
          COLORS.e2eLight,
          series((r) => r.e2eMs.p50),
          true,
        ),
      );
    out.push(
      line(
        ctx.s.dsE2eP95,
        COLORS.e2e,
        series((r) => r.e2eMs.p95),
        false,
      ),
    );
  }
  return out;
}

export function latencyByTurnChart(ctx: ChartContext): ChartSpec {
  const all = [...ctx.results.byTurn, ...(ctx.baseline?.byTurn ?? [])];
  const maxTurn = Math.max(1, ...all.map((r) => r.turn));
  const turns = Array.from({ length: maxTurn }, (_, i) => i + 1);
  const datasets = turnDatasets(ctx.results, ctx, turns, true);
  if (ctx.baseline) datasets.push(...turnDatasets(ctx.baseline, ctx, turns, false).map((d) => asBaseline(d, ctx.s)));
  const goal = e2eGoalMs(ctx.results);
  if (goal !== undefined) {
    datasets.push({
      label: fill(ctx.s.dsGoal, { v: `${goal} ms` }),
      data: turns.map(() => goal),
      borderColor: COLORS.goal,
      borderDash: [8, 4],
      borderWidth: 2,
      pointRadius: 0,
    });
  }
  return {
    id: 'latency-by-turn',
    title: ctx.s.chartByTurn,
    help: ctx.s.chartByTurnHelp,
    height: 360,
    config: {
      type: 'line',
      data: { labels: turns, datasets },
      options: baseOptions(ctx.s.chartByTurn, axes(ctx.s.axisTurn, ctx.s.axisMs, {}, { beginAtZero: true })),
    },
  };
}
