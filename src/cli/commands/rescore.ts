// chatproof rescore <run-dir>: the saved replies scored again by (possibly edited) checks, into a new run folder.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { ChatproofError, EXIT } from '../../core/errors.js';
import type { Scenario } from '../../core/types.js';
import { decide } from '../../gate/decide.js';
import { isReportLang } from '../../report/i18n/strings.js';
import { renderTerminalSummary } from '../../report/terminal/eval.js';
import { paletteFor } from '../../report/text.js';
import { rescoreRun } from '../../run/rescore.js';
import { readTurnLog } from '../../store/turn-log-reader.js';
import { parseCommandArgs } from '../flags.js';
import { RESCORE_HELP } from '../help/rescore.js';
import { JUDGE_OPTIONS, judgeFromFlags, judgeSummaryLines } from '../judge-setup.js';
import { loadScenarioFiles, stopOnCtrlC } from '../run-setup.js';
import { writeReports } from '../write-reports.js';

const OPTIONS = {
  scenario: { type: 'string', multiple: true },
  out: { type: 'string' },
  lang: { type: 'string' },
  report: { type: 'boolean', default: true },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
  ...JUDGE_OPTIONS,
} as const;

interface Io {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown };
}

function stamp(now: Date): string {
  return now
    .toISOString()
    .replace(/[:.]/g, '-')
    .replace(/-\d+Z$/, 'Z');
}

export async function rescoreCommand(
  argv: string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('rescore', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(RESCORE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new ChatproofError('chatproof rescore: name one run folder, e.g. "chatproof rescore reports/my-run".');
  }
  const runDir = positionals[0].replace(/[/\\]+$/, '');
  const lang = (values.lang as string | undefined) ?? 'en';
  if (!isReportLang(lang)) throw new ChatproofError(`--lang: expected "en" or "zh-CN", got "${lang}".`);
  const turnsFile = path.join(runDir, 'turns.jsonl');
  if (!existsSync(turnsFile)) {
    throw new ChatproofError(`chatproof rescore: ${runDir} holds no turns.jsonl; name the folder of an eval run.`);
  }
  const outDir = (values.out as string | undefined) ?? `${runDir}-rescored-${stamp(new Date())}`;
  if (existsSync(path.join(outDir, 'turns.jsonl')) || existsSync(path.join(outDir, 'results.json'))) {
    throw new ChatproofError(`--out ${outDir}: this folder already holds a run; choose another folder.`);
  }
  const edited: Scenario[] = await loadScenarioFiles(
    'rescore',
    (values.scenario as string[] | undefined) ?? [],
    [],
    io.stderr,
  );
  const { header } = await readTurnLog(turnsFile);
  const scenarios = header.scenarios.map((s) => edited.find((e) => e.name === s.name) ?? s);
  // Default judge: the one the run used.
  const saved = header.options.judge as { target?: string; model?: string } | undefined;
  const judgeValues = {
    ...values,
    'judge-target': values['judge-target'] ?? (process.env.CHATPROOF_JUDGE_TARGET ? undefined : saved?.target),
    'judge-model': values['judge-model'] ?? (process.env.CHATPROOF_JUDGE_MODEL ? undefined : saved?.model),
  };
  const target = { baseUrl: header.target.baseUrl, model: header.target.model ?? '', bundled: false };
  const judged = await judgeFromFlags(judgeValues, scenarios, target, io.stderr);
  const stop = stopOnCtrlC(io.stderr, 'finishing the rescored run');
  try {
    const run = await rescoreRun({
      runDir,
      outDir,
      scenarios: edited,
      judge: judged.judge,
      judgeInfo: judged.info,
      signal: stop.signal,
    });
    const written = await writeReports(run.results, outDir, {
      lang,
      html: values.report as boolean,
      log: (l) => io.stderr.write(`${l}\n`),
    });
    if (!values.quiet) {
      io.stdout.write(
        renderTerminalSummary(run.results, {
          palette: paletteFor(io.stdout),
          resultsPath: run.resultsPath,
          reportPath: written.html,
        }),
      );
      for (const line of judgeSummaryLines(run.results)) io.stdout.write(`${line}\n`);
      io.stdout.write(`\n  Rescored ${run.turns} turns from ${runDir}: ${run.changedTurns} changed outcome.\n`);
    }
    if (stop.signal.aborted) return EXIT.interrupted;
    return decide({ results: run.results, failInconclusive: false });
  } finally {
    stop.dispose();
    await judged.close();
  }
}
