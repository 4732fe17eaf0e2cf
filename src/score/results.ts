// Assembles results.json from the run header and the turn records: every figure is derived,
// never measured twice. Pure.
import type { Results, RunHeader, Slo, TurnRecord } from '../core/types.js';
import { runSlos } from '../metrics/slo.js';
import { type JudgeRunInfo, judgeSummary } from './judge/summary.js';
import { summarize } from './summarize.js';

export function buildResults(header: RunHeader, records: TurnRecord[], endedAt: Date, slos?: Slo[]): Results {
  const scenarioSlos = slos ?? runSlos(header.scenarios);
  const derived = summarize(records, header.scenarios, scenarioSlos, { streamed: header.target.stream });
  const { type: _type, schemaVersion: _version, ...run } = header;
  const startedMs = Date.parse(header.startedAt);
  const judge = judgeSummary(records, header.options.judge as JudgeRunInfo | undefined);
  return {
    schemaVersion: 1,
    run: { ...run, endedAt: endedAt.toISOString(), durationMs: Math.max(0, endedAt.getTime() - startedMs) },
    ...derived,
    // Chunk arrival times stay in turns.jsonl: they are the bulk of the data and every
    // figure derived from them is already in the summary.
    turns: records.map((r) => ({ ...r, timing: { ...r.timing, contentChunkOffsetsMs: [] } })),
    ...(judge !== undefined && { judge }),
  };
}
