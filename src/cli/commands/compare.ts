// chatproof compare <baseline> <candidate>: is the candidate run worse than the baseline?
// Also the engine of `chatproof gate` (gate.ts), which is the same without a required baseline.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isLoadRun } from '../../compare/run-kind.js';
import { ChatproofError, EXIT } from '../../core/errors.js';
import { readBaselineRuns } from '../../gate/baseline-history.js';
import { gateRun } from '../../gate/run-gate.js';
import { formatFigure } from '../../metrics/format.js';
import { figureLabel } from '../../metrics/registry.js';
import { paletteFor } from '../../report/text.js';
import { rejudge } from '../../score/rejudge.js';
import { readResultsFile, resolveResultsPath } from '../../store/results-file.js';
import {
  parseAlpha,
  parseCommandArgs,
  parseLoadValue,
  parsePositiveInt,
  parseSloFlags,
  parseTolerance,
} from '../flags.js';
import { writeGateOutputs } from '../gate-outputs.js';
import { COMPARE_HELP } from '../help/compare.js';

export const COMPARE_OPTIONS = {
  tolerance: { type: 'string' },
  alpha: { type: 'string' },
  'noise-floor': { type: 'string' },
  'baseline-runs': { type: 'string' },
  slo: { type: 'string', multiple: true },
  junit: { type: 'string' },
  markdown: { type: 'string' },
  html: { type: 'string' },
  json: { type: 'string' },
  'at-load': { type: 'string', multiple: true },
  'min-knee': { type: 'string' },
  'fail-inconclusive': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Where a command writes; tests pass streams of their own. */
export interface CommandIo {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream;
}

export interface GateFlags {
  baselinePath?: string;
  candidatePath: string;
  values: Record<string, unknown>;
}

/** Shared by compare and gate: load, re-judge, compare, write, print; returns the exit code. */
export async function runGateCommand(flags: GateFlags, io: CommandIo): Promise<number> {
  const v = flags.values;
  const compareOptions = {
    ...(v.tolerance !== undefined ? { tolerance: parseTolerance('--tolerance', v.tolerance as string) } : {}),
    ...(v.alpha !== undefined ? { alpha: parseAlpha(v.alpha as string) } : {}),
    ...(v['noise-floor'] !== undefined
      ? { noiseFloor: parseTolerance('--noise-floor', v['noise-floor'] as string) }
      : {}),
  };
  const atLoads = ((v['at-load'] as string[] | undefined) ?? []).map((x) => parseLoadValue('--at-load', x));
  const minKnee = v['min-knee'] !== undefined ? parseLoadValue('--min-knee', v['min-knee'] as string) : undefined;
  const candidateFile = resolveResultsPath(flags.candidatePath);
  const loaded = readResultsFile(candidateFile);
  const maxRuns =
    v['baseline-runs'] !== undefined ? parsePositiveInt('--baseline-runs', v['baseline-runs'] as string) : undefined;
  // A run, or a folder of runs (a baseline history): the newest --baseline-runs pooled.
  const baselines =
    flags.baselinePath !== undefined ? readBaselineRuns(flags.baselinePath, loaded, maxRuns) : undefined;
  const load = isLoadRun(loaded);
  const slos = parseSloFlags(v.slo, load ? 'load' : 'eval');
  // Load runs are judged level by level (gateRun); the summary pooled over levels is not.
  const candidate = load ? loaded : rejudge(loaded, slos);
  const outDir = path.dirname(candidateFile);
  const gate = await gateRun(candidate, {
    ...(baselines ? { baselines } : {}),
    candidateFile,
    extraSlos: slos,
    loadGate: { atLoads, ...(minKnee !== undefined ? { minKnee } : {}) },
    outDir,
    failInconclusive: v['fail-inconclusive'] as boolean,
    compare: compareOptions,
  });
  const lines = writeGateOutputs(candidate, gate, {
    outDir,
    htmlPath: v.html as string | undefined,
    junitPath: v.junit as string | undefined,
    markdownPath: v.markdown as string | undefined,
    palette: paletteFor(io.stdout),
  });
  // Load runs: the per-level gate always, the comparison when there is a baseline.
  const json = gate.loadGate
    ? { gate: gate.loadGate, comparison: gate.comparison ?? null, exitCode: gate.exitCode }
    : gate.comparison;
  if (v.json !== undefined && json) {
    try {
      writeFileSync(v.json as string, `${JSON.stringify(json, null, 2)}\n`);
    } catch (error) {
      throw new ChatproofError(
        `${v.json as string}: cannot write the comparison JSON ` +
          `(${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`,
      );
    }
  }
  if (!v.quiet) {
    const c = paletteFor(io.stdout);
    const s = candidate.summary;
    for (const slo of load ? [] : s.slo) {
      const word = slo.passed === true ? c.green('PASS') : slo.passed === false ? c.red('FAIL') : c.yellow('N/A ');
      io.stdout.write(
        `  ${word}  ${figureLabel(slo.metric)} ${slo.op} ${formatFigure(slo.metric, slo.threshold)}: measured ` +
          `${formatFigure(slo.metric, slo.actual)}\n`,
      );
    }
    for (const line of lines) io.stdout.write(`${line}\n`);
    io.stdout.write(`  exit ${gate.exitCode}\n`);
  }
  return gate.exitCode;
}

export async function compareCommand(
  argv: string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('compare', argv, COMPARE_OPTIONS);
  if (values.help) {
    io.stdout.write(COMPARE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2) {
    throw new ChatproofError(
      `chatproof compare: expected two runs, <baseline> <candidate> (results.json files or run folders), got ` +
        `${positionals.length}. Run "chatproof compare --help".`,
    );
  }
  return runGateCommand({ baselinePath: positionals[0], candidatePath: positionals[1], values }, io);
}
