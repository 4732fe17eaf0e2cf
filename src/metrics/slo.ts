// SLOs: parse "metric op threshold" conditions and judge a summary against them.
// Shared by scenario files (`slo:` map), the CLI (`--slo`), and the gate.
import type { Slo, SloVerdict, Summary } from '../core/types.js';

/** The seed article's three acceptance metrics. */
export const DEFAULT_SLO_SOURCES: Record<string, string> = {
  contextAccuracy: '>= 90%',
  'latency.e2eMs.p95': '<= 800ms',
  interruptionRate: '<= 2%',
};

// Short names people type; each maps to a dotted path into Summary.
const ALIASES: Record<string, string> = {
  context_accuracy: 'contextAccuracy',
  accuracy: 'contextAccuracy',
  interruption_rate: 'interruptionRate',
  interruptions: 'interruptionRate',
  ttft: 'latency.ttftMs',
  e2e: 'latency.e2eMs',
  itl: 'latency.itlMs',
  tpot: 'latency.tpotMs',
  ttfo: 'latency.ttfoMs',
  response_time: 'latency.e2eMs',
  tokens_per_second: 'tokensPerSecond',
  output_tokens_per_second: 'outputTokensPerSecond',
};

const LATENCY_ROOTS = ['latency.ttftMs', 'latency.e2eMs', 'latency.itlMs', 'latency.tpotMs', 'latency.ttfoMs', 'tokensPerSecond'];
const STATS = ['p50', 'p90', 'p95', 'p99', 'max', 'min', 'mean'];
const SCALARS = ['contextAccuracy', 'interruptionRate', 'outputTokensPerSecond', 'memoryChecks.rate', 'allChecks.rate'];

/** Every metric path an SLO may name. */
export const SLO_METRICS: readonly string[] = [
  ...SCALARS,
  ...LATENCY_ROOTS.flatMap((root) => STATS.map((s) => `${root}.${s}`)),
];

const RATE_METRICS = new Set(['contextAccuracy', 'interruptionRate', 'memoryChecks.rate', 'allChecks.rate']);

export class SloSyntaxError extends Error {}

/** Resolve aliases: "e2e.p95" -> "latency.e2eMs.p95", "accuracy" -> "contextAccuracy". */
export function resolveMetric(name: string): string {
  const trimmed = name.trim();
  if (ALIASES[trimmed] && !ALIASES[trimmed].startsWith('latency.') && ALIASES[trimmed] !== 'tokensPerSecond') return ALIASES[trimmed];
  const dot = trimmed.lastIndexOf('.');
  if (dot > 0) {
    const head = trimmed.slice(0, dot);
    const tail = trimmed.slice(dot + 1);
    const root = ALIASES[head] ?? (head.startsWith('latency.') || head === 'tokensPerSecond' ? head : `latency.${head}`);
    const candidate = `${root}.${tail}`;
    if (SLO_METRICS.includes(candidate)) return candidate;
  }
  return ALIASES[trimmed] ?? trimmed;
}

const CONDITION = /^\s*(<=|>=|<|>|≤|≥)\s*(-?\d+(?:\.\d+)?)\s*(%|ms|s|tok\/s)?\s*$/;

/**
 * Parse one condition for a metric, e.g. (">= 90%") for contextAccuracy or ("<= 0.8s") for latency.
 * Rates accept "90%" or "0.9"; latencies accept "800", "800ms" or "0.8s".
 */
export function parseCondition(metricName: string, condition: string): Slo {
  const metric = resolveMetric(metricName);
  const source = `${metricName} ${condition}`.trim();
  if (!SLO_METRICS.includes(metric)) {
    throw new SloSyntaxError(`unknown SLO metric "${metricName}"${suggest(metricName)}; known: ${SLO_METRICS.join(', ')}`);
  }
  const m = CONDITION.exec(condition);
  if (!m) {
    throw new SloSyntaxError(`SLO "${source}": expected a comparison such as "<= 800ms" or ">= 90%"`);
  }
  const op = ({ '≤': '<=', '≥': '>=' } as Record<string, Slo['op']>)[m[1]] ?? (m[1] as Slo['op']);
  let threshold = Number(m[2]);
  const unit = m[3];
  if (RATE_METRICS.has(metric)) {
    if (unit === '%') threshold /= 100;
    else if (unit) throw new SloSyntaxError(`SLO "${source}": ${metric} is a rate; write a percentage ("90%") or a fraction ("0.9")`);
    else if (threshold > 1) throw new SloSyntaxError(`SLO "${source}": ${metric} is a fraction between 0 and 1; did you mean "${m[2]}%"?`);
  } else if (metric.startsWith('latency.')) {
    if (unit === 's') threshold *= 1000;
    else if (unit && unit !== 'ms') throw new SloSyntaxError(`SLO "${source}": ${metric} is a time; write "800ms" or "0.8s"`);
  } else if (unit === '%' || unit === 'ms' || unit === 's') {
    throw new SloSyntaxError(`SLO "${source}": ${metric} is in tokens per second; write a plain number`);
  }
  return { metric, op, threshold, source };
}

/** Parse a whole expression from the command line: "e2e.p95<=800ms". */
export function parseSloExpression(expression: string): Slo {
  const m = /^\s*([A-Za-z_][\w.]*)\s*((?:<=|>=|<|>|≤|≥).*)$/.exec(expression);
  if (!m) throw new SloSyntaxError(`SLO "${expression}": expected METRIC OP VALUE, e.g. "e2e.p95<=800ms" or "contextAccuracy>=0.9"`);
  return parseCondition(m[1], m[2]);
}

/** Merge SLO sets: later ones replace earlier ones on the same metric. */
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
export function runSlos(scenarios: ReadonlyArray<{ slo: Slo[] }>, extra: Slo[] = []): Slo[] {
  const byKey = new Map<string, Slo>();
  for (const scenario of scenarios) {
    for (const slo of scenario.slo) if (!byKey.has(`${slo.metric} ${slo.op}`)) byKey.set(`${slo.metric} ${slo.op}`, slo);
  }
  for (const slo of extra) for (const key of [...byKey.keys()]) if (key.startsWith(`${slo.metric} `)) byKey.delete(key);
  for (const slo of extra) byKey.set(`${slo.metric} ${slo.op}`, slo);
  return [...byKey.values()];
}

export function defaultSlos(): Slo[] {
  return Object.entries(DEFAULT_SLO_SOURCES).map(([metric, cond]) => parseCondition(metric, cond));
}

/** Read a dotted path from the summary; null when absent or not a number. */
export function metricValue(summary: Summary, metric: string): number | null {
  let node: unknown = summary;
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
      slo.op === '<=' ? actual <= slo.threshold
      : slo.op === '<' ? actual < slo.threshold
      : slo.op === '>=' ? actual >= slo.threshold
      : actual > slo.threshold;
  }
  return { metric: slo.metric, op: slo.op, threshold: slo.threshold, actual, passed, source: slo.source };
}

export function judgeAll(slos: Slo[], summary: Summary): SloVerdict[] {
  return slos.map((slo) => judge(slo, metricValue(summary, slo.metric)));
}

export function overallVerdict(verdicts: SloVerdict[]): Summary['verdict'] {
  if (verdicts.some((v) => v.passed === false)) return 'fail';
  if (verdicts.some((v) => v.passed === null)) return 'unknown';
  return 'pass';
}

function suggest(name: string): string {
  const best = closest(resolveMetric(name), SLO_METRICS);
  return best ? ` (did you mean "${best}"?)` : '';
}

/** Closest candidate by edit distance, or undefined when nothing is near. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(word.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
