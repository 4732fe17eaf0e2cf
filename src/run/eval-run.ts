// One eval run end to end: header, turns.jsonl as turns finish, results.json at the end.
// Results already measured survive anything the target or the user does mid-run.
import os from 'node:os';
import path from 'node:path';
import { ChatproofError } from '../core/errors.js';
import type { Results, RunHeader, Scenario, Slo, TurnChecksRecord, TurnRecord } from '../core/types.js';
import { HARNESS_VERSION } from '../core/version.js';
import { runSlos } from '../metrics/slo.js';
import { buildResults } from '../score/results.js';
import { ensureFolder } from '../store/out-dir.js';
import { writeResultsJson } from '../store/results-file.js';
import { TurnLog } from '../store/turn-log.js';
import type { ChatSender } from './conversation.js';
import type { Judge } from './judge.js';
import { runAll } from './runner.js';
import type { SimulatedUser } from './simulate.js';
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
  /** Judged checks go to this judge; without one they are reported as not judged. */
  judge?: Judge;
  /** The user model of scenarios with `simulate:`. */
  user?: SimulatedUser;
  now?: () => Date;
  /** Untimed requests before the run (run/warm-up.ts); the commands send 1 by default, here 0. */
  warmUpRequests?: number;
}

export interface EvalRunOutput {
  results: Results;
  resultsPath: string;
  turnsPath: string;
  aborted: boolean;
  /** An output stopped taking writes (disk full...): the run stopped there; see WriteFailure. */
  writeFailure?: WriteFailure;
}

/** What was kept when an output could not be written mid-run. */
export interface WriteFailure {
  /** The first write error, one sentence naming the file (a ChatproofError, exit 5). */
  error: ChatproofError;
  /** Turns in turns.jsonl (the header aside). */
  turnsSaved: number;
  /** Turns measured after turns.jsonl stopped taking lines: in results.json if that was written. */
  turnsUnsaved: number;
  resultsWritten: boolean;
}

/**
 * The run's turn log with the rule for a full disk: the first failed write stops the run (its
 * signal), later records are kept in memory only, and the caller learns what reached the disk.
 */
export class GuardedTurnLog {
  readonly stop = new AbortController();
  failure: ChatproofError | undefined;
  unsaved = 0;

  constructor(private readonly log: TurnLog) {}

  append(record: TurnRecord): void {
    this.guard(() => this.log.append(record), true);
  }

  /** A turn's checks line: lost with the disk like the turns after it, never a crash. */
  appendChecks(record: TurnChecksRecord): void {
    this.guard(() => this.log.appendChecks(record), false);
  }

  private guard(write: () => void, isTurn: boolean): void {
    if (this.failure) {
      if (isTurn) this.unsaved++;
      return;
    }
    try {
      write();
    } catch (error) {
      if (!(error instanceof ChatproofError)) throw error;
      this.failure = error;
      if (isTurn) this.unsaved++;
      this.stop.abort();
    }
  }

  close(): void {
    this.log.close();
  }

  /** Write results.json unless it cannot be; the outcome for the caller. */
  finish(write: () => void): WriteFailure | undefined {
    let resultsWritten = true;
    try {
      write();
    } catch (error) {
      if (!(error instanceof ChatproofError)) throw error;
      this.failure ??= error;
      resultsWritten = false;
    }
    if (!this.failure) return undefined;
    return { error: this.failure, turnsSaved: this.log.turnsWritten, turnsUnsaved: this.unsaved, resultsWritten };
  }
}

/** Stops when the user does or when an output cannot be written. */
export function anySignal(outer: AbortSignal | undefined, inner: AbortSignal): AbortSignal {
  return outer ? AbortSignal.any([outer, inner]) : inner;
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
  ensureFolder(options.outDir);
  const turnsPath = path.join(options.outDir, 'turns.jsonl');
  const resultsPath = path.join(options.outDir, 'results.json');
  const warmUp = options.warmUpRequests
    ? { warmUp: await warmUpTarget({ ...options, model: options.target.model, requests: options.warmUpRequests }) }
    : {};
  const header = runHeader({ ...options, options: { ...options.options, ...warmUp } }, now());
  const log = new GuardedTurnLog(new TurnLog(turnsPath, header));
  const records: TurnRecord[] = [];
  try {
    await runAll({
      scenarios: options.scenarios,
      sender: options.sender,
      stream: options.stream,
      model: options.target.model,
      concurrency: options.concurrency,
      signal: anySignal(options.signal, log.stop.signal),
      judge: options.judge,
      user: options.user,
      onRecord: (record) => {
        // On disk first: whatever happens next (a crash, a kill), this turn is kept.
        log.append(record);
        records.push(record);
        options.onRecord?.(record);
      },
      onChecks: (record) => {
        const { conversationId, turn, checks, judgeFailures } = record;
        log.appendChecks({ type: 'checks', conversationId, turn, checks, ...(judgeFailures && { judgeFailures }) });
      },
    });
  } finally {
    log.close();
  }
  const results = buildResults(header, records, now(), runSlos(options.scenarios, options.slos));
  const writeFailure = log.finish(() => writeResultsJson(resultsPath, results));
  return {
    results,
    resultsPath,
    turnsPath,
    aborted: options.signal?.aborted === true,
    ...(writeFailure ? { writeFailure } : {}),
  };
}
