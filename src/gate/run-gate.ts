// The gate after a run (eval --baseline ...) or on saved results (chatproof compare): compare
// with the baseline if any, write the CI outputs, and pick the exit code.
import { appendFileSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CliError } from '../cli/usage-error.js';
import { renderCompareHtml } from '../report/compare-html.js';
import { renderCompareTable } from '../report/compare/terminal.js';
import { renderJUnit } from '../report/junit.js';
import { renderMarkdownSummary } from '../report/markdown.js';
import type { Palette } from '../report/text.js';
import type { Results } from '../types.js';
import { compareResults } from './compare.js';
import { gateExitCode } from './decide.js';
import { loadResultsFile } from './load-results.js';
import type { CompareOptions, Comparison } from './types.js';

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
}

export interface GateRunResult {
  exitCode: number;
  comparison?: Comparison;
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
  const baseline = options.baseline ?? (options.baselinePath !== undefined ? loadResultsFile(options.baselinePath) : undefined);
  let comparison: Comparison | undefined;
  if (baseline) {
    comparison = compareResults(baseline, results, { ...options.compare, ...(options.tolerance !== undefined ? { tolerance: options.tolerance } : {}) });
    lines.push(...renderCompareTable(comparison, options.palette ?? PLAIN).trimEnd().split('\n'));
    const htmlPath = options.htmlPath ?? path.join(options.outDir, 'compare.html');
    write(htmlPath, renderCompareHtml(baseline, results, comparison), 'comparison report');
    lines.push(`  compare: ${htmlPath}`);
  }
  if (options.junitPath) {
    write(options.junitPath, renderJUnit(results, comparison), 'JUnit XML');
    lines.push(`  junit:   ${options.junitPath}`);
  }
  const env = options.env ?? process.env;
  if (options.markdownPath || env.GITHUB_STEP_SUMMARY) {
    const markdown = renderMarkdownSummary(results, comparison);
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
  return { exitCode: gateExitCode(results, comparison, options.failInconclusive ?? false), comparison, lines };
}
