// Results rebuilt from turns.jsonl alone, for a run stopped before it wrote results.json (kill -9,
// a second Ctrl-C, a full disk, a machine that went down). Every figure is derived from the turn
// records, so the rebuilt results.json is the one the run would have written at that point.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ChatproofError, EXIT } from '../core/errors.js';
import type { Results, RunHeader, Slo, TurnRecord } from '../core/types.js';
import { runSlos } from '../metrics/slo.js';
import { buildResults } from '../score/results.js';
import { readTurnLogSync } from './turn-log-reader.js';

export interface RecoveredRun {
  results: Results;
  turnsPath: string;
  turns: number;
  /** A last line cut short mid-write (skipped): 0 or 1. */
  truncatedLines: number;
}

/** When the run ended, as far as its records tell: the end of its last reply. */
function lastActivity(header: RunHeader, records: readonly TurnRecord[]): Date {
  let end = Date.parse(header.startedAt);
  for (const r of records) end = Math.max(end, r.timing.sentAtEpochMs + (r.timing.endMs ?? 0));
  return new Date(end);
}

/** Results of the run folder `dir` rebuilt from its turns.jsonl (exit 2 when there is none or it is a load run). */
export function recoverResults(dir: string): RecoveredRun {
  const turnsPath = path.join(dir, 'turns.jsonl');
  if (!existsSync(turnsPath)) {
    throw new ChatproofError(
      `${dir}: holds no turns.jsonl, so there is nothing to recover. Give the folder of a chatproof eval run.`,
      EXIT.badInput,
    );
  }
  const { header, records, truncatedLines } = readTurnLogSync(turnsPath);
  if ((header.options as { mode?: unknown } | undefined)?.mode === 'load') {
    throw new ChatproofError(
      `${dir}: a load run stopped before its first level finished (results.json is written after every level). ` +
        "Its turns are in turns.jsonl, but a level's figures also need the harness health measured live: rerun " +
        'the load test.',
      EXIT.badInput,
    );
  }
  const extra = (header.options as { slo?: Slo[] } | undefined)?.slo ?? [];
  const results = buildResults(header, records, lastActivity(header, records), runSlos(header.scenarios, extra));
  results.run.options = { ...results.run.options, recoveredFrom: 'turns.jsonl' };
  return { results, turnsPath, turns: records.length, truncatedLines };
}

/** "recovered from turns.jsonl (12 turns; a torn last line skipped)": what a reader is told. */
export function describeRecovery(run: RecoveredRun): string {
  return (
    `recovered from turns.jsonl (${run.turns} turn${run.turns === 1 ? '' : 's'}` +
    `${run.truncatedLines > 0 ? '; a last line cut short mid-write was skipped' : ''})`
  );
}
