// The environment a run measured, from results.json alone, and what differs between two runs.
// A latency comparison is only fair when the same scenario ran from a like machine in the same
// mode; differences that change what is measured are "unfair", the rest are notes (a new model
// or server version is usually the very change being tested).
import type { Results } from '../core/types.js';
import type { FingerprintDifference } from './types.js';

/** Response headers that identify the server software; per-request ones (ids) are left out. */
const IDENTIFYING_HEADERS = ['server', 'openai-model', 'openai-version', 'via', 'content-type'];

export interface Fingerprint {
  harness: string;
  node: string;
  targetUrl: string;
  model: string;
  stream: string;
  concurrency: string;
  serverModels: string;
  headers: Record<string, string>;
  machine: { platform: string; arch: string; cpus: string; hostname: string };
  scenarios: Record<string, { hash: string; params: Record<string, string>; history: string; runs: string }>;
}

/** JSON with sorted keys, so two equal answers print the same. */
export function stableJson(value: unknown): string {
  if (value === undefined) return '(none)';
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b)))
      : v,
  );
}

export function fingerprint(results: Results): Fingerprint {
  const run = results.run;
  const headers: Record<string, string> = {};
  for (const name of IDENTIFYING_HEADERS) {
    const seen = new Set<string>();
    for (const turn of results.turns) {
      const v = turn.responseHeaders?.[name];
      if (v !== undefined && seen.size < 5) seen.add(v);
    }
    if (seen.size > 0) headers[name] = [...seen].sort().join(' | ');
  }
  const scenarios: Fingerprint['scenarios'] = {};
  for (const s of run.scenarios ?? []) {
    const params = Object.fromEntries(Object.entries(s.params ?? {}).map(([k, v]) => [k, stableJson(v)]));
    scenarios[s.name] = { hash: String(s.hash), params, history: String(s.history), runs: String(s.runs) };
  }
  return {
    harness: String(run.harness?.version),
    node: String(run.harness?.node),
    targetUrl: String(run.target?.baseUrl),
    model: String(run.target?.model ?? '(default)'),
    stream: String(run.target?.stream),
    concurrency: String((run.options as Record<string, unknown> | undefined)?.concurrency ?? 1),
    serverModels: stableJson(run.server?.models),
    headers,
    machine: {
      platform: String(run.machine?.platform),
      arch: String(run.machine?.arch),
      cpus: String(run.machine?.cpus),
      hostname: String(run.machine?.hostname ?? '(unknown)'),
    },
    scenarios,
  };
}

function short(text: string, max = 120): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Every difference between two fingerprints, unfair ones first. */
export function diffFingerprints(a: Fingerprint, b: Fingerprint): FingerprintDifference[] {
  const out: FingerprintDifference[] = [];
  const add = (field: string, x: string, y: string, severity: FingerprintDifference['severity'], why: string): void => {
    if (x !== y)
      out.push({
        field,
        baseline: short(x),
        candidate: short(y),
        severity,
        message: `${field} differs (${short(x, 60)} → ${short(y, 60)}): ${why}`,
      });
  };
  add('target.stream', a.stream, b.stream, 'unfair', 'streamed and non-streamed replies have different latency');
  add(
    'options.concurrency',
    a.concurrency,
    b.concurrency,
    'unfair',
    'latency under concurrent load is not single-user latency',
  );
  add('machine.platform', a.machine.platform, b.machine.platform, 'unfair', 'the client machine adds its own latency');
  add('machine.arch', a.machine.arch, b.machine.arch, 'unfair', 'the client machine adds its own latency');
  add('machine.cpus', a.machine.cpus, b.machine.cpus, 'unfair', 'a client with fewer cores can add latency under load');
  for (const name of Object.keys(a.scenarios)) {
    const x = a.scenarios[name];
    const y = b.scenarios[name];
    if (!y) continue;
    add(
      `scenario.${name}.hash`,
      x.hash,
      y.hash,
      'unfair',
      'the scenario asked different things (text, checks or overrides)',
    );
    // Parameter by parameter, so the message names what changed (temperature, max_tokens...).
    for (const key of [...new Set([...Object.keys(x.params), ...Object.keys(y.params)])].sort()) {
      add(
        `scenario.${name}.params.${key}`,
        x.params[key] ?? '(unset)',
        y.params[key] ?? '(unset)',
        'unfair',
        'sampling and history parameters change reply length and latency',
      );
    }
    add(`scenario.${name}.history`, x.history, y.history, 'unfair', 'live and recorded history send different prompts');
    add(`scenario.${name}.runs`, x.runs, y.runs, 'note', 'different sample sizes; the statistics account for it');
  }
  const onlyA = Object.keys(a.scenarios).filter((n) => !b.scenarios[n]);
  const onlyB = Object.keys(b.scenarios).filter((n) => !a.scenarios[n]);
  if (onlyA.length || onlyB.length) {
    out.push({
      field: 'scenarios',
      baseline: onlyA.join(', ') || '(none)',
      candidate: onlyB.join(', ') || '(none)',
      severity: 'note',
      message:
        `only scenarios present in both runs are compared (baseline only: ${onlyA.join(', ') || 'none'}; ` +
        `candidate only: ${onlyB.join(', ') || 'none'})`,
    });
  }
  for (const name of new Set([...Object.keys(a.headers), ...Object.keys(b.headers)])) {
    const severity = name === 'content-type' ? 'unfair' : 'note';
    add(
      `headers.${name}`,
      a.headers[name] ?? '(absent)',
      b.headers[name] ?? '(absent)',
      severity,
      severity === 'unfair' ? 'the server answered in a different format' : 'the server software or version changed',
    );
  }
  add('target.model', a.model, b.model, 'note', 'a different model');
  add('server.models', a.serverModels, b.serverModels, 'note', 'the server lists different models (/v1/models)');
  add('target.baseUrl', a.targetUrl, b.targetUrl, 'note', 'a different endpoint');
  add('machine.hostname', a.machine.hostname, b.machine.hostname, 'note', 'another client host (normal on CI runners)');
  add('harness.version', a.harness, b.harness, 'note', 'another chatproof version measured it');
  add('harness.node', a.node, b.node, 'note', 'another Node.js version ran the client');
  return out.sort((x, y) => (x.severity === y.severity ? 0 : x.severity === 'unfair' ? -1 : 1));
}
