// Pass rate of every check, by turn: memory probes and the rest.
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

export function accuracyByCheckChart(ctx: ChartContext): ChartSpec {
  const rows = ctx.results.byCheck;
  const multi = new Set(rows.map((r) => r.scenario)).size > 1;
  const key = (r: (typeof rows)[number]) => `${r.scenario}\u0000${r.turn}\u0000${r.name}`;
  const labels = rows.map((r) => `${multi ? `${r.scenario} ` : ''}T${r.turn} · ${r.name}`);
  // Red: a memory probe below the accuracy goal; amber: any other miss; green: always passed.
  const goal = accuracyGoal(ctx.results) ?? 0;
  const colors = rows.map((r) =>
    r.checks.rate === null || r.checks.rate >= 1
      ? COLORS.good
      : r.memory && r.checks.rate < goal
        ? COLORS.bad
        : COLORS.warn,
  );
  const datasets: Dataset[] = [
    {
      label: ctx.s.dsPassRate,
      data: rows.map((r) => pct(r.checks.rate)),
      backgroundColor: colors,
      borderColor: colors,
    },
  ];
  if (ctx.baseline) {
    const before = new Map(ctx.baseline.byCheck.map((r) => [key(r), r.checks.rate]));
    datasets.push(asBaseline({ label: ctx.s.dsPassRate, data: rows.map((r) => pct(before.get(key(r)))) }, ctx.s));
  }
  return {
    id: 'accuracy-by-check',
    title: ctx.s.chartChecks,
    help: ctx.s.chartChecksHelp,
    height: Math.max(220, 90 + rows.length * (ctx.baseline ? 36 : 24)),
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: baseOptions(
        ctx.s.chartChecks,
        axes(ctx.s.axisPassRate, '', { min: 0, max: 100 }, { title: { display: false } }),
        { indexAxis: 'y' },
      ),
    },
  };
}
