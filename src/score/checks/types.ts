// The shape every check kind implements; the registry in index.ts maps kind -> handler.
import type { CheckSpec } from '../../core/types.js';

export type CheckKind = CheckSpec['kind'];
export type SpecOf<K extends CheckKind> = Extract<CheckSpec, { kind: K }>;

/** What one check concluded about one reply; `expected` and `found` are shown to a PM. */
export interface CheckOutcome {
  passed: boolean;
  expected: string;
  found: string;
}

export interface CheckHandler<K extends CheckKind> {
  /** Pure: the same spec and reply always give the same outcome. */
  evaluate(spec: SpecOf<K>, reply: string): CheckOutcome;
}
