// Context accuracy per fact: which remembered facts the model loses.

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

export function accuracyByFactChart(ctx: ChartContext): ChartSpec {
  const rows = ctx.results.byFact;
  const multi = new Set(rows.map((r) => r.scenario)).size > 1;
  const fullLabels = rows.map((r) => `${multi ? `${r.scenario}: ` : ''}${r.text} (${r.fact})`);
  const labels = fullLabels.map((l) => wrapLabel(l));
  const goal = accuracyGoal(ctx.results) ?? 0;
  const data = rows.map((r) => pct(r.checks.rate));
  const colors = rows.map((r) => (r.checks.rate !== null && r.checks.rate < goal ? COLORS.bad : COLORS.good));
  const datasets: Dataset[] = [
    { label: ctx.s.dsPassRate, data, backgroundColor: colors, borderColor: colors, minBarLength: 4 },
  ];
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
    height: Math.max(220, 90 + labels.reduce((h, l) => h + (ctx.baseline ? 28 : 16) + l.length * 14, 0)),
    fullLabels,
    ...(rows.length === 0 ? { empty: pageText(ctx.lang).noFacts } : {}),
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: baseOptions(
        ctx.s.chartFacts,
        axes(ctx.s.axisPassRate, '', { min: 0, max: 100 }, { title: { display: false }, ticks: { autoSkip: false } }),
        { indexAxis: 'y', layout: { padding: { right: 48 } } },
        valueLabels('%'),
      ),
    },
  };
}
