// chatproof judge-check <scenario...>: a judge's accuracy on the scenarios' scripted replies and
// mechanically falsified copies of them.
import { writeFileSync } from 'node:fs';
import { ChatproofError, EXIT } from '../../core/errors.js';
import { inertText } from '../../report/text.js';
import {
  type CalibrationOutcome,
  calibrationCases,
  calibrationFigures,
  runCalibration,
} from '../../run/judge-check.js';
import { parseCommandArgs, parseTolerance } from '../flags.js';
import { JUDGE_CHECK_HELP } from '../help/judge-check.js';
import { JUDGE_OPTIONS, judgeFromFlags } from '../judge-setup.js';
import { loadScenarioFiles, stopOnCtrlC } from '../run-setup.js';

const OPTIONS = {
  json: { type: 'string' },
  'min-accuracy': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  ...JUDGE_OPTIONS,
} as const;

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

function caseLine(o: CalibrationOutcome): string {
  const mark = o.verdict === undefined ? '!' : o.verdict === o.expected ? '✓' : '✗';
  const verdict = o.verdict ?? 'no verdict';
  const why = o.reason ?? o.failure ?? '';
  return (
    `  ${mark} ${inertText(o.scenario, 24)} turn ${o.turn} ${o.fact ?? '(rubric)'} ${o.kind}: ` +
    `expected ${o.expected}, ` +
    `judge ${verdict} — ${inertText(why, 80)}\n      reply: ${inertText(o.reply, 100)}\n`
  );
}

export async function judgeCheckCommand(
  argv: string[],
  io: Io = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('judge-check', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(JUDGE_CHECK_HELP);
    return EXIT.ok;
  }
  if (positionals.length === 0) {
    throw new ChatproofError('chatproof judge-check: name at least one scenario file.');
  }
  const minAccuracy =
    values['min-accuracy'] === undefined
      ? undefined
      : parseTolerance('--min-accuracy', values['min-accuracy'] as string);
  const scenarios = await loadScenarioFiles('judge-check', positionals, [], io.stderr);
  const wanted =
    (values['judge-target'] as string | undefined) ||
    process.env.CHATPROOF_JUDGE_TARGET ||
    scenarios.find((s) => s.judge)?.judge?.target;
  if (!wanted) {
    throw new ChatproofError(
      'chatproof judge-check: name the judge to measure: --judge-target URL (or "bundled") and --judge-model NAME, ' +
        'CHATPROOF_JUDGE_TARGET, or the scenario\'s "judge:".',
    );
  }
  // Every fact probe is graded here, rule-checked or judged: force the judge to be resolved.
  const forJudge = scenarios.map((s) => ({
    ...s,
    turns: [{ index: 0, user: '', checks: [{ name: 'probe', spec: { kind: 'judge' as const }, memory: true }] }],
  }));
  const judged = await judgeFromFlags({ ...values, 'judge-target': wanted }, forJudge, undefined, io.stderr);
  const stop = stopOnCtrlC(io.stderr, 'stopping after the case in flight');
  const outcomes: CalibrationOutcome[] = [];
  try {
    for (const scenario of scenarios) {
      const { cases, skipped } = calibrationCases(scenario);
      for (const why of skipped) io.stderr.write(`note: ${scenario.name} ${why}\n`);
      const done = await runCalibration(judged.judge!, scenario, cases, stop.signal);
      for (const o of done) io.stdout.write(caseLine(o));
      outcomes.push(...done);
    }
  } finally {
    stop.dispose();
    await judged.close();
  }
  const f = calibrationFigures(outcomes);
  const pct = (x: number | null) => (x === null ? 'unknown' : `${(x * 100).toFixed(1)}%`);
  io.stdout.write(
    `\nJudge ${judged.info?.model} at ${judged.info?.target}: accuracy ${pct(f.accuracy)} ` +
      `(${f.correct} of ${f.judged} ` +
      `judged cases), false passes ${f.falsePasses}, false fails ${f.falseFails}` +
      `${f.judgeFailures > 0 ? `, ${f.judgeFailures} case(s) without a verdict` : ''}\n`,
  );
  if (values.json) {
    writeFileSync(
      values.json as string,
      `${JSON.stringify({ judge: judged.info, figures: f, cases: outcomes }, null, 2)}\n`,
    );
  }
  if (outcomes.length > 0 && f.judged === 0 && outcomes.every((o) => o.failure?.startsWith('judge_unreachable'))) {
    return EXIT.unreachable;
  }
  if (f.judged === 0) return EXIT.sloFailed;
  if (minAccuracy !== undefined && (f.accuracy ?? 0) < minAccuracy) return EXIT.sloFailed;
  return EXIT.ok;
}
