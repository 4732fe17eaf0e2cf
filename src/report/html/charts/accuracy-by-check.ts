// Pass rate of every check, by turn: memory probes and the rest.

import { pageText } from '../../i18n/page-text.js';
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
  valueLabels,
  wrapLabel,
} from './common.js';

export function accuracyByCheckChart(ctx: ChartContext): ChartSpec {
  const rows = ctx.results.byCheck;
  const multi = new Set(rows.map((r) => r.scenario)).size > 1;
  const key = (r: (typeof rows)[number]) => `${r.scenario}\u0000${r.turn}\u0000${r.name}`;
  const fullLabels = rows.map((r) => `${multi ? `${r.scenario} ` : ''}T${r.turn} · ${r.name}`);
  const labels = fullLabels.map((l) => wrapLabel(l));
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
      // A 0% bar still shows as a sliver of its colour: "never passed" must not look like "no data".
      minBarLength: 4,
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
    height: Math.max(220, 90 + labels.reduce((h, l) => h + (ctx.baseline ? 22 : 12) + l.length * 14, 0)),
    fullLabels,
    ...(rows.length === 0 ? { empty: pageText(ctx.lang).noChecks } : {}),
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: baseOptions(
        ctx.s.chartChecks,
        axes(ctx.s.axisPassRate, '', { min: 0, max: 100 }, { title: { display: false }, ticks: { autoSkip: false } }),
        { indexAxis: 'y', layout: { padding: { right: 48 } } },
        valueLabels('%'),
      ),
    },
  };
}
