// chatproof trend <runs...>: latency and context accuracy across runs (releases), as trend.html,
// trend.png and a table in the terminal. Reads results.json only; measures nothing.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ChatproofError, EXIT } from '../../core/errors.js';
import type { Results } from '../../core/types.js';
import { isRunHistory, runFoldersIn } from '../../gate/baseline-history.js';
import { type TrendPoint, trendChart, trendPoints } from '../../report/compare/trend.js';
import { renderTrendHtml } from '../../report/compare/trend-html.js';
import { renderChartPng } from '../../report/png/render.js';
import { formatMs, formatPercent, inertText, padEnd, padStart } from '../../report/text.js';
import { readResultsFile } from '../../store/results-file.js';
import { parseCommandArgs, parsePositiveInt } from '../flags.js';
import { TREND_HELP } from '../help/trend.js';
import type { CommandIo } from './compare.js';

const OPTIONS = {
  out: { type: 'string', default: 'trend' },
  last: { type: 'string' },
  width: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Every run named: a run folder or results.json, or each run folder inside a folder of runs. */
export function readTrendRuns(paths: readonly string[]): Results[] {
  const runs: Results[] = [];
  for (const p of paths) {
    if (isRunHistory(p)) {
      const folders = runFoldersIn(p);
      if (folders.length === 0) {
        throw new ChatproofError(
          `chatproof trend: ${p} holds neither a results.json nor run folders with one. Give run folders, ` +
            'results.json files, or a folder of run folders.',
        );
      }
      for (const f of folders) runs.push(readResultsFile(f));
    } else {
      runs.push(readResultsFile(p));
    }
  }
  return runs;
}

function table(points: readonly TrendPoint[]): string[] {
  const head =
    `  ${padEnd('run start (UTC)', 30)}${padStart('convs', 7)}${padStart('TTFT P50', 11)}${padStart('P95', 9)}` +
    `${padStart('E2E P50', 10)}${padStart('P95', 9)}${padStart('accuracy', 10)}  run`;
  return [
    head,
    ...points.map(
      (p) =>
        `  ${padEnd(p.label, 30)}${padStart(String(p.conversations), 7)}${padStart(formatMs(p.ttftP50), 11)}` +
        `${padStart(formatMs(p.ttftP95), 9)}${padStart(formatMs(p.e2eP50), 10)}${padStart(formatMs(p.e2eP95), 9)}` +
        `${padStart(formatPercent(p.accuracy), 10)}  ${inertText(p.runId, 60)}`,
    ),
  ];
}

function write(file: string, data: string | Buffer): void {
  try {
    writeFileSync(file, data);
  } catch (error) {
    const why = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ChatproofError(`${file}: cannot write the trend (${why}); choose a writable --out.`);
  }
}

export async function trendCommand(
  argv: string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('trend', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(TREND_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) {
    throw new ChatproofError(
      'chatproof trend: expected at least one run (run folder, results.json, or a folder of run folders). Run ' +
        '"chatproof trend --help".',
    );
  }
  const last = values.last !== undefined ? parsePositiveInt('--last', values.last as string) : undefined;
  const width = values.width !== undefined ? parsePositiveInt('--width', values.width as string) : undefined;
  const all = trendPoints(readTrendRuns(positionals));
  const points = last !== undefined ? all.slice(-last) : all;
  const out = values.out as string;
  try {
    mkdirSync(out, { recursive: true });
  } catch (error) {
    throw new ChatproofError(`${out}: cannot create the --out folder (${(error as Error).message}).`);
  }
  const htmlPath = path.join(out, 'trend.html');
  const pngPath = path.join(out, 'trend.png');
  write(htmlPath, renderTrendHtml(points));
  write(pngPath, renderChartPng(trendChart(points), width !== undefined ? { width } : {}));
  if (!values.quiet) {
    for (const line of table(points)) io.stdout.write(`${line}\n`);
    io.stdout.write(`  trend: ${htmlPath}\n  png:   ${pngPath}\n`);
  }
  return EXIT.ok;
}
