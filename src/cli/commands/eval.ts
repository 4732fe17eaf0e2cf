// chatproof eval <scenario.yaml...>: run scenarios against a target, write results, exit by SLO verdict.
import { apiKeyFromEnv, createChatClient, normalizeBaseUrl } from '../../client/index.js';
import { assertEvalBaseline } from '../../compare/run-kind.js';
import { ChatproofError, EXIT } from '../../core/errors.js';
import { redactUrl } from '../../core/redact.js';
import type { Slo } from '../../core/types.js';
import { gateRun } from '../../gate/run-gate.js';
import { parseSlo, SloSyntaxError } from '../../metrics/slo.js';
import { isReportLang } from '../../report/i18n/strings.js';
import { renderQuietSummary, renderTerminalSummary } from '../../report/terminal/eval.js';
import { paletteFor } from '../../report/text.js';
import { executeEvalRun } from '../../run/eval-run.js';
import { plannedTurnCount } from '../../run/runner.js';
import { defaultOutDir, releaseOutDir } from '../../store/out-dir.js';
import { readResultsFile, resolveResultsPath } from '../../store/results-file.js';
import {
  parseCommandArgs,
  parseNonNegativeInt,
  parsePositiveDurationMs,
  parsePositiveInt,
  parseTolerance,
} from '../flags.js';
import { writeGateOutputs } from '../gate-outputs.js';
import { EVAL_HELP } from '../help/eval.js';
import { JUDGE_OPTIONS, judgeFromFlags, judgeSummaryLines, USER_OPTIONS, userFromFlags } from '../judge-setup.js';
import { createProgress } from '../progress.js';
import {
  checkOutputFile,
  claimRunDir,
  loadScenarioFiles,
  stopOnCtrlC,
  targetFromFlags,
  writeFailureError,
} from '../run-setup.js';
import { writeReports } from '../write-reports.js';

const OPTIONS = {
  'warm-up': { type: 'string' },
  target: { type: 'string' },
  model: { type: 'string' },
  runs: { type: 'string' },
  out: { type: 'string' },
  stream: { type: 'boolean', default: true },
  set: { type: 'string', multiple: true },
  slo: { type: 'string', multiple: true },
  concurrency: { type: 'string' },
  'connect-timeout': { type: 'string' },
  'first-token-timeout': { type: 'string' },
  'idle-timeout': { type: 'string' },
  'total-timeout': { type: 'string' },
  lang: { type: 'string' },
  baseline: { type: 'string' },
  tolerance: { type: 'string' },
  junit: { type: 'string' },
  markdown: { type: 'string' },
  'fail-inconclusive': { type: 'boolean', default: false },
  report: { type: 'boolean', default: true },
  download: { type: 'boolean', default: true },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
  ...JUDGE_OPTIONS,
  ...USER_OPTIONS,
} as const;

/** Where eval writes: the process's streams, or test doubles. */
export interface EvalIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

