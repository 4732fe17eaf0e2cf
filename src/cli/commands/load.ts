// chatproof load <scenario.yaml...>: virtual users play the scenarios level after level; per-level
// figures, harness health and the knee go to results.json (its `load` section) and the terminal.

import { once } from 'node:events';
import { apiKeyFromEnv, createChatClient, normalizeBaseUrl } from '../../client/index.js';
import { clientThreadFromEnv, createThreadedChatClient } from '../../client/threaded.js';
import { ChatproofError, EXIT } from '../../core/errors.js';
import { redactUrl } from '../../core/redact.js';
import type { Scenario, Slo } from '../../core/types.js';
import { decide } from '../../gate/decide.js';
import { judgeLoadRun } from '../../gate/load-gate.js';
import { DEFAULT_HARNESS_LIMITS } from '../../load/health.js';
import { loadLabel } from '../../load/levels.js';
import { executeLoadRun } from '../../load/load-run.js';
import {
  DEFAULT_SWEEP_REFINE,
  describeSweepBudget,
  fixedPlan,
  type LevelPlanner,
  type SweepOptions,
  sweepPlan,
} from '../../load/sweep.js';
import { defaultSlos, mergeSlos, parseSlo, SloSyntaxError } from '../../metrics/slo.js';
import { isReportLang } from '../../report/i18n/strings.js';
import { levelLine, renderLoadSummary } from '../../report/terminal/load.js';
import { paletteFor } from '../../report/text.js';
import { defaultOutDir, releaseOutDir } from '../../store/out-dir.js';
import {
  parseArrivals,
  parseCommandArgs,
  parseNonNegativeInt,
  parsePositiveDurationMs,
  parsePositiveInt,
  parseRateList,
  parseShard,
  parseSweepRefine,
  parseThink,
  parseUsersList,
} from '../flags.js';
import { LOAD_HELP } from '../help/load.js';
import { claimRunDir, loadScenarioFiles, stopOnCtrlC, targetFromFlags, writeFailureError } from '../run-setup.js';
import { writeReports } from '../write-reports.js';
import { runRawMode } from './load-raw.js';

const OPTIONS = {
  'warm-up': { type: 'string' },
  target: { type: 'string' },
  model: { type: 'string' },
  stream: { type: 'boolean', default: true },
  users: { type: 'string' },
  rate: { type: 'string' },
  sweep: { type: 'boolean', default: false },
  'sweep-max': { type: 'string' },
  'sweep-refine': { type: 'string' },
  arrivals: { type: 'string' },
  'max-concurrent': { type: 'string' },
  duration: { type: 'string' },
  warmup: { type: 'string' },
  drain: { type: 'string' },
  think: { type: 'string' },
  seed: { type: 'string' },
  'max-requests': { type: 'string' },
  'max-harness-lag': { type: 'string' },
  'max-timing-stall': { type: 'string' },
  shard: { type: 'string' },
  raw: { type: 'boolean', default: false },
  connections: { type: 'string' },
  set: { type: 'string', multiple: true },
  slo: { type: 'string', multiple: true },
  'connect-timeout': { type: 'string' },
  'first-token-timeout': { type: 'string' },
  'idle-timeout': { type: 'string' },
  'total-timeout': { type: 'string' },
  out: { type: 'string' },
  quiet: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
  lang: { type: 'string' },
  report: { type: 'boolean', default: true },
  download: { type: 'boolean', default: true },
} as const;

export interface LoadIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
}

function parseSlos(values: Record<string, unknown>, scenarios: Scenario[]): Slo[] {
  const given = ((values.slo as string[] | undefined) ?? []).map((expr) => {
    try {
      return parseSlo(expr, 'load');
    } catch (error) {
      if (error instanceof SloSyntaxError) throw new ChatproofError(`--slo: ${error.message}.`);
      throw error;
    }
  });
  const fromScenarios = scenarios.flatMap((s) => s.slo);
  return mergeSlos(fromScenarios.length > 0 || given.length > 0 ? [] : defaultSlos(), fromScenarios, given);
}

function planner(values: Record<string, unknown>): { plan: LevelPlanner; sweep: boolean; sweepOptions?: SweepOptions } {
  const users = values.users as string | undefined;
  const rate = values.rate as string | undefined;
  if (users !== undefined && rate !== undefined)
    throw new ChatproofError('chatproof load: give --users (closed loop) or --rate (open loop), not both.');
  const sweep = values.sweep as boolean;
  const refine = parseSweepRefine(values['sweep-refine'] as string | undefined, sweep);
  if (sweep) {
    const kind = rate !== undefined ? 'rate' : 'users';
    const start = rate !== undefined ? parseRateList(rate)[0]! : users !== undefined ? parseUsersList(users)[0]! : 1;
    const maxText = values['sweep-max'] as string | undefined;
    const max =
      maxText === undefined
        ? kind === 'users'
          ? 256
          : 64
        : kind === 'users'
          ? parsePositiveInt('--sweep-max', maxText)
          : parseRateList(maxText)[0]!;
    if (max < start) throw new ChatproofError(`--sweep-max ${max} is below the sweep's start (${start}).`);
    const sweepOptions: SweepOptions = { start, max, kind, ...(refine !== undefined ? { refine } : {}) };
    return { plan: sweepPlan(sweepOptions), sweep, sweepOptions };
  }
  if (users !== undefined) return { plan: fixedPlan(parseUsersList(users).map((n) => ({ users: n }))), sweep };
  if (rate !== undefined) return { plan: fixedPlan(parseRateList(rate).map((r) => ({ ratePerSecond: r }))), sweep };
  throw new ChatproofError(
    'chatproof load: say how much load: --users 1,8,32 (closed loop), --rate 2/s (open loop), or --sweep.',
  );
}

