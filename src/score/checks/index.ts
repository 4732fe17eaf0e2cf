// Check registry: one pure handler per kind, looked up by name. A new kind is a new file plus
// one line here (and a schema/loader entry for its spec).
import type { Check, CheckResult } from '../../core/types.js';
import { contains } from './contains.js';
import { language } from './language.js';
import { length } from './length.js';
import { notContains } from './not-contains.js';
import { regex } from './regex.js';
import type { CheckHandler, CheckKind, CheckOutcome, SpecOf } from './types.js';

export type { CheckHandler, CheckKind, CheckOutcome, SpecOf } from './types.js';

export const checkHandlers: { readonly [K in CheckKind]: CheckHandler<K> } = {
  contains,
  not_contains: notContains,
  regex,
  language,
  length,
};

function evaluate(check: Check, reply: string): CheckOutcome {
  const handler = checkHandlers[check.spec.kind] as CheckHandler<CheckKind> | undefined;
  // Specs come from YAML; the loader validates them, but a record replayed from an older or
  // hand-edited file may still carry an unknown kind: fail it rather than crash the report.
  if (handler === undefined) {
    return { passed: false, expected: `a check of kind "${String(check.spec.kind)}"`, found: 'unknown check kind' };
  }
  try {
    return handler.evaluate(check.spec as SpecOf<CheckKind>, reply);
  } catch (error) {
    return { passed: false, expected: check.name, found: `check failed to run: ${(error as Error).message}` };
  }
}

/** Run one check against a reply. */
export function runCheck(check: Check, reply: string): CheckResult {
  const outcome = evaluate(check, reply);
  const fact = check.fact === undefined ? {} : { fact: check.fact };
  return { name: check.name, kind: check.spec.kind, ...fact, memory: check.memory, ...outcome };
}

/** Run a turn's checks against its reply, in order. */
export function runChecks(checks: readonly Check[], reply: string): CheckResult[] {
  return checks.map((check) => runCheck(check, reply));
}
