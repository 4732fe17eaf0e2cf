// Generation speed per reply, with the same definition as the summary's tokensPerSecond
// (output tokens over the whole request time, first-token wait included).
import type { Results } from '../../../core/types.js';
import {
  asBaseline,
  axes,
  baseOptions,
  binShares,
  type ChartContext,
  type ChartSpec,
  COLORS,
  type Dataset,
  niceStep,
  okTurns,
  quantileSorted,
} from './common.js';

export function tokensPerSecondValues(results: Results): number[] {
  const out: number[] = [];
  for (const t of okTurns(results)) {
    const tokens = t.usage.completionTokens;
    const end = t.timing.endMs;
    if (tokens !== undefined && end !== undefined && end > 0) out.push(tokens / (end / 1000));
  }
  return out;
}

export function tokensPerSecondChart(ctx: ChartContext): ChartSpec {
  const values = tokensPerSecondValues(ctx.results);
  const base = ctx.baseline ? tokensPerSecondValues(ctx.baseline) : [];
  const top = Math.max(
    quantileSorted(
      [...values, ...base].sort((a, b) => a - b),
      0.99,
    ) * 1.1,
    1,
  );
  const step = niceStep(top, 20);
  const bins = Math.ceil(top / step) + 1;
  const labels = Array.from({ length: bins }, (_, i) => (i === bins - 1 ? `≥ ${i * step}` : `${i * step}`));
  const datasets: Dataset[] = [
    {
      label: ctx.s.dsReplies,
      data: binShares(values, step, bins),
      backgroundColor: COLORS.neutral,
      borderColor: COLORS.neutral,
    },
  ];
  if (ctx.baseline) datasets.push(asBaseline({ label: ctx.s.dsReplies, data: binShares(base, step, bins) }, ctx.s));
  return {
    id: 'tokens-per-second',
    title: ctx.s.chartTps,
    help: ctx.s.chartTpsHelp,
    height: 300,
    config: {
      type: 'bar',
      data: { labels, datasets },
      options: baseOptions(
        ctx.s.chartTps,
        axes(ctx.s.axisTps, ctx.s.axisShareTurns, { grid: { display: false } }, { beginAtZero: true }),
        {
          datasets: { bar: { categoryPercentage: 0.95, barPercentage: 1 } },
        },
      ),
    },
  };
}
