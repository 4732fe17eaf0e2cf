// SLOs: the one grammar for "metric op threshold" conditions, used by scenario files (`slo:`),
// `--slo` on every command, the load levels, goodput and the gate, and the one way of judging
// figures against them. Metric names and units come from the registry (registry.ts).
import { suggestion } from '../core/suggest.js';
import type { Slo, SloVerdict, Verdict } from '../core/types.js';
import { FIGURE_NAMES, METRICS, type MetricScope, metricByPath, metricOf } from './registry.js';

/** The three acceptance bars of the Qwen3-8B multi-turn validation: the defaults of every run. */
export const DEFAULT_SLO_SOURCES: Record<string, string> = {
  contextAccuracy: '>= 90%',
  'latency.e2eMs.p95': '<= 800ms',
  interruptionRate: '<= 2%',
};

export class SloSyntaxError extends Error {}

const ALIASES = new Map<string, string>(
  METRICS.flatMap((m) => [[m.path, m.path] as const, ...m.aliases.map((a) => [a, m.path] as const)]),
);

// The order "did you mean" prefers on a tie: the statistics SLOs name most often first.
const STAT_PREFERENCE = ['p95', 'p99', 'p50', 'p90', 'max', 'min', 'mean'] as const;

/** Every name an SLO may use: the short forms people type, then full figure names. */
export const SLO_NAMES: readonly string[] = [
  ...METRICS.flatMap((m) =>
    m.shape === 'scalar' ? [m.path, ...m.aliases] : m.aliases.flatMap((a) => STAT_PREFERENCE.map((s) => `${a}.${s}`)),
  ),
  ...FIGURE_NAMES,
];

/** Resolve short names: "e2e.p95" -> "latency.e2eMs.p95", "accuracy" -> "contextAccuracy". */
export function resolveMetric(name: string): string {
  const trimmed = name.trim();
  const whole = ALIASES.get(trimmed);
  if (whole && metricByPath(whole)?.shape === 'scalar') return whole;
  const dot = trimmed.lastIndexOf('.');
  if (dot > 0) {
    const root = ALIASES.get(trimmed.slice(0, dot)) ?? ALIASES.get(`latency.${trimmed.slice(0, dot)}`);
    if (root) return `${root}.${trimmed.slice(dot + 1)}`;
  }
  return whole ?? trimmed;
}

const CONDITION = /^\s*(<=|>=|<|>|≤|≥)\s*(-?\d+(?:\.\d+)?)\s*(%|ms|s|tok\/s|req\/s|conv\/s|\/s)?\s*$/;
const PER_SECOND_UNITS: Record<string, string> = {
  'tokens/s': 'tok/s',
  'requests/s': 'req/s',
  'conversations/s': 'conv/s',
};

function scopeName(scope: MetricScope): string {
  return scope === 'load' ? 'under load ("chatproof load")' : 'in single-user runs ("chatproof eval")';
}

/**
 * Parse one condition for a metric: (">= 90%") for contextAccuracy, ("<= 0.8s") for a latency,
 * (">= 0.5/s") for goodput. Rates take "90%" or "0.9"; times "800", "800ms" or "0.8s"; per-second
 * figures a plain number or their unit. With `scope`, a metric not measured there is refused.
 */
export function parseCondition(metricName: string, condition: string, scope?: MetricScope): Slo {
  const metric = resolveMetric(metricName);
  const source = `${metricName} ${condition}`.trim();
  const found = metricOf(metric);
  if (!found) {
    const best = suggestion(metricName.trim(), SLO_NAMES) ?? suggestion(metric, FIGURE_NAMES);
    throw new SloSyntaxError(
      `unknown SLO metric "${metricName}"${best ? ` (did you mean "${best}"?)` : ''}; known: ` +
        `${FIGURE_NAMES.join(', ')}`,
    );
  }
  if (scope && !found.metric.scopes.includes(scope)) {
    throw new SloSyntaxError(
      `SLO "${source}": ${found.metric.label} is measured only ${scopeName(found.metric.scopes[0]!)}, not ` +
        `${scopeName(scope)}`,
    );
  }
  const m = CONDITION.exec(condition);
  if (!m) throw new SloSyntaxError(`SLO "${source}": expected a comparison such as "<= 800ms" or ">= 90%"`);
  const op = ({ '≤': '<=', '≥': '>=' } as Record<string, Slo['op']>)[m[1]!] ?? (m[1] as Slo['op']);
  let threshold = Number(m[2]);
  const unit = m[3];
  const label = metric;
  switch (found.metric.unit) {
    case 'fraction':
      if (unit === '%') threshold /= 100;
      else if (unit)
        throw new SloSyntaxError(
          `SLO "${source}": ${label} is a share; write a percentage ("90%") or a fraction ("0.9")`,
        );
      else if (threshold > 1) {
        throw new SloSyntaxError(`SLO "${source}": ${label} is a fraction between 0 and 1; did you mean "${m[2]}%"?`);
      }
      break;
    case 'ms':
      if (unit === 's') threshold *= 1000;
      else if (unit && unit !== 'ms')
        throw new SloSyntaxError(`SLO "${source}": ${label} is a time; write "800ms" or "0.8s"`);
      break;
    default: {
      const own = PER_SECOND_UNITS[found.metric.unit]!;
      if (unit && unit !== '/s' && unit !== own) {
        throw new SloSyntaxError(
          `SLO "${source}": ${label} is in ${found.metric.unit.replace('/s', ' per second')}; write a plain number ` +
            `or "${m[2]}${own}"`,
        );
      }
    }
  }
  return { metric, op, threshold, source };
}

