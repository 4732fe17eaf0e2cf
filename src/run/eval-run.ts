// One eval run end to end: header, turns.jsonl as turns finish, results.json at the end.
// Results already measured survive anything the target or the user does mid-run.
import { mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Results, RunHeader, Scenario, Slo, TurnRecord } from '../core/types.js';
import { HARNESS_VERSION } from '../core/version.js';
import { runSlos } from '../metrics/slo.js';
import { buildResults } from '../score/results.js';
import { writeResultsJson } from '../store/results-file.js';
import { TurnLog } from '../store/turn-log.js';
import type { ChatSender } from './conversation.js';
import { runAll } from './runner.js';
import { warmUpTarget } from './warm-up.js';

export interface EvalRunOptions {
  scenarios: Scenario[];
  sender: ChatSender;
  outDir: string;
  target: RunHeader['target'];
  stream: boolean;
  concurrency?: number;
  /** Extra SLOs (command line) replacing the scenarios' on the same metric. */
  slos?: Slo[];
  options?: Record<string, unknown>;
  /** The target's /v1/models answer. */
  serverModels?: unknown;
  signal?: AbortSignal;
  onRecord?: (record: TurnRecord) => void;
  now?: () => Date;
  /** Untimed requests before the run (run/warm-up.ts); the commands send 1 by default, here 0. */
  warmUpRequests?: number;
}

export interface EvalRunOutput {
  results: Results;
  resultsPath: string;
  turnsPath: string;
  aborted: boolean;
}

export function runHeader(options: EvalRunOptions, startedAt: Date): RunHeader {
  return {
    type: 'run',
    schemaVersion: 1,
    runId: `${startedAt.toISOString()}-${process.pid}`,
    harness: { name: 'chatproof', version: HARNESS_VERSION, node: process.version },
    startedAt: startedAt.toISOString(),
    target: options.target,
    scenarios: options.scenarios,
    options: { concurrency: options.concurrency ?? 1, ...options.options },
    machine: { platform: process.platform, arch: process.arch, cpus: os.cpus().length, hostname: os.hostname() },
    ...(options.serverModels !== undefined ? { server: { models: options.serverModels } } : {}),
  };
}

export async function executeEvalRun(options: EvalRunOptions): Promise<EvalRunOutput> {
  const now = options.now ?? (() => new Date());
  mkdirSync(options.outDir, { recursive: true });
  const turnsPath = path.join(options.outDir, 'turns.jsonl');
  const resultsPath = path.join(options.outDir, 'results.json');
  const warmUp = options.warmUpRequests
    ? { warmUp: await warmUpTarget({ ...options, model: options.target.model, requests: options.warmUpRequests }) }
    : {};
  const header = runHeader({ ...options, options: { ...options.options, ...warmUp } }, now());
  const log = new TurnLog(turnsPath, header);
  const records: TurnRecord[] = [];
  try {
    await runAll({
      scenarios: options.scenarios,
      sender: options.sender,
      stream: options.stream,
      model: options.target.model,
      concurrency: options.concurrency,
      signal: options.signal,
      onRecord: (record) => {
        log.append(record);
        records.push(record);
        options.onRecord?.(record);
      },
    });
  } finally {
    log.close();
  }
  const results = buildResults(header, records, now(), runSlos(options.scenarios, options.slos));
  writeResultsJson(resultsPath, results);
  return { results, resultsPath, turnsPath, aborted: options.signal?.aborted === true };
}
