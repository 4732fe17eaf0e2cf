// SLOs for load levels: everything `--slo` accepts for eval, plus the figures only a load level
// has: client queue time, latency from the intended start, goodput and request rate.
import { parseSloExpression, SloSyntaxError } from '../metrics/slo.js';
import type { Slo } from '../core/types.js';

const LATENCY_ROOTS: Record<string, string> = {
  queue: 'latency.queuedMs', queuedMs: 'latency.queuedMs', 'latency.queuedMs': 'latency.queuedMs',
  e2e_from_intended: 'latency.e2eFromIntendedMs', e2eFromIntendedMs: 'latency.e2eFromIntendedMs', 'latency.e2eFromIntendedMs': 'latency.e2eFromIntendedMs',
};
const LATENCY = /^\s*([A-Za-z_][\w.]*)\.(p50|p90|p95|p99|max|min|mean)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*(ms|s)?\s*$/;
const RATE = /^\s*(goodput|goodputRate|goodput_rate|requestsPerSecond|requests_per_second)\s*(<=|>=|<|>)\s*(\d+(?:\.\d+)?)\s*(%|\/s)?\s*$/;

export { SloSyntaxError };

export function parseLoadSlo(expression: string): Slo {
  const latency = LATENCY.exec(expression);
  const root = latency ? LATENCY_ROOTS[latency[1]!] : undefined;
  if (latency && root) {
    const threshold = Number(latency[4]) * (latency[5] === 's' ? 1000 : 1);
    return { metric: `${root}.${latency[2]}`, op: latency[3] as Slo['op'], threshold, source: expression.trim() };
  }
  const rate = RATE.exec(expression);
  if (rate) {
    const name = rate[1]!;
    const metric = name.startsWith('goodput') ? (name === 'goodput' ? 'goodput' : 'goodputRate') : 'requestsPerSecond';
    let threshold = Number(rate[3]);
    if (metric === 'goodputRate') {
      if (rate[4] === '%') threshold /= 100;
      else if (rate[4] || threshold > 1) throw new SloSyntaxError(`SLO "${expression}": goodputRate is a share of conversations; write "90%" or "0.9"`);
    } else if (rate[4] === '%') {
      throw new SloSyntaxError(`SLO "${expression}": ${metric} is per second; write e.g. "${name}>=2/s"`);
    }
    return { metric, op: rate[2] as Slo['op'], threshold, source: expression.trim() };
  }
  return parseSloExpression(expression);
}
