// Check registry: one pure handler per rule kind, looked up by name. A new kind is a new file plus
// one line here (and a schema/loader entry for its spec). Judged checks take their verdict from
// the caller (run/judge.ts asks the judge model): see judge.ts.
import type { Check, CheckResult, JudgeFailure, JudgeFailureCause, JudgeVerdict } from '../../core/types.js';
import { contains } from './contains.js';
import { judgeOutcome } from './judge.js';
import { language } from './language.js';
import { length } from './length.js';
import { notContains } from './not-contains.js';
import { regex } from './regex.js';
import type { CheckHandler, CheckOutcome, RuleKind, SpecOf } from './types.js';

export type { CheckHandler, CheckKind, CheckOutcome, RuleKind, SpecOf } from './types.js';

export const checkHandlers: { readonly [K in RuleKind]: CheckHandler<K> } = {
  contains,
  not_contains: notContains,
  regex,
  language,
  length,
};

/** What the judge said about one judged check: a verdict, or why there is none. */
export type JudgeAnswer =
  | { verdict: JudgeVerdict; rubric: string }
  | { failure: { cause: JudgeFailureCause; message: string; attempts: number; model?: string; latencyMs?: number } };

function evaluate(check: Check, reply: string): CheckOutcome {
  const handler = checkHandlers[check.spec.kind as RuleKind] as CheckHandler<RuleKind> | undefined;
  // Specs come from YAML; the loader validates them, but a record replayed from an older or
  // hand-edited file may still carry an unknown kind: fail it rather than crash the report.
  if (handler === undefined) {
    return { passed: false, expected: `a check of kind "${String(check.spec.kind)}"`, found: 'unknown check kind' };
  }
  try {
    return handler.evaluate(check.spec as SpecOf<RuleKind>, reply);
  } catch (error) {
    return { passed: false, expected: check.name, found: `check failed to run: ${(error as Error).message}` };
  }
}

function identity(check: Check): Pick<CheckResult, 'name' | 'kind' | 'fact' | 'memory'> {
  return {
    name: check.name,
    kind: check.spec.kind,
    ...(check.fact !== undefined && { fact: check.fact }),
    memory: check.memory,
  };
}

/** Run one rule check against a reply. */
export function runCheck(check: Check, reply: string): CheckResult {
  return { ...identity(check), ...evaluate(check, reply) };
}

export interface TurnChecks {
  checks: CheckResult[];
  /** Judged checks without a verdict: a judge failure, never the model's. */
  judgeFailures: JudgeFailure[];
}

/**
 * Score a turn's checks in order. Judged checks take their answer from `answers` (by the check's
 * index in the turn); one without an answer is reported as "no judge configured".
 */
export function scoreTurnChecks(
  checks: readonly Check[],
  reply: string,
  answers: ReadonlyMap<number, JudgeAnswer> = new Map(),
): TurnChecks {
  const out: TurnChecks = { checks: [], judgeFailures: [] };
  checks.forEach((check, i) => {
    if (check.spec.kind !== 'judge') {
      out.checks.push(runCheck(check, reply));
      return;
    }
    const answer = answers.get(i);
    if (answer !== undefined && 'verdict' in answer) {
      const outcome = judgeOutcome(check.spec, answer.rubric, answer.verdict);
      out.checks.push({ ...identity(check), ...outcome, judge: answer.verdict });
      return;
    }
    const failure = answer?.failure ?? {
      cause: 'judge_not_configured' as const,
      message: 'no judge model was set for this run (--judge-target / --judge-model or the scenario\'s "judge:")',
      attempts: 0,
    };
    const { kind: _kind, ...who } = identity(check);
    out.judgeFailures.push({ ...who, ...failure });
  });
  return out;
}

/** Run a turn's rule checks against its reply, in order (judged checks need scoreTurnChecks). */
export function runChecks(checks: readonly Check[], reply: string): CheckResult[] {
  return scoreTurnChecks(checks, reply).checks;
}
