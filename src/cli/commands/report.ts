// chatproof report <run-dir|results.json> [--lang zh-CN] [--baseline path] [--out dir]:
// regenerate the HTML report and PNG charts from saved results, no target needed.
import { dirname, resolve } from 'node:path';
import { ChatproofError, EXIT } from '../../core/errors.js';
import type { Results } from '../../core/types.js';
import { writeHtmlReport } from '../../report/html/index.js';
import { linkLanguages, otherLanguages, reportFileFor } from '../../report/html/languages.js';
import { isReportLang } from '../../report/i18n/strings.js';
import { writePngCharts } from '../../report/png/index.js';
import { claimOutDir } from '../../store/out-dir.js';
import { readResultsFile, resolveResultsPath } from '../../store/results-file.js';
import { parseCommandArgs } from '../flags.js';
import { REPORT_HELP } from '../help/report.js';

const OPTIONS = {
  lang: { type: 'string' },
  baseline: { type: 'string' },
  out: { type: 'string' },
  png: { type: 'boolean', default: true },
  'max-thinking-chars': { type: 'string' },
  'max-failed-thinking-chars': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A whole number >= 0 from a flag, or undefined when the flag is absent. */
function charsFlag(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const text = String(value).trim();
  if (!/^\d+$/.test(text))
    throw new ChatproofError(
      `chatproof report: --${name} must be a whole number >= 0 (0 keeps all thinking), got "${String(value)}".`,
    );
  return Number(text);
}

/** Read and validate a results.json or run folder (shared with the gate: one loader, one set of errors). */
export async function loadResults(given: string): Promise<{ path: string; results: Results }> {
  return { path: resolveResultsPath(given), results: readResultsFile(given) };
}

export interface ReportIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/** Exit code 0 when written; bad input (missing file, bad flag, not a results.json) prints one line and returns 2. */
export async function reportCommand(
  argv: string[],
  io: ReportIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  try {
    return await runReport(argv, io);
  } catch (error) {
    if (!(error instanceof ChatproofError)) throw error;
    io.stderr.write(`${error.message}\n`);
    return error.exitCode;
  }
}

async function runReport(argv: string[], io: ReportIo): Promise<number> {
  const { values, positionals } = parseCommandArgs('report', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(REPORT_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new ChatproofError(
      `chatproof report: expected one run folder or results.json, got ${positionals.length}. Run "chatproof report ` +
        `--help".`,
    );
  }
  const lang = (values.lang as string | undefined) ?? 'en';
  if (!isReportLang(lang)) throw new ChatproofError(`chatproof report: --lang must be "en" or "zh-CN", got "${lang}".`);
  const maxThinkingChars = charsFlag('max-thinking-chars', values['max-thinking-chars']);
  const maxFailedThinkingChars = charsFlag('max-failed-thinking-chars', values['max-failed-thinking-chars']);
  const { path, results } = await loadResults(positionals[0]);
  const baseline = values.baseline ? (await loadResults(values.baseline as string)).results : undefined;
  // A folder of its own (--out) is claimed like any output folder; by default the report is
  // regenerated beside the results it is drawn from.
  const outDir = resolve(
    values.out !== undefined
      ? claimOutDir(values.out as string, 'report', { flag: 'chatproof report: --out' })
      : dirname(path),
  );
  // Another language never replaces the page already there: it gets its own file and charts folder.
  const { file, pngDir } = reportFileFor(outDir, lang);
  const png = values.png !== false;
  const html = await writeHtmlReport(results, outDir, {
    lang,
    baseline,
    maxThinkingChars,
    maxFailedThinkingChars,
    fileName: file,
    ...(png ? { pngDir } : {}),
    otherLanguages: otherLanguages(outDir, lang, file),
  });
  await linkLanguages(outDir, { lang, file });
  io.stdout.write(`${html}\n`);
  if (png) {
    for (const chart of await writePngCharts(results, outDir, { lang, baseline, folder: pngDir }))
      io.stdout.write(`${chart}\n`);
  }
  return EXIT.ok;
}
