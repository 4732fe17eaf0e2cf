// Chunk arrival times for the ITL comparison, read from turns.jsonl beside a results.json.
//
// results.json leaves contentChunkOffsetsMs out to stay small (load runs also drop them from
// memory after each level), so turns.jsonl is the only place inter-token gaps can be resampled
// from. It is read by the one turn-log reader, keeping only each ok turn's gaps.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ChatproofError, EXIT } from '../core/errors.js';
import { chunkGapsMs } from '../metrics/registry.js';
import { scanTurnLog } from './turn-log-reader.js';

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
        reason:
          `${resultsFile} has no turns.jsonl beside it, and chunk arrival times are kept only there ` +
          '(results.json leaves them out)',
      };
    }
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ChatproofError(`${file}: cannot be read (${why}).`, EXIT.badInput);
  }
  const gaps = new Map<string, number[]>();
  try {
    const { header, truncatedLines } = await scanTurnLog(file, (record) => {
      // Failed turns are not in the ITL figure: only ok turns are kept.
      if (record.ok)
        gaps.set(turnKey(record.conversationId, record.turn), chunkGapsMs(record.timing.contentChunkOffsetsMs ?? []));
    });
    return { available: true, file, runId: String(header.runId), gaps, truncatedLines };
  } catch (error) {
    if (!(error instanceof ChatproofError)) throw error;
    throw new ChatproofError(
      `${error.message} Inter-token latency cannot be compared from it; to compare without it, give the results.json ` +
        'alone (ITL is then reported as not compared).',
      error.exitCode,
    );
  }
}
