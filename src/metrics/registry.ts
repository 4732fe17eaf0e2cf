// Every figure a user can read or gate on, declared once: where it sits in results.json, the
// names people type, its unit, which way is better, where it is measured, and (for
// distributions) the sample one successful turn contributes. Eval, load, the SLO grammar, the
// gate, the comparison and every report read this list, so they cannot disagree.
// Definitions follow the de-facto ones (vLLM, SGLang, AIPerf, GuideLLM); where tools disagree
// the definition says which one it follows.
import type { TurnRecord } from '../core/types.js';

export type MetricUnit = 'ms' | 'fraction' | 'tokens/s' | 'requests/s' | 'conversations/s';

/** eval: single-user runs (`chatproof eval`); load: every level of `chatproof load`. */
export type MetricScope = 'eval' | 'load';

interface MetricBase {
  /** Its path in results.json's summary (eval) and in a load level's figures. */
  path: string;
  /** Short names people type in `--slo` and scenario `slo:` ("ttft", "accuracy"). */
  aliases: readonly string[];
  /** English label for terminal, Markdown and JUnit ("time to first token"). */
  label: string;
  unit: MetricUnit;
  higherIsBetter: boolean;
  scopes: readonly MetricScope[];
}

export interface DistributionMetric extends MetricBase {
  shape: 'distribution';
  /**
   * The one sample a successful turn contributes, or undefined when it has none. Absent for
   * inter-token latency, whose samples are every gap between consecutive content chunks.
   */
  perTurn?: (turn: TurnRecord) => number | undefined;
  /** Read as a limit on every turn for goodput (DistServe applies TTFT and TPOT limits per request). */
  perRequestLimit: boolean;
}

export interface ScalarMetric extends MetricBase {
  shape: 'scalar';
}

export type MetricDefinition = DistributionMetric | ScalarMetric;

/** The statistics of a distribution a figure or an SLO can name. */
export const STATS = ['p50', 'p90', 'p95', 'p99', 'max', 'min', 'mean'] as const;
export type Stat = (typeof STATS)[number];

/** (E2E - TTFT) / (output tokens - 1): AIPerf's and GuideLLM's "ITL", here TPOT. */
export function tpotMs(turn: TurnRecord): number | undefined {
  const { firstTokenMs, endMs } = turn.timing;
  const tokens = turn.usage.completionTokens;
  if (firstTokenMs === undefined || endMs === undefined || tokens === undefined || tokens <= 1) return undefined;
  return (endMs - firstTokenMs) / (tokens - 1);
}

/** Output tokens over the whole request, TTFT included: the speed a user perceives. */
export function tokensPerSecond(turn: TurnRecord): number | undefined {
  const { endMs } = turn.timing;
  const tokens = turn.usage.completionTokens;
  if (endMs === undefined || endMs <= 0 || tokens === undefined) return undefined;
  return tokens / (endMs / 1000);
}

/** Every gap between consecutive content chunks of one turn (vLLM/SGLang ITL); none before the first. */
export function chunkGapsMs(offsetsMs: readonly number[]): number[] {
  const gaps: number[] = [];
  for (let i = 1; i < offsetsMs.length; i++) {
    const gap = offsetsMs[i]! - offsetsMs[i - 1]!;
    if (Number.isFinite(gap)) gaps.push(gap);
  }
  return gaps;
}

const both: readonly MetricScope[] = ['eval', 'load'];

function distribution(
  path: string,
  aliases: string[],
  label: string,
  perTurn: DistributionMetric['perTurn'],
  extra: Partial<DistributionMetric> = {},
): DistributionMetric {
  return {
    shape: 'distribution',
    path,
    aliases,
    label,
    unit: 'ms',
    higherIsBetter: false,
    scopes: both,
    perTurn,
    perRequestLimit: false,
    ...extra,
  };
}

function scalar(
  path: string,
  aliases: string[],
  label: string,
  unit: MetricUnit,
  extra: Partial<ScalarMetric> = {},
): ScalarMetric {
  return { shape: 'scalar', path, aliases, label, unit, higherIsBetter: false, scopes: both, ...extra };
}

