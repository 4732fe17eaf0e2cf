// The shape every rule check kind implements; the registry in index.ts maps kind -> handler.
import type { CheckSpec } from '../../core/types.js';

export type CheckKind = CheckSpec['kind'];
/** Kinds decided by a rule on the reply alone; `judge` needs a judge model's verdict. */
export type RuleKind = Exclude<CheckKind, 'judge'>;
export type SpecOf<K extends CheckKind> = Extract<CheckSpec, { kind: K }>;

/** What one check concluded about one reply; `expected` and `found` are shown to a PM. */
export interface CheckOutcome {
  passed: boolean;
  expected: string;
  found: string;
}

export interface CheckHandler<K extends RuleKind> {
  /** Pure: the same spec and reply always give the same outcome. */
  evaluate(spec: SpecOf<K>, reply: string): CheckOutcome;
}
