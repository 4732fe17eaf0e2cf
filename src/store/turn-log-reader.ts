// The one reader of turns.jsonl: streamed line by line (a load run's log can hold millions of
// chunks), each line checked. A last line cut short is a run killed mid-write: skipped and
// counted. A bad line with lines after it is corruption: an input error (exit 2) naming the
// file and line, never a silent guess.
import { createReadStream, readFileSync } from 'node:fs';
import readline from 'node:readline';
import { ChatproofError, EXIT } from '../core/errors.js';
import type { RunHeader, TurnChecksRecord, TurnRecord } from '../core/types.js';

export interface TurnLogContents {
  header: RunHeader;
  records: TurnRecord[];
  /** A last line cut short by a crash mid-write: skipped, counted here (0 or 1). */
  truncatedLines: number;
}

export interface TurnLogScan {
  header: RunHeader;
  truncatedLines: number;
}

function corrupt(file: string, line: number, problem: string): never {
  throw new ChatproofError(
    `${file}:${line}: ${problem}. Lines follow it, so this is not a run cut short mid-write but a corrupt turn log. ` +
      "Restore turns.jsonl from the run's artifacts or rerun.",
    EXIT.badInput,
  );
}

/** What a parsed line must look like: the run header, or a turn record. */
function checkRecord(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const record = value as { type?: unknown; conversationId?: unknown; turn?: unknown; ok?: unknown; timing?: unknown };
  if (record.type === 'run') return null;
  if (record.type === 'checks') {
    const checks = (value as { checks?: unknown }).checks;
    if (typeof record.conversationId !== 'string' || typeof record.turn !== 'number' || !Array.isArray(checks)) {
      return 'a checks record without conversationId, turn or checks';
    }
    return null;
  }
  if (record.type !== 'turn') {
    return `unknown record type ${JSON.stringify(record.type)} (expected "run", "turn" or "checks")`;
  }
  if (typeof record.conversationId !== 'string' || typeof record.turn !== 'number' || typeof record.ok !== 'boolean') {
    return 'a turn record without conversationId, turn or ok';
  }
  const timing = record.timing as { contentChunkOffsetsMs?: unknown } | undefined;
  if (timing === null || typeof timing !== 'object') return 'a turn record without timing';
  if (timing.contentChunkOffsetsMs !== undefined && !Array.isArray(timing.contentChunkOffsetsMs)) {
    return 'timing.contentChunkOffsetsMs is not a list';
  }
  return null;
}

function unreadable(file: string, error: unknown): ChatproofError {
  const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  return new ChatproofError(`${file}: cannot be read (${why}).`, EXIT.badInput);
}

/** Every turn record handed to `visit` in file order; the header and the torn-line count returned. */
export async function scanTurnLog(
  file: string,
  visit: (record: TurnRecord) => void,
  visitChecks?: (record: TurnChecksRecord) => void,
): Promise<TurnLogScan> {
  let header: RunHeader | undefined;
  let lineNo = 0;
  // A line that did not parse: fatal once another non-empty line follows it, else a torn tail.
  let pending: { line: number; problem: string } | undefined;
  const input = createReadStream(file, { encoding: 'utf8' });
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      lineNo++;
      if (line.trim() === '') continue;
      if (pending) corrupt(file, pending.line, pending.problem);
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch (error) {
        pending = { line: lineNo, problem: `not a JSON line (${(error as Error).message})` };
        continue;
      }
      const problem = checkRecord(value);
      if (problem) corrupt(file, lineNo, problem);
      if ((value as { type: string }).type === 'run') {
        header ??= value as RunHeader;
        continue;
      }
      if (header === undefined) corrupt(file, lineNo, 'a turn record before the run header line');
      if ((value as { type: string }).type === 'checks') visitChecks?.(value as TurnChecksRecord);
      else visit(value as TurnRecord);
    }
  } catch (error) {
    if (error instanceof ChatproofError) throw error;
    throw unreadable(file, error);
  } finally {
    // An early throw leaves the file open otherwise (closing readline does not end its input).
    lines.close();
    input.destroy();
  }
  if (header === undefined) {
    throw new ChatproofError(
      `${file}: no run header line (the first line of a chatproof turns.jsonl); it is empty or not a chatproof turn ` +
        `log.`,
      EXIT.badInput,
    );
  }
  return { header, truncatedLines: pending ? 1 : 0 };
}

/**
 * Turn records in file order, each completed by the checks line that follows it (a checks line
 * of a turn never written is dropped): what both whole-log readers return.
 */
function turnCollector(): {
  records: TurnRecord[];
  turn: (r: TurnRecord) => void;
  checks: (c: TurnChecksRecord) => void;
} {
  const records: TurnRecord[] = [];
  const byTurn = new Map<string, TurnRecord>();
  return {
    records,
    turn(record) {
      records.push(record);
      byTurn.set(`${record.conversationId}\u0000${record.turn}`, record);
    },
    checks(line) {
      const record = byTurn.get(`${line.conversationId}\u0000${line.turn}`);
      if (record === undefined) return;
      record.checks = line.checks;
      if (line.judgeFailures !== undefined && line.judgeFailures.length > 0) record.judgeFailures = line.judgeFailures;
    },
  };
}

/** The whole log in memory: the header and every turn record. */
export async function readTurnLog(file: string): Promise<TurnLogContents> {
  const collect = turnCollector();
  const { header, truncatedLines } = await scanTurnLog(file, collect.turn, collect.checks);
  return { header, records: collect.records, truncatedLines };
}

/**
 * The whole log read synchronously, with the same rules (for readers that must stay synchronous,
 * such as results read back from a folder whose results.json was never written).
 */
export function readTurnLogSync(file: string): TurnLogContents {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw unreadable(file, error);
  }
  let header: RunHeader | undefined;
  const collect = turnCollector();
  let pending: { line: number; problem: string } | undefined;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    if (pending) corrupt(file, pending.line, pending.problem);
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      pending = { line: i + 1, problem: `not a JSON line (${(error as Error).message})` };
      continue;
    }
    const problem = checkRecord(value);
    if (problem) corrupt(file, i + 1, problem);
    if ((value as { type: string }).type === 'run') {
      header ??= value as RunHeader;
      continue;
    }
    if (header === undefined) corrupt(file, i + 1, 'a turn record before the run header line');
    if ((value as { type: string }).type === 'checks') collect.checks(value as TurnChecksRecord);
    else collect.turn(value as TurnRecord);
  }
  if (header === undefined) {
    throw new ChatproofError(
      `${file}: no run header line (the first line of a chatproof turns.jsonl); it is empty or not a chatproof turn ` +
        'log.',
      EXIT.badInput,
    );
  }
  return { header, records: collect.records, truncatedLines: pending ? 1 : 0 };
}
