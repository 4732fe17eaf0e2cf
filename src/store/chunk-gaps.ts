// Chunk arrival times for the ITL comparison, read from turns.jsonl beside a results.json.
//
// results.json leaves contentChunkOffsetsMs out to stay small (report/results.ts, and load
// runs drop them from memory after each level), so turns.jsonl is the only place inter-token
// gaps can be resampled from. It can hold millions of chunks, so it is streamed line by line
// and only each ok turn's gaps are kept. Its rules are readTurnLog's (report/turn-log.ts): a
// last line cut short is a run killed mid-write and is skipped; a bad line with lines after it
// is corruption, an input error (exit 2) naming the file and line.
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import readline from 'node:readline';
import { CliError, EXIT } from '../core/errors.js';
import { pooledGapsMs } from '../score/latency.js';

export interface ChunkGaps {
  available: true;
  /** The turns.jsonl read. */
  file: string;
  /** runId of its header line, to check it belongs to the results.json beside it. */
  runId: string;
  /** Inter-chunk gaps of every ok turn, keyed by turnKey(); an empty array: no gaps (one chunk, or not streamed). */
  gaps: Map<string, number[]>;
  /** A last line cut short by a killed run: skipped (0 or 1). */
  truncatedLines: number;
}

/** No chunk times for this run, and why, in words a reader can act on. */
export interface NoChunkGaps {
  available: false;
  reason: string;
}

export type ChunkSource = ChunkGaps | NoChunkGaps;

export function turnKey(conversationId: string, turn: number): string {
  return `${conversationId}\u0000${turn}`;
}

/**
 * The gaps summarize.ts pools into the ITL figure (score/latency.ts): consecutive content chunks
 * of one turn, nothing before the first chunk (that is TTFT); non-finite values dropped as
 * score/stats.ts distribution() drops them.
 */
export function turnGaps(offsetsMs: readonly number[]): number[] {
  return pooledGapsMs(offsetsMs).filter((g) => Number.isFinite(g));
}

function corrupt(file: string, line: number, problem: string): never {
  throw new CliError(
    `${file}:${line}: ${problem}. Lines follow it, so this is not a run cut short mid-write but a corrupt turn log; ` +
      'inter-token latency cannot be compared from it. Restore turns.jsonl from the run\'s artifacts or rerun; to compare without ' +
      'inter-token latency, give the results.json alone (ITL is then reported as not compared).',
    EXIT.badInput,
  );
}

/** What a parsed line must look like: the run header, or a turn record. */
function checkRecord(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'not a JSON object';
  const record = value as { type?: unknown; conversationId?: unknown; turn?: unknown; ok?: unknown; timing?: { contentChunkOffsetsMs?: unknown } };
  if (record.type === 'run') return null;
  if (record.type !== 'turn') return `unknown record type ${JSON.stringify(record.type)} (expected "run" or "turn")`;
  if (typeof record.conversationId !== 'string' || typeof record.turn !== 'number' || typeof record.ok !== 'boolean') {
    return 'a turn record without conversationId, turn or ok';
  }
  const offsets = record.timing?.contentChunkOffsetsMs;
  if (offsets !== undefined && !Array.isArray(offsets)) return 'timing.contentChunkOffsetsMs is not a list';
  return null;
}

/**
 * The chunk gaps of the run whose results.json is `resultsFile`, from the turns.jsonl in the
 * same folder. No turns.jsonl there (a bare results.json was given) is not an error: ITL is then
 * reported as not compared, with this reason.
 */
export async function readChunkGaps(resultsFile: string): Promise<ChunkSource> {
  const file = path.join(path.dirname(resultsFile), 'turns.jsonl');
  try {
    await stat(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return {
        available: false,
        reason: `${resultsFile} has no turns.jsonl beside it, and chunk arrival times are kept only there (results.json leaves them out)`,
      };
    }
    throw new CliError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, EXIT.badInput);
  }
  const gaps = new Map<string, number[]>();
  let runId: string | undefined;
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
      const record = value as { type: string; runId?: unknown; conversationId: string; turn: number; ok: boolean; timing?: { contentChunkOffsetsMs?: number[] } };
      if (record.type === 'run') {
        runId ??= String(record.runId);
        continue;
      }
      if (runId === undefined) corrupt(file, lineNo, 'a turn record before the run header line');
      // Failed turns are not in the ITL figure (score/latency.ts): only ok turns are kept.
      if (record.ok) gaps.set(turnKey(record.conversationId, record.turn), turnGaps(record.timing?.contentChunkOffsetsMs ?? []));
    }
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw new CliError(`${file}: cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`, EXIT.badInput);
  } finally {
    // An early throw leaves the file open otherwise (closing readline does not end its input).
    lines.close();
    input.destroy();
  }
  if (runId === undefined) {
    throw new CliError(`${file}: no run header line (the first line of a chatproof turns.jsonl); it is empty or not a chatproof turn log. Remove it to compare without inter-token latency.`, EXIT.badInput);
  }
  return { available: true, file, runId, gaps, truncatedLines: pending ? 1 : 0 };
}
