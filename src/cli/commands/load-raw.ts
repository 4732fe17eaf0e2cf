// chatproof load --raw: endpoint capacity with autocannon, cross-checked with chatproof's client.
import { mkdirSync } from 'node:fs';
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
  o.io.stderr.write(
    `raw: autocannon, ${o.connections} connections, ${o.durationMs / 1000}s, non-streaming ` +
      `"${first.user.slice(0, 40)}"...\n`,
  );
  const ac = await runAutocannon({
    url: `${base}/chat/completions`,
    headers: key ? { authorization: `Bearer ${key}` } : {},
    body: JSON.stringify(buildRequestBody(request, o.model)),
    connections: o.connections,
    durationMs: o.durationMs,
    signal: o.signal,
  });
  o.io.stderr.write("raw: the same request through chatproof's client...\n");
  const own = o.signal.aborted
    ? undefined
    : await runClientLoop(o.client, request, o.connections, o.durationMs, o.signal);
  mkdirSync(o.outDir, { recursive: true });
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
  return o.signal.aborted ? EXIT.interrupted : EXIT.ok;
}
