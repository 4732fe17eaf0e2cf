// Interrupted conversations by cause (timeouts, cut streams, server errors...).
import type { FailureCause } from '../../../core/types.js';
import { pageText } from '../../i18n/page-text.js';
import { causeLabel } from '../../i18n/strings.js';
import {
  asBaseline,
  axes,
  baseOptions,
  type ChartContext,
  type ChartSpec,
  COLORS,
  type Dataset,
  valueLabels,
} from './common.js';

export function interruptionsChart(ctx: ChartContext): ChartSpec {
  const now = ctx.results.summary.interruptionsByCause;
  const before = ctx.baseline?.summary.interruptionsByCause ?? {};
  const causes = [...new Set([...Object.keys(now), ...Object.keys(before)])] as FailureCause[];
  causes.sort((a, b) => (now[b] ?? 0) - (now[a] ?? 0));
  const labels = causes.map((c) => causeLabel(c, ctx.lang));
  const datasets: Dataset[] = [
    {
      label: ctx.s.dsCount,
      data: causes.map((c) => now[c] ?? 0),
      backgroundColor: COLORS.bad,
      borderColor: COLORS.bad,
    },
  ];
  if (ctx.baseline) datasets.push(asBaseline({ label: ctx.s.dsCount, data: causes.map((c) => before[c] ?? 0) }, ctx.s));
  return {
    id: 'interruptions',
    title: ctx.s.chartCauses,
    help: ctx.s.chartCausesHelp,
    height: 300,
    ...(causes.length === 0 ? { empty: pageText(ctx.lang).noInterruptions } : {}),
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: baseOptions(
        ctx.s.chartCauses,
        axes(
          '',
          ctx.s.axisCount,
          { title: { display: false } },
          { beginAtZero: true, suggestedMax: 3, ticks: { precision: 0 } },
        ),
        { layout: { padding: { top: 18 } } },
        valueLabels(''),
      ),
    },
  };
}
