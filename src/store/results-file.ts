// Assembles results.json from the turn records: every figure is derived, never measured twice.
import { renameSync, writeFileSync } from 'node:fs';
import { runSlos } from '../metrics/slo.js';
import { summarize } from '../score/summarize.js';
import type { Results, RunHeader, Slo, TurnRecord } from '../core/types.js';

export function buildResults(header: RunHeader, records: TurnRecord[], endedAt: Date, slos?: Slo[]): Results {
  const scenarioSlos = slos ?? runSlos(header.scenarios);
  const derived = summarize(records, header.scenarios, scenarioSlos);
  const { type: _type, schemaVersion: _version, ...run } = header;
  const startedMs = Date.parse(header.startedAt);
  return {
    schemaVersion: 1,
    run: { ...run, endedAt: endedAt.toISOString(), durationMs: Math.max(0, endedAt.getTime() - startedMs) },
    ...derived,
    // Chunk arrival times stay in turns.jsonl: they are the bulk of the data and every
    // figure derived from them is already in the summary.
    turns: records.map((r) => ({ ...r, timing: { ...r.timing, contentChunkOffsetsMs: [] } })),
  };
}

/** Write via a temporary file and rename, so a reader never sees half a results.json. */
export function writeResultsJson(path: string, results: Results): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(results, null, 2) + '\n');
  renameSync(tmp, path);
}
