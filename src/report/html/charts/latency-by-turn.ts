// Latency against turn depth: how reply time grows with the history sent. One hue per scenario
// (dark: full reply, light: first token; solid P95, dashed P50); the axis fits the data, and a
// goal far above every reply is named under the chart instead of flattening the lines.
import type { Results } from '../../../core/types.js';
import { pageText } from '../../i18n/page-text.js';
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
  SCENARIO_COLORS,
} from './common.js';

type Row = Results['byTurn'][number];

function turnDatasets(results: Results, ctx: ChartContext, turns: number[], baseline: boolean): Dataset[] {
  const scenarios = [...new Set(results.byTurn.map((r) => r.scenario))];
  const withTtft = results.run.target.stream !== false;
  const out: Dataset[] = [];
  scenarios.forEach((scenario, i) => {
    const [dark, light] = SCENARIO_COLORS[i % SCENARIO_COLORS.length]!;
    const prefix = scenarios.length > 1 ? `${scenario}: ` : '';
    const rows = new Map(results.byTurn.filter((r) => r.scenario === scenario).map((r) => [r.turn, r]));
    const series = (pick: (r: Row) => number | null) => turns.map((t) => (rows.has(t) ? pick(rows.get(t)!) : null));
    const line = (label: string, color: string, data: Array<number | null>, dashed: boolean): Dataset => ({
      label: prefix + label,
      data,
      borderColor: color,
      backgroundColor: color,
      borderWidth: 2,
      pointRadius: 3,
      tension: 0.2,
      spanGaps: true,
      ...(dashed ? { borderDash: [4, 3] } : {}),
    });
    out.push(
      line(
        ctx.s.dsE2eP95,
        dark,
        series((r) => r.e2eMs.p95),
        false,
      ),
    );
    if (!baseline)
      out.push(
        line(
          ctx.s.dsE2eP50,
          dark,
          series((r) => r.e2eMs.p50),
          true,
        ),
      );
    if (withTtft) {
      out.push(
        line(
          ctx.s.dsTtftP95,
          light,
          series((r) => r.ttftMs.p95),
          false,
        ),
      );
      if (!baseline)
        out.push(
          line(
            ctx.s.dsTtftP50,
            light,
            series((r) => r.ttftMs.p50),
            true,
          ),
        );
    }
  });
  return out;
}

function maxValue(datasets: Dataset[]): number {
  let max = 0;
  for (const d of datasets) for (const v of d.data) if (typeof v === 'number' && v > max) max = v;
  return max;
}

export function latencyByTurnChart(ctx: ChartContext): ChartSpec {
  const t = pageText(ctx.lang);
  const all = [...ctx.results.byTurn, ...(ctx.baseline?.byTurn ?? [])];
  const maxTurn = Math.max(1, ...all.map((r) => r.turn));
  const turns = Array.from({ length: maxTurn }, (_, i) => i + 1);
  const datasets = turnDatasets(ctx.results, ctx, turns, false);
  if (ctx.baseline) datasets.push(...turnDatasets(ctx.baseline, ctx, turns, true).map((d) => asBaseline(d, ctx.s)));
  const spec: ChartSpec = {
    id: 'latency-by-turn',
    title: ctx.s.chartByTurn,
    help: ctx.s.chartByTurnHelp,
    height: 360,
    config: { type: 'line', data: { labels: turns, datasets }, options: {} },
  };
  const top = maxValue(datasets);
  if (top === 0 && ctx.results.byTurn.every((r) => r.e2eMs.count === 0)) return { ...spec, empty: t.noData };
  const notes: string[] = [];
  if (ctx.results.run.target.stream === false) notes.push(`${ctx.s.dsTtft}: ${t.notMeasuredNoStream}`);
  const goal = e2eGoalMs(ctx.results);
  // The goal is drawn while it sits near the data; far above, it would squash every line flat.
  if (goal !== undefined && goal <= top * 1.5) {
    datasets.push({
      label: fill(ctx.s.dsGoal, { v: `${goal} ms` }),
      data: turns.map(() => goal),
      borderColor: COLORS.goal,
      borderDash: [8, 4],
      borderWidth: 2,
      pointRadius: 0,
    });
  } else if (goal !== undefined) notes.push(fill(t.goalOffAxis, { goal: `${goal.toLocaleString(ctx.lang)} ms` }));
  const options = baseOptions(ctx.s.chartByTurn, axes(ctx.s.axisTurn, ctx.s.axisMs, {}, { beginAtZero: true }), {
    interaction: { mode: 'index', intersect: false },
  });
  return { ...spec, config: { ...spec.config, options }, ...(notes.length ? { note: notes.join(' ') } : {}) };
}
