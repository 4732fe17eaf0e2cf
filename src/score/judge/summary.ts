// The judge's own figures for results.json: verdicts, failures by cause, latency and tokens, and
// how often rule checks and the judge agree on the same fact. Pure; nothing here touches the
// target's latency or interruption figures, which never see a judge request.
import type {
  JudgeAgreement,
  JudgeCalibration,
  JudgeFailureCause,
  JudgeSummary,
  TurnRecord,
} from '../../core/types.js';
import { distribution } from '../../metrics/stats.js';

/** Cohen's kappa for two raters on pass/fail: (po - pe) / (1 - pe); null when pe is 1. */
export function cohensKappa(bothPassed: number, bothFailed: number, aOnly: number, bOnly: number): number | null {
  const n = bothPassed + bothFailed + aOnly + bOnly;
  if (n === 0) return null;
  const po = (bothPassed + bothFailed) / n;
  const aPass = (bothPassed + aOnly) / n;
  const bPass = (bothPassed + bOnly) / n;
  const pe = aPass * bPass + (1 - aPass) * (1 - bPass);
  if (pe >= 1) return null;
  return (po - pe) / (1 - pe);
}

/** Rule vs judge per (turn, fact): the rule side passes when all its rule checks on the fact pass. */
export function judgeAgreement(records: readonly TurnRecord[]): JudgeAgreement {
  let bothPassed = 0;
  let bothFailed = 0;
  let ruleOnlyPassed = 0;
  let judgeOnlyPassed = 0;
  for (const record of records) {
    if (!record.ok) continue;
    const facts = new Set(record.checks.filter((c) => c.fact !== undefined).map((c) => c.fact as string));
    for (const fact of facts) {
      const rule = record.checks.filter((c) => c.fact === fact && c.kind !== 'judge');
      const judged = record.checks.filter((c) => c.fact === fact && c.kind === 'judge');
      if (rule.length === 0 || judged.length === 0) continue;
      const r = rule.every((c) => c.passed);
      const j = judged.every((c) => c.passed);
      if (r && j) bothPassed++;
      else if (!r && !j) bothFailed++;
      else if (r) ruleOnlyPassed++;
      else judgeOnlyPassed++;
    }
  }
  const pairs = bothPassed + bothFailed + ruleOnlyPassed + judgeOnlyPassed;
  return {
    pairs,
    agreed: bothPassed + bothFailed,
    bothPassed,
    bothFailed,
    ruleOnlyPassed,
    judgeOnlyPassed,
    kappa: cohensKappa(bothPassed, bothFailed, ruleOnlyPassed, judgeOnlyPassed),
  };
}

export interface JudgeRunInfo {
  target?: string;
  selfJudged?: boolean;
  calibration?: JudgeCalibration;
}

/** Undefined when the run has no judged check at all. */
export function judgeSummary(records: readonly TurnRecord[], info: JudgeRunInfo = {}): JudgeSummary | undefined {
  const verdicts = records.flatMap((r) => r.checks.filter((c) => c.judge !== undefined));
  const failures = records.flatMap((r) => r.judgeFailures ?? []);
  if (verdicts.length === 0 && failures.length === 0) return undefined;
  const failuresByCause: Partial<Record<JudgeFailureCause, number>> = {};
  for (const f of failures) failuresByCause[f.cause] = (failuresByCause[f.cause] ?? 0) + 1;
  const asked = verdicts.filter((c) => c.judge?.cached !== true);
  const models = new Set([...verdicts.map((c) => c.judge?.model), ...failures.map((f) => f.model)]);
  return {
    models: [...models].filter((m): m is string => typeof m === 'string').sort(),
    ...(info.target !== undefined && { target: info.target }),
    selfJudged: info.selfJudged === true,
    verdicts: verdicts.length,
    passed: verdicts.filter((c) => c.passed).length,
    failures: failures.length,
    failuresByCause,
    cached: verdicts.length - asked.length,
    requests: asked.reduce((n, c) => n + (c.judge?.attempts ?? 0), 0) + failures.reduce((n, f) => n + f.attempts, 0),
    latencyMs: distribution(asked.flatMap((c) => (c.judge?.latencyMs === undefined ? [] : [c.judge.latencyMs]))),
    promptTokens: asked.reduce((n, c) => n + (c.judge?.promptTokens ?? 0), 0),
    completionTokens: asked.reduce((n, c) => n + (c.judge?.completionTokens ?? 0), 0),
    agreement: judgeAgreement(records),
    ...(info.calibration !== undefined && { calibration: info.calibration }),
  };
}
