// What the gate found, rendered and written where the user asked: the comparison table and the
// load gate in the terminal, compare.html, JUnit XML, a Markdown summary (also appended to
// $GITHUB_STEP_SUMMARY). Returns the terminal lines for the caller to print.
import { appendFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChatproofError } from '../core/errors.js';
import type { Results } from '../core/types.js';
import type { GateOutcome } from '../gate/run-gate.js';
import { renderLoadGateTerminal } from '../report/compare/load.js';
import { renderCompareTable } from '../report/compare/terminal.js';
import { trendChart, trendPoints } from '../report/compare/trend.js';
import { renderCompareHtml } from '../report/compare-html.js';
import { renderJUnit } from '../report/junit.js';
import { renderMarkdownSummary } from '../report/markdown.js';
import { renderChartPng } from '../report/png/render.js';
import type { Palette } from '../report/text.js';
import { ensureParentFolder } from '../store/out-dir.js';

export interface GateOutputOptions {
  /** The candidate's run folder: compare.html goes there unless htmlPath says otherwise. */
  outDir: string;
  htmlPath?: string;
  junitPath?: string;
  markdownPath?: string;
  /** Environment to read GITHUB_STEP_SUMMARY from (default process.env). */
  env?: NodeJS.ProcessEnv;
  palette?: Palette;
}

const PLAIN: Palette = { green: (s) => s, red: (s) => s, yellow: (s) => s, dim: (s) => s, bold: (s) => s };

function write(file: string, text: string | Buffer, what: string): void {
  try {
    ensureParentFolder(file);
    writeFileSync(file, text);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ChatproofError(`${file}: cannot write the ${what} (${why}); choose a writable path.`);
  }
}

export function writeGateOutputs(results: Results, outcome: GateOutcome, options: GateOutputOptions): string[] {
  const lines: string[] = [];
  const palette = options.palette ?? PLAIN;
  const { baseline, comparison, loadGate } = outcome;
  if (loadGate) lines.push(...renderLoadGateTerminal(loadGate, palette), '');
  if (baseline && comparison) {
    lines.push(...renderCompareTable(comparison, palette).trimEnd().split('\n'));
    const htmlPath = options.htmlPath ?? path.join(options.outDir, 'compare.html');
    const history = outcome.baselineRuns ?? [];
    write(htmlPath, renderCompareHtml(baseline, results, comparison, history), 'comparison report');
    lines.push(`  compare: ${htmlPath}`);
    // A baseline history also gets its trend as a PNG beside compare.html, for slides and CI pages.
    if (history.length >= 2) {
      const pngPath = path.join(path.dirname(path.resolve(htmlPath)), 'trend.png');
      write(pngPath, renderChartPng(trendChart(trendPoints([...history, results], results.run.runId))), 'trend chart');
      lines.push(`  trend:   ${pngPath}`);
    }
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
  return lines;
}
