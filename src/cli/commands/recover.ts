// chatproof recover <run-dir>: results.json and the report rebuilt from turns.jsonl, for a run
// stopped before it could write them. Never replaces a results.json that exists.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ChatproofError, EXIT } from '../../core/errors.js';
import { isReportLang } from '../../report/i18n/strings.js';
import { renderTerminalSummary } from '../../report/terminal/eval.js';
import { paletteFor } from '../../report/text.js';
import { describeRecovery, recoverResults } from '../../store/recover.js';
import { writeResultsJson } from '../../store/results-file.js';
import { parseCommandArgs } from '../flags.js';
import { RECOVER_HELP } from '../help/recover.js';
import { writeReports } from '../write-reports.js';

const OPTIONS = {
  report: { type: 'boolean', default: true },
  lang: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function recoverCommand(
  argv: string[],
  io: { stdout: { write(t: string): unknown; isTTY?: boolean }; stderr: { write(t: string): unknown } } = {
    stdout: process.stdout,
    stderr: process.stderr,
  },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('recover', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(RECOVER_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new ChatproofError(
      `chatproof recover: expected one run folder, got ${positionals.length}. Run "chatproof recover --help".`,
    );
  }
  const lang = (values.lang as string | undefined) ?? 'en';
  if (!isReportLang(lang))
    throw new ChatproofError(`chatproof recover: --lang must be "en" or "zh-CN", got "${lang}".`);
  const dir = positionals[0]!;
  const resultsPath = path.join(dir, 'results.json');
  if (existsSync(resultsPath)) {
    throw new ChatproofError(
      `chatproof recover: ${resultsPath} already exists; this run finished writing its results, so there is ` +
        `nothing to recover (and chatproof never overwrites it). "chatproof report ${dir}" redraws the report.`,
    );
  }
  const recovered = recoverResults(dir);
  writeResultsJson(resultsPath, recovered.results);
  io.stderr.write(`chatproof recover: ${dir}: results ${describeRecovery(recovered)}.\n`);
  const written = await writeReports(recovered.results, dir, {
    lang,
    html: values.report as boolean,
    log: (l) => io.stderr.write(`${l}\n`),
  });
  if (!values.quiet) {
    io.stdout.write(
      renderTerminalSummary(recovered.results, {
        palette: paletteFor(io.stdout),
        resultsPath,
        reportPath: written.html,
      }),
    );
  }
  return EXIT.ok;
}
