// The gate after a run (eval --baseline ...) or on saved results (chatproof gate / compare):
// judge a load run's levels, compare with the baseline if any, and decide the exit code. Returns
// plain data; the command line renders and writes the CI outputs (cli/gate-outputs.ts).
import path from 'node:path';
import { compareResults } from '../compare/eval-runs.js';
import { compareLoadRuns } from '../compare/load-runs.js';
import { assertSameKind, isLoadRun } from '../compare/run-kind.js';
import type { CompareOptions, Comparison } from '../compare/types.js';
import { ChatproofError } from '../core/errors.js';
import type { Results, Slo } from '../core/types.js';
import { type ChunkSource, readChunkGaps } from '../store/chunk-gaps.js';
import { readResultsFile, resolveResultsPath } from '../store/results-file.js';
import type { BaselineRuns } from './baseline-history.js';
import { decide } from './decide.js';
import { judgeLoadRun, type LoadGateOptions } from './load-gate.js';
import type { LoadGate } from './types.js';

export interface GateRunOptions {
  /** results.json or run folder of the baseline run. */
  baselinePath?: string;
  /** An already loaded baseline (chatproof eval); wins over baselinePath. */
  baseline?: Results;
  /** Baseline run(s) already read, a history included (chatproof gate / compare); wins over both. */
  baselines?: BaselineRuns;
  failInconclusive?: boolean;
  /** Relative latency tolerance, 0.1 = +10%. */
  tolerance?: number;
  compare?: CompareOptions;
  /** The candidate's run folder (its results.json and turns.jsonl). */
  outDir: string;
  /** Load runs: --slo given on the command line (eval runs arrive already re-judged). */
  extraSlos?: Slo[];
  /** Load runs: --at-load and --min-knee. */
  loadGate?: LoadGateOptions;
  /** File names for error messages (default: the baseline path, <outDir>/results.json). */
  baselineFile?: string;
  candidateFile?: string;
}

export interface GateOutcome {
  exitCode: number;
  /** The newest baseline run (the one whose setup the fingerprints compare). */
  baseline?: Results;
  /** Every baseline run pooled, newest first (one unless a history was given). */
  baselineRuns?: Results[];
  comparison?: Comparison;
  /** Load runs: every level's SLO verdicts and the gate's decisions. */
  loadGate?: LoadGate;
}

export async function gateRun(results: Results, options: GateRunOptions): Promise<GateOutcome> {
  const single =
    options.baseline ?? (options.baselinePath !== undefined ? readResultsFile(options.baselinePath) : undefined);
  const candidateFile = options.candidateFile ?? path.join(options.outDir, 'results.json');
  const singleFile =
    options.baselineFile ?? (options.baselinePath !== undefined ? resolveResultsPath(options.baselinePath) : undefined);
  const runs = options.baselines?.runs ?? (single ? [single] : []);
  const files: Array<string | undefined> = options.baselines?.files ?? [singleFile];
  const baseline = runs[0];
  runs.forEach((b, i) => {
    assertSameKind(b, files[i] ?? 'the baseline', results, candidateFile);
  });
  const load = isLoadRun(results);
  const asked = options.loadGate ?? {};
  if (!load && ((asked.atLoads?.length ?? 0) > 0 || asked.minKnee !== undefined)) {
    throw new ChatproofError(
      `--at-load and --min-knee judge the levels of a load run ("chatproof load"); ${candidateFile} is an eval run ` +
        '(single-user figures, no load levels).',
    );
  }
  const loadGate = load
    ? judgeLoadRun(results, options.extraSlos ?? [], { ...asked, source: candidateFile })
    : undefined;
  let comparison: Comparison | undefined;
  if (baseline) {
    const compareOptions = {
      ...options.compare,
      ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}),
    };
    // Chunk arrival times (ITL) are only in turns.jsonl beside each results.json; a baseline
    // given as an object without its file has none to offer, and the ITL rows say so.
    const [itlC, ...itlB] = await Promise.all([
      readChunkGaps(candidateFile),
      ...runs.map((_, i) =>
        files[i] !== undefined ? readChunkGaps(files[i]!) : Promise.resolve<ChunkSource | undefined>(undefined),
      ),
    ]);
    const itl = { baseline: itlB[0], candidate: itlC };
    comparison = loadGate
      ? compareLoadRuns(baseline, results, loadGate.slos, compareOptions, itl)
      : compareResults(runs, results, compareOptions, itl, itlB);
    if (options.baselines?.history) comparison = { ...comparison, baselineHistory: options.baselines.history };
  }
  const exitCode = decide({ results, loadGate, comparison, failInconclusive: options.failInconclusive ?? false });
  return {
    exitCode,
    ...(baseline ? { baseline, baselineRuns: runs } : {}),
    ...(comparison ? { comparison } : {}),
    ...(loadGate ? { loadGate } : {}),
  };
}
