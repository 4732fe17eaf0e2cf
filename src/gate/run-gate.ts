// The gate after a run (eval --baseline ...) or on saved results (chatproof compare): compare
// with the baseline if any, write the CI outputs, and pick the exit code.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from '../core/errors.js';
import { renderCompareHtml } from '../report/compare-html.js';
import { renderCompareTable } from '../report/compare/terminal.js';
import { renderJUnit } from '../report/junit.js';
import { renderMarkdownSummary } from '../report/markdown.js';
import type { Palette } from '../report/text.js';
import { renderLoadGateTerminal } from '../report/compare/load.js';
import type { Results, Slo } from '../core/types.js';
import { readChunkGaps, type ChunkSource } from '../store/chunk-gaps.js';
import { compareResults } from '../compare/eval-runs.js';
import { gateExitCode, loadGateExitCode } from './decide.js';
import { compareLoadRuns } from '../compare/load-runs.js';
import { judgeLoadRun, type LoadGateOptions } from './load-gate.js';
import { assertSameKind, isLoadRun } from '../compare/run-kind.js';
import { loadResultsFile, resolveResultsPath } from '../store/read-results.js';
import type { CompareOptions, Comparison, LoadGate } from '../compare/types.js';

export interface GateRunOptions {
  /** results.json or run folder of the baseline run. */
  baselinePath?: string;
  /** An already loaded baseline (chatproof compare); wins over baselinePath. */
  baseline?: Results;
  junitPath?: string;
  markdownPath?: string;
  /** Where compare.html goes; default <outDir>/compare.html when there is a baseline. */
  htmlPath?: string;
  failInconclusive?: boolean;
  /** Relative latency tolerance, 0.1 = +10%. */
  tolerance?: number;
  compare?: CompareOptions;
  outDir: string;
  /** Environment to read GITHUB_STEP_SUMMARY from (default process.env). */
  env?: NodeJS.ProcessEnv;
  palette?: Palette;
  /** Load runs: --slo given on the command line (eval runs arrive already re-judged). */
  extraSlos?: Slo[];
  /** Load runs: --at-load and --min-knee. */
  loadGate?: LoadGateOptions;
  /** File names for error messages (default: the baseline path, <outDir>/results.json). */
  baselineFile?: string;
  candidateFile?: string;
}

export interface GateRunResult {
  exitCode: number;
  comparison?: Comparison;
  /** Load runs: every level's SLO verdicts and the gate's decisions. */
  loadGate?: LoadGate;
  /** Terminal lines for the caller to print (compare table, files written). */
  lines: string[];
}

const PLAIN: Palette = { green: (s) => s, red: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };

function write(file: string, text: string, what: string): void {
  try {
    mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    writeFileSync(file, text);
  } catch (error) {
    throw new CliError(`${file}: cannot write the ${what} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); choose a writable path.`);
  }
}

export async function gateRun(results: Results, options: GateRunOptions): Promise<GateRunResult> {
  const lines: string[] = [];
  const palette = options.palette ?? PLAIN;
  const baseline = options.baseline ?? (options.baselinePath !== undefined ? loadResultsFile(options.baselinePath) : undefined);
  const candidateFile = options.candidateFile ?? path.join(options.outDir, 'results.json');
  const baselineFile = options.baselineFile ?? (options.baselinePath !== undefined ? resolveResultsPath(options.baselinePath) : undefined);
  if (baseline) assertSameKind(baseline, baselineFile ?? 'the baseline', results, candidateFile);
  const load = isLoadRun(results);
  const asked = options.loadGate ?? {};
  if (!load && ((asked.atLoads?.length ?? 0) > 0 || asked.minKnee !== undefined)) {
    throw new CliError(`--at-load and --min-knee judge the levels of a load run ("chatproof load"); ${candidateFile} is an eval run (single-user figures, no load levels).`);
  }
  const loadGate = load ? judgeLoadRun(results, options.extraSlos ?? [], { ...asked, source: candidateFile }) : undefined;
  if (loadGate) lines.push(...renderLoadGateTerminal(loadGate, palette), '');
  let comparison: Comparison | undefined;
  if (baseline) {
    const compareOptions = { ...options.compare, ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}) };
    // Chunk arrival times (ITL) are only in turns.jsonl beside each results.json; a baseline
    // given as an object without its file has none to offer, and the ITL rows say so.
    const [itlB, itlC] = await Promise.all([
      baselineFile !== undefined ? readChunkGaps(baselineFile) : Promise.resolve<ChunkSource | undefined>(undefined),
      readChunkGaps(candidateFile),
    ]);
    const itl = { baseline: itlB, candidate: itlC };
    comparison = loadGate ? compareLoadRuns(baseline, results, loadGate.slos, compareOptions, itl) : compareResults(baseline, results, compareOptions, itl);
    lines.push(...renderCompareTable(comparison, palette).trimEnd().split('\n'));
    const htmlPath = options.htmlPath ?? path.join(options.outDir, 'compare.html');
    write(htmlPath, renderCompareHtml(baseline, results, comparison), 'comparison report');
    lines.push(`  compare: ${htmlPath}`);
  }
  if (options.junitPath) {
    write(options.junitPath, renderJUnit(results, comparison, loadGate), 'JUnit XML');
    lines.push(`  junit:   ${options.junitPath}`);
  }
  const env = options.env ?? process.env;
  if (options.markdownPath || env.GITHUB_STEP_SUMMARY) {
    const markdown = renderMarkdownSummary(results, comparison, loadGate);
    if (options.markdownPath) {
      write(options.markdownPath, markdown, 'Markdown summary');
      lines.push(`  summary: ${options.markdownPath}`);
    }
    if (env.GITHUB_STEP_SUMMARY) {
      // GitHub concatenates what each step appends; append, never overwrite.
      try {
        appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);
      } catch (error) {
        lines.push(`  warning: could not append to GITHUB_STEP_SUMMARY (${(error as Error).message})`);
      }
    }
  }
  const failInconclusive = options.failInconclusive ?? false;
  const exitCode = loadGate ? loadGateExitCode(results, loadGate, comparison, failInconclusive) : gateExitCode(results, comparison, failInconclusive);
  return { exitCode, comparison, ...(loadGate ? { loadGate } : {}), lines };
}