export async function evalCommand(
  argv: string[],
  io: EvalIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('eval', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(EVAL_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) {
    throw new ChatproofError(
      'chatproof eval: name at least one scenario file, e.g. "chatproof eval scenarios/breakup.yaml".',
    );
  }
  const overrides = [...((values.set as string[] | undefined) ?? [])];
  if (values.runs !== undefined) overrides.push(`runs=${parsePositiveInt('--runs', values.runs as string)}`);
  const scenarios = await loadScenarioFiles('eval', positionals, overrides, io.stderr);
  const slos: Slo[] = ((values.slo as string[] | undefined) ?? []).map((expr) => {
    try {
      return parseSlo(expr);
    } catch (error) {
      if (error instanceof SloSyntaxError) throw new ChatproofError(`--slo: ${error.message}.`);
      throw error;
    }
  });
  const timeouts = {
    ...(values['connect-timeout']
      ? { connectMs: parsePositiveDurationMs('--connect-timeout', values['connect-timeout'] as string) }
      : {}),
    ...(values['first-token-timeout']
      ? { firstTokenMs: parsePositiveDurationMs('--first-token-timeout', values['first-token-timeout'] as string) }
      : {}),
    ...(values['idle-timeout']
      ? { idleMs: parsePositiveDurationMs('--idle-timeout', values['idle-timeout'] as string) }
      : {}),
    ...(values['total-timeout']
      ? { totalMs: parsePositiveDurationMs('--total-timeout', values['total-timeout'] as string) }
      : {}),
  };
  const concurrency =
    values.concurrency === undefined ? 1 : parsePositiveInt('--concurrency', values.concurrency as string);
  const lang = (values.lang as string | undefined) ?? 'en';
  if (!isReportLang(lang)) throw new ChatproofError(`--lang: expected "en" or "zh-CN", got "${lang}".`);
  // Read the baseline before the run, so a wrong path costs nothing.
  const baseline = values.baseline ? readResultsFile(values.baseline as string) : undefined;
  if (baseline) assertEvalBaseline(baseline, values.baseline as string);
  const tolerance = values.tolerance ? parseTolerance('--tolerance', values.tolerance as string) : undefined;
  const stream = values.stream as boolean;
  // CI outputs are checked before the run: a bad path must not cost the run or hide its verdict.
  checkOutputFile('--junit', values.junit as string | undefined);
  checkOutputFile('--markdown', values.markdown as string | undefined);
  const outDir = claimRunDir('eval', values.out as string | undefined, () => defaultOutDir(scenarios, new Date()));

  const target = await targetFromFlags(values, scenarios, io.stderr).catch((error: unknown) => {
    // Nothing was measured: the folder claimed for this run is given back.
    releaseOutDir(outDir);
    throw error;
  });
  const client = createChatClient({
    baseUrl: target.baseUrl,
    apiKey: apiKeyFromEnv(),
    model: target.model,
    timeouts,
    connections: concurrency,
  });
  const judged = await judgeFromFlags(values, scenarios, target, io.stderr).catch(async (error: unknown) => {
    await target.close();
    throw error;
  });
  const simulated = await userFromFlags(values, scenarios, target);
  const stop = stopOnCtrlC(io.stderr, 'finishing the record of turns in flight');
  const progress = values.quiet ? undefined : createProgress(plannedTurnCount(scenarios), io.stderr);
  try {
    const run = await executeEvalRun({
      scenarios,
      sender: client,
      outDir,
      target: { baseUrl: redactUrl(normalizeBaseUrl(target.baseUrl)), model: target.model, stream },
      stream,
      concurrency,
      slos,
      options: {
        ...(overrides.length > 0 ? { overrides } : {}),
        // Command-line SLOs, so results rebuilt from turns.jsonl alone are judged the same way.
        ...(slos.length > 0 ? { slo: slos } : {}),
        ...(Object.keys(timeouts).length > 0 ? { timeouts } : {}),
        ...(target.generatedModel ? { generatedModel: true, modelPath: target.modelPath } : {}),
        ...(target.bundled ? { bundledServer: true } : {}),
        ...(judged.info ? { judge: judged.info } : {}),
      },
      judge: judged.judge,
      user: simulated.user,
      serverModels: target.modelsAnswer,
      signal: stop.signal,
      onRecord: (record) => progress?.turnDone(record.ok),
      // Untimed first-use costs (run/warm-up.ts): one request unless --warm-up says otherwise.
      warmUpRequests:
        values['warm-up'] === undefined ? 1 : parseNonNegativeInt('--warm-up', values['warm-up'] as string),
    });
    progress?.finish();
    const written = await writeReports(run.results, outDir, {
      lang,
      baseline,
      html: (values.report as boolean) && !run.writeFailure,
      log: (l) => io.stderr.write(`${l}\n`),
    });
    // --quiet keeps the verdict and the report path: a red CI step still says why and where.
    io.stdout.write(
      (values.quiet ? renderQuietSummary : renderTerminalSummary)(run.results, {
        palette: paletteFor(io.stdout),
        resultsPath: run.resultsPath,
        reportPath: written.html,
      }),
    );
    if (!values.quiet) for (const line of judgeSummaryLines(run.results)) io.stdout.write(`${line}\n`);
    if (run.writeFailure) throw writeFailureError('eval', outDir, run.writeFailure);
    if (run.aborted) return stop.exitCode ?? EXIT.interrupted;
    const gate = await gateRun(run.results, {
      baseline,
      // Its folder's turns.jsonl holds the chunk times the ITL comparison needs.
      ...(values.baseline ? { baselineFile: resolveResultsPath(values.baseline as string) } : {}),
      outDir,
      failInconclusive: values['fail-inconclusive'] as boolean,
      tolerance,
    });
    const lines = writeGateOutputs(run.results, gate, {
      outDir,
      junitPath: values.junit as string | undefined,
      markdownPath: values.markdown as string | undefined,
      palette: paletteFor(io.stdout),
    });
    if (!values.quiet) for (const line of lines) io.stdout.write(`${line}\n`);
    if (gate.exitCode === EXIT.unreachable) {
      io.stderr.write(
        `chatproof eval: the target ${run.results.run.target.baseUrl} could not be reached on any turn.\n`,
      );
    }
    return gate.exitCode;
  } finally {
    stop.dispose();
    await judged.close();
    await simulated.close();
    await client.close();
    await target.close();
  }
}
