// turns.jsonl: the run header, then one line per finished turn, appended synchronously
// (read back by turn-log-reader.ts).
// A synchronous write per turn costs microseconds next to a model reply and means the line
// is in the OS's hands before the next request starts: Ctrl-C, a crash or a kill -9 of
// chatproof keeps every turn measured so far.
import { closeSync, openSync, writeSync } from 'node:fs';
import type { RunHeader, TurnChecksRecord, TurnRecord } from '../core/types.js';

export class TurnLog {
  private fd: number | undefined;
  private written = 0;

  constructor(
    readonly path: string,
    header: RunHeader,
  ) {
    this.fd = openSync(path, 'wx');
    this.writeLine(header);
  }

  append(record: TurnRecord): void {
    this.writeLine(record);
    this.written++;
  }

  /** A turn's checks, after its record (the reply is on disk before any check runs). */
  appendChecks(record: TurnChecksRecord): void {
    this.writeLine(record);
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
    writeSync(this.fd, `${JSON.stringify(value)}\n`);
  }
}