/** Parse a whole expression from the command line: "e2e.p95<=800ms", "goodput>=0.5/s". */
export function parseSlo(expression: string, scope?: MetricScope): Slo {
  const m = /^\s*([A-Za-z_][\w.]*)\s*((?:<=|>=|<|>|≤|≥).*)$/.exec(expression);
  if (!m) {
    throw new SloSyntaxError(
      `SLO "${expression}": expected METRIC OP VALUE, e.g. "e2e.p95<=800ms" or "contextAccuracy>=0.9"`,
    );
  }
  return { ...parseCondition(m[1]!, m[2]!, scope), source: expression.trim() };
}

/** Merge SLO sets: later ones replace earlier ones on the same metric and direction. */
export function mergeSlos(...sets: Slo[][]): Slo[] {
  const byMetric = new Map<string, Slo>();
  for (const set of sets) for (const slo of set) byMetric.set(`${slo.metric} ${slo.op[0]}`, slo);
  return [...byMetric.values()];
}

/**
 * The SLOs a whole run is judged by: every scenario's own (the first scenario wins when two
 * disagree on a metric and direction), then command-line ones, which replace any scenario SLO
 * on the same metric whatever its direction.
 */
export function runSlos(scenarios: ReadonlyArray<{ slo: Slo[] }>, extra: readonly Slo[] = []): Slo[] {
  const byKey = new Map<string, Slo>();
  for (const scenario of scenarios) {
    for (const slo of scenario.slo)
      if (!byKey.has(`${slo.metric} ${slo.op}`)) byKey.set(`${slo.metric} ${slo.op}`, slo);
  }
  for (const slo of extra) for (const key of [...byKey.keys()]) if (key.startsWith(`${slo.metric} `)) byKey.delete(key);
  for (const slo of extra) byKey.set(`${slo.metric} ${slo.op}`, slo);
  return [...byKey.values()];
}

export function defaultSlos(): Slo[] {
  return Object.entries(DEFAULT_SLO_SOURCES).map(([metric, cond]) => parseCondition(metric, cond));
}

/** Read a figure by its dotted path (a Summary or a load level's figures); null when absent. */
export function metricValue(figures: object, metric: string): number | null {
  let node: unknown = figures;
  for (const key of metric.split('.')) {
    if (node === null || typeof node !== 'object') return null;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'number' && Number.isFinite(node) ? node : null;
}

export function judge(slo: Slo, actual: number | null): SloVerdict {
  let passed: boolean | null = null;
  if (actual !== null) {
    passed =
      slo.op === '<='
        ? actual <= slo.threshold
        : slo.op === '<'
          ? actual < slo.threshold
          : slo.op === '>='
            ? actual >= slo.threshold
            : actual > slo.threshold;
  }
  return { metric: slo.metric, op: slo.op, threshold: slo.threshold, actual, passed, source: slo.source };
}

export function judgeAll(slos: readonly Slo[], figures: object): SloVerdict[] {
  return slos.map((slo) => judge(slo, metricValue(figures, slo.metric)));
}

export function overallVerdict(verdicts: readonly SloVerdict[]): Verdict {
  if (verdicts.some((v) => v.passed === false)) return 'fail';
  if (verdicts.some((v) => v.passed === null)) return 'unknown';
  return 'pass';
}
