// Context accuracy per fact: which remembered facts the model loses.
import {
  accuracyGoal,
  asBaseline,
  axes,
  baseOptions,
  type ChartContext,
  type ChartSpec,
  COLORS,
  type Dataset,
  pct,
} from './common.js';

export function accuracyByFactChart(ctx: ChartContext): ChartSpec {
  const rows = ctx.results.byFact;
  const multi = new Set(rows.map((r) => r.scenario)).size > 1;
  const labels = rows.map((r) => `${multi ? `${r.scenario}: ` : ''}${r.text} (${r.fact})`);
  const goal = accuracyGoal(ctx.results) ?? 0;
  const data = rows.map((r) => pct(r.checks.rate));
  const colors = rows.map((r) => (r.checks.rate !== null && r.checks.rate < goal ? COLORS.bad : COLORS.good));
  const datasets: Dataset[] = [{ label: ctx.s.dsPassRate, data, backgroundColor: colors, borderColor: colors }];
  if (ctx.baseline) {
    const before = new Map(ctx.baseline.byFact.map((r) => [`${r.scenario}\u0000${r.fact}`, r.checks.rate]));
    datasets.push(
      asBaseline(
        { label: ctx.s.dsPassRate, data: rows.map((r) => pct(before.get(`${r.scenario}\u0000${r.fact}`))) },
        ctx.s,
      ),
    );
  }
  return {
    id: 'accuracy-by-fact',
    title: ctx.s.chartFacts,
    help: ctx.s.chartFactsHelp,
    height: Math.max(220, 90 + rows.length * (ctx.baseline ? 44 : 30)),
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: baseOptions(
        ctx.s.chartFacts,
        axes(ctx.s.axisPassRate, '', { min: 0, max: 100 }, { title: { display: false } }),
        { indexAxis: 'y' },
      ),
    },
  };
}
