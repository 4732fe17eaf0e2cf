// Every chart of the report, in reading order. Shared by the HTML page and the PNG files.
import type { Results } from '../../../core/types.js';
import { pageText } from '../../i18n/page-text.js';
import { type ReportLang, strings } from '../../i18n/strings.js';
import { accuracyByCheckChart } from './accuracy-by-check.js';
import { accuracyByFactChart } from './accuracy-by-fact.js';
import { type ChartContext, type ChartSpec, e2eValues } from './common.js';
import { interruptionsChart } from './interruptions.js';
import { latencyByTurnChart } from './latency-by-turn.js';
import { latencyCdfChart } from './latency-cdf.js';
import { latencyHistogramChart } from './latency-histogram.js';
import { timelineChart } from './timeline.js';
import { tokensPerSecondChart, tokensPerSecondValues } from './tokens-per-second.js';

export type { ChartSpec } from './common.js';

const BUILDERS: Array<(ctx: ChartContext) => ChartSpec> = [
  latencyByTurnChart,
  latencyHistogramChart,
  latencyCdfChart,
  accuracyByFactChart,
  accuracyByCheckChart,
  interruptionsChart,
  tokensPerSecondChart,
  timelineChart,
];

/** Charts with nothing to draw say so in one line (ChartSpec.empty) instead of an empty frame. */
function withEmptyNote(spec: ChartSpec, ctx: ChartContext): ChartSpec {
  if (spec.empty !== undefined) return spec;
  const t = pageText(ctx.lang);
  const noReplies = e2eValues(ctx.results).length === 0 && (!ctx.baseline || e2eValues(ctx.baseline).length === 0);
  if (['latency-histogram', 'latency-cdf'].includes(spec.id) && noReplies) return { ...spec, empty: t.noData };
  if (spec.id === 'tokens-per-second' && tokensPerSecondValues(ctx.results).length === 0)
    return { ...spec, empty: t.noTokens };
  return spec;
}

export function buildCharts(results: Results, lang: ReportLang, baseline?: Results): ChartSpec[] {
  const ctx: ChartContext = { results, baseline, lang, s: strings(lang) };
  return BUILDERS.map((build) => withEmptyNote(build(ctx), ctx));
}
