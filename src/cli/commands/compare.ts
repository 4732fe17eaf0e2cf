// chatproof compare <baseline> <candidate>: is the candidate run worse than the baseline?
// Also the engine of `chatproof gate` (gate.ts), which is the same without a required baseline.
import path from 'node:path';
import { writeFileSync } from 'node:fs';
import { rejudge } from '../../gate/decide.js';
import { loadResultsFile, resolveResultsPath } from '../../gate/load-results.js';
import { gateRun } from '../../gate/run-gate.js';
import { parseGateSlo } from '../../gate/goodput.js';
import { SloSyntaxError } from '../../gate/slo.js';
import { sloLabel, sloValue } from '../../report/compare/format.js';
import { paletteFor } from '../../report/text.js';
import type { Slo } from '../../types.js';
import { CliError, EXIT, parseCommandArgs, parsePositiveInt } from '../usage-error.js';

export const COMPARE_HELP = `Usage: chatproof compare <baseline> <candidate> [options]

Compares two runs (results.json files or run folders) and says whether the candidate regressed:
latency P50/P95 (TTFT, end-to-end) by a cluster bootstrap over conversations, context accuracy
and interruption rate by Fisher's exact test. Too few samples give "inconclusive" with the
number of conversations that would decide. Also re-checks the candidate's SLOs.

  --tolerance T          latency slowdown tolerated, e.g. 10% (default) or 0.1
  --alpha A              one-sided significance level (default 0.05)
  --resamples N          bootstrap resamples (default 2000)      --seed N   PRNG seed (default 1)
  --slo EXPR             add or replace an SLO on the candidate, e.g. "e2e.p95<=800ms", or on goodput:
                         "goodputRate>=90%" / "goodput>=0.5/s" (conversations meeting every SLO)
  --junit FILE           write JUnit XML (a test case per SLO, check, conversation and figure)
  --markdown FILE        write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)
  --html FILE            comparison page (default: compare.html beside the candidate's results)
  --json FILE            the comparison as JSON
  --fail-inconclusive    exit 4 when the comparison or an SLO is inconclusive
  --quiet                print nothing but errors

Exit codes: 0 pass · 1 SLO breach or regression · 2 bad input · 3 target unreachable in the
candidate run · 4 inconclusive (with --fail-inconclusive)
`;

export const COMPARE_OPTIONS = {
  tolerance: { type: 'string' },
  alpha: { type: 'string' },
  resamples: { type: 'string' },
  seed: { type: 'string' },
  slo: { type: 'string', multiple: true },
  junit: { type: 'string' },
  markdown: { type: 'string' },
  html: { type: 'string' },
  json: { type: 'string' },
  'fail-inconclusive': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

/** "10%", "0.1": a fraction. A bare number above 1 is ambiguous, so it is refused. */
export function parseTolerance(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%)?\s*$/.exec(text);
  if (!m) throw new CliError(`${flag}: expected a percentage such as 10% or a fraction such as 0.1, got "${text}".`);
  const n = Number(m[1]);
  if (m[2]) return n / 100;
  if (n > 1) throw new CliError(`${flag}: "${text}" is ambiguous; write ${n}% for a percentage or a fraction below 1.`);
  return n;
}

function parseAlpha(text: string): number {
  const n = Number(text);
  if (!(n > 0 && n < 0.5)) throw new CliError(`--alpha: expected a significance level between 0 and 0.5 (e.g. 0.05), got "${text}".`);
  return n;
}

export function parseSloFlags(values: unknown): Slo[] {
  return ((values as string[] | undefined) ?? []).map((expr) => {
    try {
      return parseGateSlo(expr);
    } catch (error) {
      if (error instanceof SloSyntaxError) throw new CliError(`--slo: ${error.message}.`);
      throw error;
    }
  });
}

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
    ...(v.resamples !== undefined ? { resamples: Math.max(100, parsePositiveInt('--resamples', v.resamples as string)) } : {}),
    ...(v.seed !== undefined ? { seed: parsePositiveInt('--seed', v.seed as string) } : {}),
  };
  const slos = parseSloFlags(v.slo);
  const baseline = flags.baselinePath !== undefined ? loadResultsFile(flags.baselinePath) : undefined;
  const candidateFile = resolveResultsPath(flags.candidatePath);
  const candidate = rejudge(loadResultsFile(candidateFile), slos);
  const outDir = path.dirname(candidateFile);
  const gate = await gateRun(candidate, {
    baseline,
    outDir,
    htmlPath: v.html as string | undefined,
    junitPath: v.junit as string | undefined,
    markdownPath: v.markdown as string | undefined,
    failInconclusive: v['fail-inconclusive'] as boolean,
    compare: compareOptions,
    palette: paletteFor(io.stdout),
  });
  if (v.json !== undefined && gate.comparison) {
    try {
      writeFileSync(v.json as string, JSON.stringify(gate.comparison, null, 2) + '\n');
    } catch (error) {
      throw new CliError(`${v.json as string}: cannot write the comparison JSON (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
  }
  if (!v.quiet) {
    const c = paletteFor(io.stdout);
    const s = candidate.summary;
    for (const slo of s.slo) {
      const word = slo.passed === true ? c.green('PASS') : slo.passed === false ? c.red('FAIL') : c.yellow('N/A ');
      io.stdout.write(`  ${word}  ${sloLabel(slo.metric)} ${slo.op} ${sloValue(slo.metric, slo.threshold)}: measured ${sloValue(slo.metric, slo.actual)}\n`);
    }
    for (const line of gate.lines) io.stdout.write(line + '\n');
    io.stdout.write(`  exit ${gate.exitCode}\n`);
  }
  return gate.exitCode;
}

export async function compareCommand(argv: string[], io: CommandIo = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const { values, positionals } = parseCommandArgs('compare', argv, COMPARE_OPTIONS);
  if (values.help) {
    io.stdout.write(COMPARE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 2) {
    throw new CliError(`chatproof compare: expected two runs, <baseline> <candidate> (results.json files or run folders), got ${positionals.length}. Run "chatproof compare --help".`);
  }
  return runGateCommand({ baselinePath: positionals[0], candidatePath: positionals[1], values }, io);
}