export const METRICS: readonly MetricDefinition[] = [
  scalar('contextAccuracy', ['context_accuracy', 'accuracy'], 'context accuracy', 'fraction', { higherIsBetter: true }),
  scalar('interruptionRate', ['interruption_rate', 'interruptions'], 'interruption rate', 'fraction'),
  scalar('memoryChecks.rate', [], 'memory checks passed', 'fraction', { higherIsBetter: true }),
  scalar('allChecks.rate', [], 'all checks passed', 'fraction', { higherIsBetter: true, scopes: ['eval'] }),
  // First chunk with non-empty content; role-only or empty chunks are not tokens.
  distribution('latency.ttftMs', ['ttft'], 'time to first token', (t) => t.timing.firstTokenMs, {
    perRequestLimit: true,
  }),
  // Last byte of the response ([DONE] or end of body).
  distribution('latency.e2eMs', ['e2e', 'response_time'], 'end-to-end latency', (t) => t.timing.endMs, {
    perRequestLimit: true,
  }),
  distribution('latency.itlMs', ['itl'], 'inter-token latency', undefined),
  distribution('latency.tpotMs', ['tpot'], 'time per output token', tpotMs, { perRequestLimit: true }),
  // First reasoning text (AIPerf "TTFO").
  distribution('latency.ttfoMs', ['ttfo'], 'time to first thought', (t) => t.timing.firstThoughtMs, {
    scopes: ['eval'],
  }),
  // Load runs: intended start -> actual send. Hiding it would be coordinated omission.
  distribution('latency.queuedMs', ['queue', 'queuedMs'], 'client queue time', (t) => t.timing.queuedMs, {
    scopes: ['load'],
  }),
  // The latency a user sees when the harness had to queue the turn: queue + reply.
  distribution(
    'latency.e2eFromIntendedMs',
    ['e2e_from_intended', 'e2eFromIntendedMs'],
    'end-to-end latency from the intended start',
    (t) => (t.timing.endMs === undefined ? undefined : t.timing.endMs + (t.timing.queuedMs ?? 0)),
    { scopes: ['load'], perRequestLimit: true },
  ),
  distribution('tokensPerSecond', ['tokens_per_second'], 'tokens per second per reply', tokensPerSecond, {
    unit: 'tokens/s',
    higherIsBetter: true,
    scopes: ['eval'],
  }),
  scalar('outputTokensPerSecond', ['output_tokens_per_second'], 'output throughput', 'tokens/s', {
    higherIsBetter: true,
  }),
  scalar('requestsPerSecond', ['requests_per_second'], 'requests per second', 'requests/s', {
    higherIsBetter: true,
    scopes: ['load'],
  }),
  // DistServe's goodput carried to conversations: those that met every SLO, per second and as a share.
  scalar('goodput', [], 'goodput (conversations/s meeting every SLO)', 'conversations/s', { higherIsBetter: true }),
  scalar('goodputRate', ['goodput_rate'], 'goodput share (conversations meeting every SLO)', 'fraction', {
    higherIsBetter: true,
  }),
];

const BY_PATH = new Map(METRICS.map((m) => [m.path, m]));

export function metricByPath(path: string): MetricDefinition | undefined {
  return BY_PATH.get(path);
}

/** Distribution metrics with a per-turn sample (every one but inter-token latency). */
export const PER_TURN_METRICS: readonly DistributionMetric[] = METRICS.filter(
  (m): m is DistributionMetric => m.shape === 'distribution' && m.perTurn !== undefined,
);

/** The definition behind a full figure name: "latency.ttftMs.p95" -> TTFT, "contextAccuracy" -> itself. */
export function metricOf(figure: string): { metric: MetricDefinition; stat?: Stat } | undefined {
  const scalar = BY_PATH.get(figure);
  if (scalar?.shape === 'scalar') return { metric: scalar };
  const dot = figure.lastIndexOf('.');
  const root = BY_PATH.get(figure.slice(0, dot));
  const stat = figure.slice(dot + 1) as Stat;
  return root?.shape === 'distribution' && STATS.includes(stat) ? { metric: root, stat } : undefined;
}

/** Every full figure name an SLO may name: scalars, and each statistic of each distribution. */
export const FIGURE_NAMES: readonly string[] = METRICS.flatMap((m) =>
  m.shape === 'scalar' ? [m.path] : STATS.map((s) => `${m.path}.${s}`),
);

/** English label of a full figure name: "P95 time to first token", "context accuracy". */
export function figureLabel(figure: string): string {
  const found = metricOf(figure);
  if (!found) return figure;
  if (!found.stat) return found.metric.label;
  const stat = /^p\d+$/.test(found.stat) ? found.stat.toUpperCase() : found.stat;
  return `${stat} ${found.metric.label}`;
}
