// Validated YAML data -> the Scenario shape of types.ts.

import type {
  Check,
  CheckSpec,
  Fact,
  HistoryMode,
  JudgeSettings,
  ModelParams,
  Scenario,
  ScenarioTurn,
  SimulateSpec,
  Slo,
} from '../core/types.js';
import { defaultSlos, mergeSlos, parseCondition, resolveMetric } from '../metrics/slo.js';
import { describeCheckSpec } from './describe.js';
import { scenarioHash } from './hash.js';
import { isSloOff } from './semantic.js';

// YAML reads an unquoted 40917 as a number; a term is text, so numbers are taken as written.
type StringList = string | number | Array<string | number>;

/** The file format, as documented in schemas/scenario.schema.json (after validation). */
export interface ScenarioFile {
  name: string;
  description?: string;
  system?: string;
  params?: ModelParams;
  runs?: number;
  history?: HistoryMode;
  facts?: Record<string, { turn: number; text: string }>;
  turns?: Array<{ user: string; assistant?: string; checks?: CheckEntry[] }>;
  slo?: Record<string, string | null>;
  judge?: JudgeSettings;
  simulate?: {
    persona: string;
    goal: string;
    facts?: string[];
    max_turns?: number;
    stop?: string;
    language?: string;
    target?: string;
    model?: string;
    checks?: CheckEntry[];
  };
}

export interface CheckEntry {
  name?: string;
  fact?: string;
  memory?: boolean;
  contains?: StringList | { any?: StringList; all?: StringList; none?: StringList };
  not_contains?: StringList;
  regex?: string | { pattern: string; flags?: string; negate?: boolean };
  language?: string | { is: string; min_ratio?: number };
  length?: { min?: number; max?: number };
  judge?: boolean | string | { rubric?: string; min_score?: number };
}

const list = (value: StringList): string[] => (Array.isArray(value) ? value : [value]).map(String);

export function checkSpec(entry: CheckEntry): CheckSpec {
  if (entry.contains !== undefined) {
    const c = entry.contains;
    if (typeof c !== 'object' || Array.isArray(c)) return { kind: 'contains', any: list(c) };
    return {
      kind: 'contains',
      ...(c.any !== undefined && { any: list(c.any) }),
      ...(c.all !== undefined && { all: list(c.all) }),
      ...(c.none !== undefined && { none: list(c.none) }),
    };
  }
  if (entry.not_contains !== undefined) return { kind: 'not_contains', any: list(entry.not_contains) };
  if (entry.regex !== undefined) {
    const r = entry.regex;
    if (typeof r === 'string') return { kind: 'regex', pattern: r };
    return {
      kind: 'regex',
      pattern: r.pattern,
      ...(r.flags && { flags: r.flags }),
      ...(r.negate !== undefined && { negate: r.negate }),
    };
  }
  if (entry.language !== undefined) {
    const l = entry.language;
    if (typeof l === 'string') return { kind: 'language', language: l };
    return { kind: 'language', language: l.is, ...(l.min_ratio !== undefined && { minRatio: l.min_ratio }) };
  }
  if (entry.length !== undefined) return { kind: 'length', ...entry.length };
  if (entry.judge !== undefined) {
    const j = entry.judge;
    if (typeof j === 'string') return { kind: 'judge', rubric: j };
    if (typeof j === 'boolean') return { kind: 'judge' };
    return {
      kind: 'judge',
      ...(j.rubric !== undefined && { rubric: j.rubric }),
      ...(j.min_score !== undefined && { minScore: j.min_score }),
    };
  }
  // Unreachable after validation, which requires exactly one kind per check.
  throw new Error('check without a kind');
}

