// chatproof compare <baseline> <candidate>: is the candidate run worse than the baseline?
// Also the engine of `chatproof gate` (gate.ts), which is the same without a required baseline.

import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isLoadRun } from '../../compare/run-kind.js';
import { ChatproofError, EXIT } from '../../core/errors.js';
import type { Slo } from '../../core/types.js';
import { gateRun } from '../../gate/run-gate.js';
import { formatFigure } from '../../metrics/format.js';
import type { MetricScope } from '../../metrics/registry.js';
import { figureLabel } from '../../metrics/registry.js';
import { parseSlo, SloSyntaxError } from '../../metrics/slo.js';
import { paletteFor } from '../../report/text.js';
import { rejudge } from '../../score/rejudge.js';
import { readResultsFile, resolveResultsPath } from '../../store/results-file.js';
import { parseCommandArgs, parsePositiveInt } from '../flags.js';
import { writeGateOutputs } from '../gate-outputs.js';

export const COMPARE_HELP = `Usage: chatproof compare <baseline> <candidate> [options]

Compares two runs (results.json files or run folders) and says whether the candidate regressed:
latency P50/P95 (TTFT, end-to-end, and inter-token latency from the turns.jsonl in each run
folder; without it ITL is reported as not compared) by a cluster bootstrap over conversations,
context accuracy and interruption rate by Fisher's exact test. Too few samples give
"inconclusive" with the number of conversations that would decide. Also re-checks the
candidate's SLOs.

  --tolerance T          latency slowdown tolerated, e.g. 10% (default) or 0.1
  --alpha A              one-sided significance level (default 0.05)
  --resamples N          bootstrap resamples (default 2000)      --seed N   PRNG seed (default 1)
  --slo EXPR             add or replace an SLO on the candidate, e.g. "e2e.p95<=800ms", or on goodput:
                         "goodputRate>=90%" / "goodput>=0.5/s" (conversations meeting every SLO)
  --junit FILE           write JUnit XML (a test case per SLO, check, conversation and figure)
  --markdown FILE        write a Markdown summary (also appended to $GITHUB_STEP_SUMMARY when set)
  --html FILE            comparison page (default: compare.html beside the candidate's results)
  --json FILE            the comparison as JSON (load runs: {gate, comparison, exitCode})
  --fail-inconclusive    exit 4 when the comparison or an SLO is inconclusive
  --quiet                print nothing but errors
Load runs ("chatproof load"; both runs must be load runs, or both eval runs)
  --slo EXPR             judged on every level's figures, with the run's own SLOs; also
                         "queue.p99<=50ms", "e2e_from_intended.p95<=1s", "requestsPerSecond>=5/s"
  --at-load N            gate only the level at N users (closed loop) or N conv/s (open loop);
                         repeatable; exit 2 naming the loads available when no level ran at N
  --min-knee N           fail when the knee (largest load meeting every SLO with a valid
                         harness) is below N
                         Without either: every level must meet its SLOs (a sweep: a knee must
                         exist), as "chatproof load" exits. A level whose harness fell behind
                         never counts as a pass (exit 4 when the gate rests on it).
  With a baseline, levels at the same load are compared (cluster bootstrap over each level's
  conversations, Fisher per level) and so are the knees; levels in one run only are listed.

Exit codes: 0 pass · 1 SLO breach or regression · 2 bad input · 3 target unreachable in the
candidate run · 4 inconclusive (with --fail-inconclusive), or a load level the gate rests on
was measured by a harness that fell behind
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
  'at-load': { type: 'string', multiple: true },
  'min-knee': { type: 'string' },
  'fail-inconclusive': { type: 'boolean', default: false },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

/** "10%", "0.1": a fraction. A bare number above 1 is ambiguous, so it is refused. */
export function parseTolerance(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%)?\s*$/.exec(text);
  if (!m)
    throw new ChatproofError(`${flag}: expected a percentage such as 10% or a fraction such as 0.1, got "${text}".`);
  const n = Number(m[1]);
  if (m[2]) return n / 100;
  if (n > 1)
    throw new ChatproofError(`${flag}: "${text}" is ambiguous; write ${n}% for a percentage or a fraction below 1.`);
  return n;
}

function parseAlpha(text: string): number {
  const n = Number(text);
  if (!(n > 0 && n < 0.5))
    throw new ChatproofError(`--alpha: expected a significance level between 0 and 0.5 (e.g. 0.05), got "${text}".`);
  return n;
}

/** A load: "8" (users), "2", "2/s" or "0.5" (conversations per second). */
export function parseLoadValue(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(\/s|users?)?\s*$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!(n > 0))
    throw new ChatproofError(
      `${flag}: expected a load above 0, users (e.g. 8) or conversations per second (e.g. 2/s), got "${text}".`,
    );
  return n;
}

/** `--slo` values; with a scope, a metric not measured there is refused before anything runs. */
export function parseSloFlags(values: unknown, scope?: MetricScope): Slo[] {
  return ((values as string[] | undefined) ?? []).map((expr) => {
    try {
      return parseSlo(expr, scope);
    } catch (error) {
      if (error instanceof SloSyntaxError) throw new ChatproofError(`--slo: ${error.message}.`);
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
    ...(v.resamples !== undefined
      ? { resamples: Math.max(100, parsePositiveInt('--resamples', v.resamples as string)) }
      : {}),
    ...(v.seed !== undefined ? { seed: parsePositiveInt('--seed', v.seed as string) } : {}),
  };
  const atLoads = ((v['at-load'] as string[] | undefined) ?? []).map((x) => parseLoadValue('--at-load', x));
  const minKnee = v['min-knee'] !== undefined ? parseLoadValue('--min-knee', v['min-knee'] as string) : undefined;
  const baselineFile = flags.baselinePath !== undefined ? resolveResultsPath(flags.baselinePath) : undefined;
  const baseline = baselineFile !== undefined ? readResultsFile(baselineFile) : undefined;
  const candidateFile = resolveResultsPath(flags.candidatePath);
  const loaded = readResultsFile(candidateFile);
  const load = isLoadRun(loaded);
  const slos = parseSloFlags(v.slo, load ? 'load' : 'eval');
  // Load runs are judged level by level (gateRun); the summary pooled over levels is not.
  const candidate = load ? loaded : rejudge(loaded, slos);
  const outDir = path.dirname(candidateFile);
  const gate = await gateRun(candidate, {
    baseline,
    ...(baselineFile !== undefined ? { baselineFile } : {}),
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