function timeouts(values: Record<string, unknown>): Record<string, number> {
  const pick = (flag: string, key: string): Record<string, number> =>
    values[flag] ? { [key]: parsePositiveDurationMs(`--${flag}`, values[flag] as string) } : {};
  return {
    ...pick('connect-timeout', 'connectMs'),
    ...pick('first-token-timeout', 'firstTokenMs'),
    ...pick('idle-timeout', 'idleMs'),
    ...pick('total-timeout', 'totalMs'),
  };
}

export async function loadCommand(
  argv: string[],
  io: LoadIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('load', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(LOAD_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0)
    throw new ChatproofError(
      'chatproof load: name at least one scenario file, e.g. "chatproof load scenarios/breakup.yaml --users 1,8".',
    );
  const raw = values.raw as boolean;
  const { plan, sweep, sweepOptions } = raw
    ? { plan: fixedPlan([]), sweep: false, sweepOptions: undefined }
    : planner(values);
  const shard = values.shard ? parseShard(values.shard as string) : { index: 1, count: 1 };
  if (sweep && shard.count > 1)
    throw new ChatproofError(
      '--sweep with --shard: each shard would stop at a different level; run fixed levels (--users/--rate) on every ' +
        'shard, then merge.',
    );
  const durationMs = parsePositiveDurationMs('--duration', (values.duration as string | undefined) ?? '30s');
  const warmupMs = parsePositiveDurationMs('--warmup', (values.warmup as string | undefined) ?? '5s', true);
  const drainMs = parsePositiveDurationMs('--drain', (values.drain as string | undefined) ?? '60s', true);
  const harnessLimits = {
    ...DEFAULT_HARNESS_LIMITS,
    ...(values['max-harness-lag'] !== undefined
      ? { maxLagMs: parsePositiveDurationMs('--max-harness-lag', values['max-harness-lag'] as string) }
      : {}),
    ...(values['max-timing-stall'] !== undefined
      ? { maxStallMs: parsePositiveDurationMs('--max-timing-stall', values['max-timing-stall'] as string) }
      : {}),
  };
  const thinkText = values.think as string | undefined;
  const think = parseThink(thinkText ?? '0');
  const seed = values.seed === undefined ? 1 : parseNonNegativeInt('--seed', values.seed as string);
  const arrivals = parseArrivals((values.arrivals as string | undefined) ?? 'poisson');
  const maxConcurrent =
    values['max-concurrent'] === undefined
      ? 1000
      : parsePositiveInt('--max-concurrent', values['max-concurrent'] as string);
  const maxRequests =
    values['max-requests'] === undefined
      ? 100_000
      : parsePositiveInt('--max-requests', values['max-requests'] as string);
  const connections =
    values.connections === undefined ? 16 : parsePositiveInt('--connections', values.connections as string);
  const overrides = [...((values.set as string[] | undefined) ?? [])];
  const scenarios = await loadScenarioFiles('load', positionals, overrides, io.stderr);
  const slos = parseSlos(values, scenarios);
  const stream = values.stream as boolean;
  const lang = (values.lang as string | undefined) ?? 'en';
  if (!isReportLang(lang)) throw new ChatproofError(`--lang: expected "en" or "zh-CN", got "${lang}".`);
  const outDir = claimRunDir('load', values.out as string | undefined, () =>
    defaultOutDir(
      scenarios.map((s) => ({ name: `load-${s.name}` })),
      new Date(),
    ),
  );

  const target = await targetFromFlags(values, scenarios, io.stderr, 'load').catch((error: unknown) => {
    // Nothing was measured: the folder claimed for this run is given back.
    releaseOutDir(outDir);
    throw error;
  });
  // One client, one connection pool, for every virtual user: sockets are reused, never opened per
  // request. On its own thread, so the virtual users' work here cannot delay its timestamps.
  const clientOptions = {
    baseUrl: target.baseUrl,
    apiKey: apiKeyFromEnv(),
    model: target.model,
    timeouts: timeouts(values),
  };
  const threaded = clientThreadFromEnv() ? createThreadedChatClient(clientOptions) : undefined;
  const client = threaded ?? createChatClient(clientOptions);
  const stop = stopOnCtrlC(io.stderr, 'finishing the record of turns in flight and writing results');
  const c = paletteFor(io.stdout);
  try {
    // The client thread loads before the first level starts (Ctrl-C still stops the wait).
    if (threaded) {
      const why = await Promise.race([threaded.ready(), once(stop.signal, 'abort').then(() => undefined)]);
      if (why !== undefined) throw new ChatproofError(`chatproof load: ${why}.`, EXIT.internal);
    }
    if (raw) {
      const rawCode = await runRawMode({
        client,
        scenario: scenarios[0]!,
        baseUrl: target.baseUrl,
        model: target.model,
        connections,
        durationMs,
        outDir,
        signal: stop.signal,
        io,
        palette: c,
      });
      return stop.exitCode ?? rawCode;
    }
    if (sweepOptions && !values.quiet)
      io.stderr.write(`${describeSweepBudget(sweepOptions, { warmupMs, durationMs, drainMs, maxRequests })}\n`);
    const run = await executeLoadRun({
      // Untimed first-use costs (run/warm-up.ts): one request unless --warm-up says otherwise.
      warmUpRequests:
        values['warm-up'] === undefined ? 1 : parseNonNegativeInt('--warm-up', values['warm-up'] as string),
      scenarios,
      client,
      outDir,
      stream,
      planner: plan,
      arrivals,
      maxConcurrent,
      warmupMs,
      durationMs,
      drainMs,
      maxRequestsPerLevel: maxRequests,
      harnessLimits,
      think,
      thinkText,
      seed,
      slos,
      shard,
      target: { baseUrl: redactUrl(normalizeBaseUrl(target.baseUrl)), model: target.model, stream },
      // The gate's fingerprint reads `concurrency`: a load run must never pass for single-user figures.
      options: {
        concurrency:
          `load: ` +
          `${sweep ? 'sweep' : values.users ? `users ${values.users as string}` : `rate ${values.rate as string}`}`,
        overrides,
        sweep,
        ...(sweepOptions ? { sweepRefine: sweepOptions.refine ?? DEFAULT_SWEEP_REFINE } : {}),
        arrivals,
        maxConcurrent,
        warmupMs,
        durationMs,
        drainMs,
        maxRequests,
        think: thinkText ?? '0',
        maxHarnessLagMs: harnessLimits.maxLagMs,
        maxTimingStallMs: harnessLimits.maxStallMs,
      },
      serverModels: target.modelsAnswer,
      signal: stop.signal,
      onLevelStart: values.quiet
        ? undefined
        : (index, load) =>
            io.stderr.write(
              `level ${index}: ${loadLabel(load)} for ${durationMs / 1000}s (+${warmupMs / 1000}s warmup)...\n`,
            ),
      onLevel: values.quiet ? undefined : (level) => io.stderr.write(`${levelLine(level, c)}\n`),
    });
    const section = run.results.load!;
    const written = await writeReports(run.results, outDir, {
      lang,
      html: (values.report as boolean) && !run.writeFailure,
      log: (l) => io.stderr.write(`${l}\n`),
    });
    if (!values.quiet) {
      io.stdout.write(renderLoadSummary(section, c, run.resultsPath));
      if (written.html) io.stdout.write(`${c.dim(`  report:  ${written.html}`)}\n`);
    }
    if (run.writeFailure) throw writeFailureError('load', outDir, run.writeFailure);
    if (run.aborted) return stop.exitCode ?? EXIT.interrupted;
    // The same decision `chatproof gate` makes on this folder (gate/decide.ts).
    const loadGate = judgeLoadRun(run.results, []);
    const exitCode = decide({ results: run.results, loadGate, failInconclusive: false, aborted: run.aborted });
    const short = loadGate.levels.filter((l) => l.tooFewFinished);
    for (const level of short) {
      // Loud on purpose: such a level's figures look complete in a table and are not.
      const why = level.notes.find((n) => /finished|answered none/.test(n)) ?? '';
      io.stderr.write(`${c.red(`chatproof load: level ${level.index} (${level.label}) is NOT a pass: ${why}.`)}\n`);
    }
    if (exitCode === EXIT.unreachable) {
      io.stderr.write(
        `chatproof load: the target ${run.results.run.target.baseUrl} could not be reached on any turn.\n`,
      );
    } else if (exitCode === EXIT.inconclusive && short.length === 0) {
      const behind = section.levels.filter((l) => l.health.some((h) => !h.valid)).map((l) => l.index);
      // The harness's own delays are in those figures: neither a pass nor a fail can be trusted.
      io.stderr.write(
        `chatproof load: the harness fell behind at level ${behind.join(', ')} (see "Harness health"); ` +
          'those figures include its own delays. Run fewer users per process (--shard) or on a less busy machine.\n',
      );
    }
    return exitCode;
  } finally {
    stop.dispose();
    await client.close();
    await target.close();
  }
}
