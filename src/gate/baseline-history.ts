// `--baseline`: one earlier run, or a folder of earlier runs (a baseline history, e.g. the last
// main-branch runs kept as CI artifacts). The rule, in README "Baseline history" and docs/ci.md:
//   - a results.json, or a folder holding one: that run is the baseline;
//   - a folder of run folders: every subfolder holding a results.json is read; runs of the
//     other kind (eval vs load), runs sharing no scenario with the candidate and the candidate
//     itself are skipped, each with its reason; the newest `maxRuns` (default 5) by start time
//     are pooled. Older ones are skipped ("older than the newest 5"). A corrupt results.json is
//     an input error naming the file, as for a single baseline.
// Load runs are compared with the newest run only (their levels differ from run to run); the
// others are listed as skipped with that reason.
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { BaselineHistoryInfo } from '../compare/types.js';
import { ChatproofError } from '../core/errors.js';
import type { Results } from '../core/types.js';
import { readResultsFile } from '../store/results-file.js';

/** Runs pooled by default: enough to measure run-to-run drift, recent enough to be today's setup. */
export const DEFAULT_BASELINE_RUNS = 5;

export interface BaselineRuns {
  /** Newest first. */
  runs: Results[];
  /** The results.json of each run, same order. */
  files: string[];
  /** Present when `--baseline` named a folder of runs. */
  history?: BaselineHistoryInfo;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Run folders directly under `folder` (each holding a results.json), sorted by name. */
export function runFoldersIn(folder: string): string[] {
  return readdirSync(folder)
    .sort()
    .map((name) => path.join(folder, name))
    .filter((p) => isDirectory(p) && isFile(path.join(p, 'results.json')));
}

/** True when `p` names a folder of runs rather than one run. */
export function isRunHistory(p: string): boolean {
  return isDirectory(p) && !isFile(path.join(p, 'results.json'));
}

/**
 * The baseline run(s) for `candidate`. `maxRuns` caps a history (newest first). A folder with
 * neither a results.json nor run folders is an input error naming it.
 */
export function readBaselineRuns(
  baselinePath: string,
  candidate: Results,
  maxRuns = DEFAULT_BASELINE_RUNS,
): BaselineRuns {
  if (!isRunHistory(baselinePath)) {
    const file = isDirectory(baselinePath) ? path.join(baselinePath, 'results.json') : baselinePath;
    return { runs: [readResultsFile(baselinePath)], files: [file] };
  }
  const folders = runFoldersIn(baselinePath);
  if (folders.length === 0) {
    throw new ChatproofError(
      `--baseline ${baselinePath}: this folder holds neither a results.json nor run folders with one. Give an ` +
        'earlier run folder, its results.json, or a folder of earlier run folders (a baseline history).',
    );
  }
  const skipped: BaselineHistoryInfo['skipped'] = [];
  const scenarios = new Set(candidate.run.scenarios.map((s) => s.name));
  const candidates: Array<{ results: Results; file: string }> = [];
  for (const folder of folders) {
    const file = path.join(folder, 'results.json');
    const results = readResultsFile(file);
    if (results.run.runId === candidate.run.runId) {
      skipped.push({ source: folder, reason: 'the candidate run itself' });
    } else if ((results.load !== undefined) !== (candidate.load !== undefined)) {
      skipped.push({ source: folder, reason: `${results.load ? 'a load run' : 'an eval run'}, unlike the candidate` });
    } else if (!results.run.scenarios.some((s) => scenarios.has(s.name))) {
      skipped.push({ source: folder, reason: 'shares no scenario with the candidate' });
    } else {
      candidates.push({ results, file });
    }
  }
  candidates.sort((a, b) => b.results.run.startedAt.localeCompare(a.results.run.startedAt));
  const keep = candidate.load ? 1 : Math.max(1, maxRuns);
  for (const c of candidates.slice(keep)) {
    skipped.push({
      source: path.dirname(c.file),
      reason: candidate.load
        ? 'load runs are compared with the newest baseline run only'
        : `older than the newest ${keep}`,
    });
  }
  const pooled = candidates.slice(0, keep);
  if (pooled.length === 0) {
    throw new ChatproofError(
      `--baseline ${baselinePath}: none of its ${folders.length} runs can be a baseline for ${candidate.run.runId} ` +
        `(${skipped.map((s) => `${path.basename(s.source)}: ${s.reason}`).join('; ')}).`,
    );
  }
  return {
    runs: pooled.map((c) => c.results),
    files: pooled.map((c) => c.file),
    history: {
      runIds: pooled.map((c) => c.results.run.runId),
      sources: pooled.map((c) => path.dirname(c.file)),
      skipped,
    },
  };
}
