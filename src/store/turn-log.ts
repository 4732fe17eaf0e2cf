// turns.jsonl: the run header, then one line per finished turn, appended synchronously.
// A synchronous write per turn costs microseconds next to a model reply and means the line
// is in the OS's hands before the next request starts: Ctrl-C, a crash or a kill -9 of
// chatproof keeps every turn measured so far.
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import type { RunHeader, TurnRecord } from '../core/types.js';

export class TurnLog {
  private fd: number | undefined;
  private written = 0;

  constructor(readonly path: string, header: RunHeader) {
    this.fd = openSync(path, 'wx');
    this.writeLine(header);
  }

  append(record: TurnRecord): void {
    this.writeLine(record);
    this.written++;
  }

  get turnsWritten(): number {
    return this.written;
  }

  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
  }

  private writeLine(value: unknown): void {
    if (this.fd === undefined) throw new Error(`turn log ${this.path} is closed`);
    writeSync(this.fd, JSON.stringify(value) + '\n');
  }
}

export interface TurnLogContents {
  header: RunHeader;
  records: TurnRecord[];
  /** A last line cut short by a crash mid-write: skipped, counted here. */
  truncatedLines: number;
}

export class TurnLogError extends Error {}

/** Read a turns.jsonl back; tolerates a torn last line, rejects anything else malformed. */
export function readTurnLog(path: string): TurnLogContents {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new TurnLogError(`cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const lines = text.split('\n');
  let truncatedLines = 0;
  let header: RunHeader | undefined;
  const records: TurnRecord[] = [];
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let value: { type?: string };
    try {
      value = JSON.parse(line);
    } catch {
      const isLast = lines.slice(i + 1).every((rest) => rest.trim() === '');
      if (isLast) {
        truncatedLines++;
        return;
      }
      throw new TurnLogError(`${path}:${i + 1}: not a JSON line; the turn log is corrupt`);
    }
    if (value.type === 'run') header = value as RunHeader;
    else if (value.type === 'turn') records.push(value as TurnRecord);
    else throw new TurnLogError(`${path}:${i + 1}: unknown record type ${JSON.stringify(value.type)}`);
  });
  if (!header) throw new TurnLogError(`${path}: no run header line; is this a chatproof turns.jsonl?`);
  return { header, records, truncatedLines };
}
