// Every chart of the report, in reading order. Shared by the HTML page and the PNG files.
import type { Results } from '../../../core/types.js';
import { type ReportLang, strings } from '../../i18n/strings.js';
import { accuracyByCheckChart } from './accuracy-by-check.js';
import { accuracyByFactChart } from './accuracy-by-fact.js';
import type { ChartContext, ChartSpec } from './common.js';
import { interruptionsChart } from './interruptions.js';
import { latencyByTurnChart } from './latency-by-turn.js';
import { latencyCdfChart } from './latency-cdf.js';
import { latencyHistogramChart } from './latency-histogram.js';
import { timelineChart } from './timeline.js';
import { tokensPerSecondChart } from './tokens-per-second.js';

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

export function buildCharts(results: Results, lang: ReportLang, baseline?: Results): ChartSpec[] {
  const ctx: ChartContext = { results, baseline, lang, s: strings(lang) };
  return BUILDERS.map((build) => build(ctx));
}
