// chatproof load --raw: endpoint capacity with autocannon, cross-checked with chatproof's client.
import path from 'node:path';
import { apiKeyFromEnv, buildRequestBody, type ChatClient, normalizeBaseUrl } from '../../client/index.js';
import { EXIT } from '../../core/errors.js';
import { redactUrl } from '../../core/redact.js';
import type { ChatRequest, Results, Scenario } from '../../core/types.js';
import { runAutocannon, runClientLoop } from '../../load/raw.js';
import { renderLoadSummary } from '../../report/terminal/load.js';
import type { Palette } from '../../report/text.js';
import { runHeader } from '../../run/eval-run.js';
import { buildResults } from '../../score/results.js';
import { writeResultsJson } from '../../store/results-file.js';

export interface RawModeOptions {
  client: ChatClient;
  scenario: Scenario;
  baseUrl: string;
  model: string;
  connections: number;
  durationMs: number;
  outDir: string;
  signal: AbortSignal;
  io: { stdout: { write(t: string): unknown }; stderr: { write(t: string): unknown } };
  palette: Palette;
}

export async function runRawMode(o: RawModeOptions): Promise<number> {
  const first = o.scenario.turns[0]!;
  const request: ChatRequest = {
    messages: [
      ...(o.scenario.system ? [{ role: 'system' as const, content: o.scenario.system }] : []),
      { role: 'user', content: first.user },
    ],
    params: { ...o.scenario.params, model: o.scenario.params.model ?? o.model },
    stream: false,
  };
  const key = apiKeyFromEnv();
  const base = normalizeBaseUrl(o.baseUrl);
  // The endpoint as chatproof's client calls it: path, then the base URL's query (api-version,
  // a key), and user:pass@ as Basic auth, never spliced into the path.
  const parsed = new URL(base);
  const url = `${parsed.origin}${parsed.pathname}/chat/completions${parsed.search}`;
  const basic =
    parsed.username || parsed.password
      ? Buffer.from(`${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`).toString('base64')
      : undefined;
  const authorization = key ? `Bearer ${key}` : basic ? `Basic ${basic}` : undefined;
  o.io.stderr.write(
    `raw: autocannon, ${o.connections} connections, ${o.durationMs / 1000}s, non-streaming ` +
      `"${first.user.slice(0, 40)}"...\n`,
  );
  const ac = await runAutocannon({
    url,
    headers: authorization ? { authorization } : {},
    body: JSON.stringify(buildRequestBody(request, o.model)),
    connections: o.connections,
    durationMs: o.durationMs,
    signal: o.signal,
  });
  o.io.stderr.write("raw: the same request through chatproof's client...\n");
  const own = o.signal.aborted
    ? undefined
    : await runClientLoop(o.client, request, o.connections, o.durationMs, o.signal);
  const header = runHeader(
    {
      scenarios: [o.scenario],
      sender: o.client,
      outDir: o.outDir,
      stream: false,
      target: { baseUrl: redactUrl(base), model: o.model, stream: false },
      options: { mode: 'load-raw', connections: o.connections },
    },
    new Date(),
  );
  const results: Results = {
    ...buildResults(header, [], new Date()),
    load: {
      schemaVersion: 1,
      shape: 'closed',
      seed: 0,
      shards: ['1/1'],
      slos: [],
      levels: [],
      raw: { ...ac, ...(own ? { chatproof: own } : {}) },
    },
  };
  const resultsPath = path.join(o.outDir, 'results.json');
  writeResultsJson(resultsPath, results);
  o.io.stdout.write(renderLoadSummary(results.load!, o.palette, resultsPath));
  if (o.signal.aborted) return EXIT.interrupted;
  return rawVerdict(ac, own, o.io.stderr);
}

/** More failed requests than this share and the capacity figure is not one: exit 1. */
export const RAW_FAILURE_BUDGET = 0.02;

/**
 * A capacity figure counts answers, so failed requests must say so: non-2xx answers and transport
 * errors (autocannon's and chatproof's client's) beyond 2% fail the run (exit 1), and a target
 * neither tool ever got an answer from is unreachable (exit 3).
 */
export function rawVerdict(
  ac: { requests: number; errors: number; non2xx: number },
  own: { requests: number } | undefined,
  stderr: { write(t: string): unknown },
): number {
  const attempts = ac.requests + ac.errors;
  const failed = ac.non2xx + ac.errors;
  const answered = ac.requests - ac.non2xx;
  if (attempts === 0 || (answered === 0 && ac.non2xx === 0 && (own?.requests ?? 0) === 0)) {
    stderr.write(
      `chatproof load --raw: no request got an answer (${ac.errors} connection errors or timeouts); the target is ` +
        'unreachable.\n',
    );
    return EXIT.unreachable;
  }
  const share = attempts > 0 ? failed / attempts : 0;
  if (share > RAW_FAILURE_BUDGET) {
    stderr.write(
      `chatproof load --raw: ${failed.toLocaleString('en-US')} of ${attempts.toLocaleString('en-US')} requests ` +
        `failed (${ac.non2xx.toLocaleString('en-US')} non-2xx answers, ${ac.errors.toLocaleString('en-US')} ` +
        `connection errors or timeouts): ${(share * 100).toFixed(1)}%, over the ${RAW_FAILURE_BUDGET * 100}% a ` +
        'capacity figure tolerates. The requests/s above count failures, not capacity.\n',
    );
    return EXIT.sloFailed;
  }
  return EXIT.ok;
}
