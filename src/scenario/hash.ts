// A stable fingerprint of what a scenario asks, independent of key order and file location.
import { createHash } from 'node:crypto';
import type { Scenario } from '../core/types.js';

/** JSON with object keys sorted at every depth and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  const entries = Object.keys(value)
    .sort()
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
  return `{${entries.join(',')}}`;
}

/** sha256 hex of the canonical JSON of the scenario without `file` and `hash`. */
export function scenarioHash(scenario: Omit<Scenario, 'hash'> & { hash?: string }): string {
  const { file: _file, hash: _hash, ...content } = scenario;
  // SLOs hash by meaning, not spelling: "e2e.p95 <= 800ms" and "latency.e2eMs.p95 <= 0.8s" are one goal.
  const slo = content.slo.map(({ source: _source, ...meaning }) => meaning);
  return createHash('sha256')
    .update(canonicalJson({ ...content, slo }))
    .digest('hex');
}