/** A check back in the file's form (the inverse of checkSpec + toCheck), for writing scenarios. */
export function checkEntry(check: Check): CheckEntry {
  const spec = check.spec;
  const entry: CheckEntry = { name: check.name, ...(check.fact !== undefined && { fact: check.fact }) };
  if (check.fact === undefined && check.memory) entry.memory = true;
  switch (spec.kind) {
    case 'contains':
      entry.contains = {
        ...(spec.any && { any: spec.any }),
        ...(spec.all && { all: spec.all }),
        ...(spec.none && { none: spec.none }),
      };
      break;
    case 'not_contains':
      entry.not_contains = spec.any;
      break;
    case 'regex':
      entry.regex = {
        pattern: spec.pattern,
        ...(spec.flags && { flags: spec.flags }),
        ...(spec.negate && { negate: true }),
      };
      break;
    case 'language':
      entry.language = { is: spec.language, ...(spec.minRatio !== undefined && { min_ratio: spec.minRatio }) };
      break;
    case 'length':
      entry.length = {
        ...(spec.min !== undefined && { min: spec.min }),
        ...(spec.max !== undefined && { max: spec.max }),
      };
      break;
    case 'judge':
      entry.judge =
        spec.rubric === undefined && spec.minScore === undefined
          ? true
          : {
              ...(spec.rubric !== undefined && { rubric: spec.rubric }),
              ...(spec.minScore !== undefined && { min_score: spec.minScore }),
            };
      break;
  }
  return entry;
}

function simulateSpec(s: NonNullable<ScenarioFile['simulate']>): SimulateSpec {
  return {
    persona: s.persona,
    goal: s.goal,
    facts: [...(s.facts ?? [])],
    maxTurns: s.max_turns ?? 6,
    ...(s.stop !== undefined && { stop: s.stop }),
    ...(s.language !== undefined && { language: s.language }),
    ...(s.target !== undefined && { target: s.target }),
    ...(s.model !== undefined && { model: s.model }),
    checks: (s.checks ?? []).map(toCheck),
  };
}

function toCheck(entry: CheckEntry): Check {
  const spec = checkSpec(entry);
  return {
    name: entry.name ?? describeCheckSpec(spec),
    spec,
    ...(entry.fact !== undefined && { fact: entry.fact }),
    memory: entry.fact !== undefined || entry.memory === true,
  };
}

/** Defaults, then the scenario's own conditions; `off`/null removes a metric's objectives. */
export function scenarioSlos(slo: ScenarioFile['slo']): Slo[] {
  const entries = Object.entries(slo ?? {});
  const own = entries
    .filter(([, v]) => !isSloOff(v))
    .map(([metric, condition]) => parseCondition(metric, condition as string));
  const dropped = new Set(entries.filter(([, v]) => isSloOff(v)).map(([metric]) => resolveMetric(metric)));
  return mergeSlos(defaultSlos(), own).filter((s) => !dropped.has(s.metric));
}

export function normaliseScenario(data: ScenarioFile, file: string): Scenario {
  const turns: ScenarioTurn[] = (data.turns ?? []).map((turn, i) => ({
    index: i + 1,
    user: turn.user,
    ...(turn.assistant !== undefined && { assistant: turn.assistant }),
    checks: (turn.checks ?? []).map(toCheck),
  }));
  const facts: Fact[] = Object.entries(data.facts ?? {}).map(([id, fact]) => ({
    id,
    text: fact.text,
    turn: fact.turn,
    probedAt: turns.filter((t) => t.checks.some((c) => c.fact === id)).map((t) => t.index),
  }));
  const params: ModelParams = { ...(data.params ?? {}) };
  if (params.stop) params.stop = [...params.stop];
  const scenario: Omit<Scenario, 'hash'> = {
    name: data.name,
    ...(data.description !== undefined && { description: data.description }),
    file,
    ...(data.system !== undefined && { system: data.system }),
    params,
    history: data.history ?? 'live',
    runs: data.runs ?? 1,
    facts,
    turns,
    slo: scenarioSlos(data.slo),
    ...(data.judge !== undefined && { judge: { ...data.judge } }),
    ...(data.simulate !== undefined && { simulate: simulateSpec(data.simulate) }),
  };
  return { ...scenario, hash: scenarioHash(scenario) };
}
