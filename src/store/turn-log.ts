// turns.jsonl: the run header, then one line per finished turn, appended synchronously
// (read back by turn-log-reader.ts).
// A synchronous write per turn costs microseconds next to a model reply and means the line
// is in the OS's hands before the next request starts: Ctrl-C, a crash or a kill -9 of
// chatproof keeps every turn measured so far.
import { closeSync, openSync, writeSync } from 'node:fs';
import { ChatproofError, describeFileSystemError, EXIT } from '../core/errors.js';
import type { RunHeader, TurnChecksRecord, TurnRecord } from '../core/types.js';

export class TurnLog {
  private fd: number | undefined;
  private written = 0;

  constructor(
    readonly path: string,
    header: RunHeader,
  ) {
    try {
      this.fd = openSync(path, 'wx');
    } catch (error) {
      throw cannotWrite(path, error);
    }
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
    const fd = this.fd;
    this.fd = undefined;
    try {
      if (fd !== undefined) closeSync(fd);
    } catch {
      // Every line was written synchronously: a failing close loses nothing already reported.
    }
  }

  private writeLine(value: unknown): void {
    if (this.fd === undefined) throw new Error(`turn log ${this.path} is closed`);
    const line = `${JSON.stringify(value)}\n`;
    let written: number;
    try {
      written = writeSync(this.fd, line);
    } catch (error) {
      throw cannotWrite(this.path, error);
    }
    // A short write is a full disk that has not said so yet: the rest would be a torn line.
    if (written !== Buffer.byteLength(line)) {
      throw new ChatproofError(
        `${this.path}: cannot be written: only ${written} of ${Buffer.byteLength(line)} bytes of a line were taken ` +
          '(the disk is full or a file-size limit was reached).',
        EXIT.writeFailed,
      );
    }
  }
}

/** A turn log that cannot take another line: exit 5, naming the file and why. */
export function cannotWrite(file: string, error: unknown): ChatproofError {
  return new ChatproofError(`${file}: cannot be written: ${describeFileSystemError(error)}.`, EXIT.writeFailed);
}
