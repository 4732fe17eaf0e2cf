// Checks JSON Schema cannot express: cross-references between facts and turns, regexes that
// compile, SLO conditions that parse. Written defensively: they run on data that may also have
// failed the schema, so that every problem is reported in one pass.

import { didYouMean, suggestion } from '../core/suggest.js';
import { parseCondition, resolveMetric, SLO_NAMES, SloSyntaxError } from '../metrics/slo.js';
import type { Anchor, PathSegment } from './locate.js';
import { compilePattern } from './pattern.js';
import type { RawProblem } from './schema.js';

export const CHECK_KINDS = ['contains', 'not_contains', 'regex', 'language', 'length', 'judge'] as const;
const CHECK_KEYS = new Set<string>([...CHECK_KINDS, 'name', 'fact', 'memory']);

type Record_ = Record<string, unknown>;
const isRecord = (v: unknown): v is Record_ => typeof v === 'object' && v !== null && !Array.isArray(v);

export interface SemanticResult {
  errors: RawProblem[];
  warnings: RawProblem[];
}

/** Values that switch a default SLO off instead of setting it. */
export function isSloOff(value: unknown): boolean {
  return value === null || value === 'off';
}

type Report = (segments: PathSegment[], message: string, anchor?: Anchor, shown?: PathSegment[]) => void;

export function semanticProblems(data: unknown): SemanticResult {
  const errors: RawProblem[] = [];
  const warnings: RawProblem[] = [];
  const into =
    (list: RawProblem[]): Report =>
    (segments, message, anchor = 'value', shown = segments) =>
      list.push({ segments, anchor, shownSegments: shown, message });
  if (!isRecord(data)) return { errors, warnings };
  const error = into(errors);
  const warn = into(warnings);

  const turns = Array.isArray(data.turns) ? data.turns : [];
  const facts = isRecord(data.facts) ? data.facts : {};
  const statedAt = factTurns(facts, turns.length, error);
  const probed = new Set<string>();
  let memoryChecks = 0;
  turns.forEach((turn, t) => {
    if (!isRecord(turn) || !Array.isArray(turn.checks)) return;
    turn.checks.forEach((check, c) => {
      if (!isRecord(check)) return;
      const base: PathSegment[] = ['turns', t, 'checks', c];
      checkKinds(check, base, error);
      if (check.fact !== undefined || check.memory === true) memoryChecks++;
      if (typeof check.fact === 'string') {
        if (factProbe(check, base, t + 1, statedAt, turns.length, error)) probed.add(check.fact);
      }
      checkKindDetails(check, base, error);
    });
  });
  if (data.turns === undefined && data.simulate === undefined) {
    error([], 'missing required key "turns" (the user messages, in order), or "simulate" (a simulated user)');
  }
  if (isRecord(data.simulate)) {
    const sim = data.simulate;
    const simChecks = Array.isArray(sim.checks) ? sim.checks : [];
    simChecks.forEach((check, c) => {
      if (!isRecord(check)) return;
      const base: PathSegment[] = ['simulate', 'checks', c];
      checkKinds(check, base, error);
      if (check.fact !== undefined || check.memory === true) memoryChecks++;
      if (typeof check.fact === 'string') {
        if (statedAt.has(check.fact)) probed.add(check.fact);
        else
          error([...base, 'fact'], `unknown fact "${check.fact}"; declared facts: ${[...statedAt.keys()].join(', ')}`);
      }
      checkKindDetails(check, base, error);
    });
    (Array.isArray(sim.facts) ? sim.facts : []).forEach((id, i) => {
      if (typeof id === 'string' && !statedAt.has(id)) {
        error(['simulate', 'facts', i], `unknown fact "${id}"; declare it under "facts:" with turn: 1`);
      }
    });
  }
  if (data.history === 'recorded') recordedHistory(turns, error);
  if (isRecord(data.slo)) sloConditions(data.slo, error);

  for (const id of Object.keys(facts)) {
    if (!probed.has(id))
      warn(
        ['facts', id],
        `fact "${id}" is never probed: no check says "fact: ${id}", so it does not count toward context accuracy`,
        'key',
      );
  }
  const contextAccuracyGated =
    !isRecord(data.slo) ||
    !Object.entries(data.slo).some(([k, v]) => resolveMetric(k) === 'contextAccuracy' && isSloOff(v));
  if ((turns.length > 0 || isRecord(data.simulate)) && memoryChecks === 0 && contextAccuracyGated) {
    warn(
      ['turns'],
      'no check counts toward context accuracy (none has "fact:" or "memory: true"), so the contextAccuracy ' +
        'objective will read "unknown"; add fact probes or drop it with "slo: { contextAccuracy: off }"',
      'key',
    );
  }
  return { errors, warnings };
}

/** Every declared fact id -> the turn stating it (undefined when invalid); reports turns past the end. */
function factTurns(facts: Record_, turnCount: number, error: Report): Map<string, number | undefined> {
  const statedAt = new Map<string, number | undefined>();
  for (const [id, fact] of Object.entries(facts)) {
    statedAt.set(id, undefined);
    if (!isRecord(fact) || !Number.isInteger(fact.turn)) continue;
    const turn = fact.turn as number;
    statedAt.set(id, turn);
    if (turnCount > 0 && turn > turnCount) {
      error(
        ['facts', id, 'turn'],
        `fact "${id}" is stated at turn ${turn}, but the scenario has only ${turnCount} turns (numbered from 1)`,
      );
    }
  }
  return statedAt;
}

function checkKinds(check: Record_, base: PathSegment[], error: Report): void {
  const kinds = CHECK_KINDS.filter((k) => k in check);
  // With an unknown key ("contians") the unknown-key message already says what is wrong.
  if (kinds.length === 0 && Object.keys(check).every((k) => CHECK_KEYS.has(k))) {
    error(base, `a check needs exactly one of ${CHECK_KINDS.join(', ')}; this one has none`);
  } else if (kinds.length > 1) {
    error(
      [...base, kinds[1]],
      `a check has exactly one kind, but this one has ${kinds.join(' and ')}; split it into ${kinds.length} checks`,
      'key',
      base,
    );
  }
}

/** Validates `fact:` on a check at 1-based `turn`; true when it names a declared fact. */
function factProbe(
  check: Record_,
  base: PathSegment[],
  turn: number,
  statedAt: Map<string, number | undefined>,
  turnCount: number,
  error: Report,
): boolean {
  const fact = check.fact as string;
  if (check.memory === false)
    error([...base, 'memory'], 'a check with "fact" always counts toward context accuracy; remove "memory: false"');
  const factIds = [...statedAt.keys()];
  if (!statedAt.has(fact)) {
    const known = factIds.length
      ? `declared facts: ${factIds.join(', ')}`
      : 'no facts are declared; add it under "facts:"';
    error(
      [...base, 'fact'],
      `unknown fact "${fact}"${suggestion(fact, factIds) ? didYouMean(fact, factIds) : `; ${known}`}`,
    );
    return false;
  }
  const stated = statedAt.get(fact);
  // A fact stated past the last turn is reported once, on the fact.
  if (stated !== undefined && stated >= turn && stated <= turnCount) {
    error(
      [...base, 'fact'],
      `turn ${turn} probes fact "${fact}", which the user states at turn ${stated}; a probe must come after the ` +
        `turn that states the fact`,
    );
  }
  return true;
}

function recordedHistory(turns: unknown[], error: Report): void {
  turns.slice(0, -1).forEach((turn, t) => {
    if (isRecord(turn) && turn.assistant === undefined) {
      error(
        ['turns', t],
        `history is "recorded", so every turn but the last needs a scripted "assistant:" reply; turn ${t + 1} has none`,
      );
    }
  });
}

function sloConditions(slo: Record_, error: Report): void {
  for (const [metric, condition] of Object.entries(slo)) {
    if (typeof condition !== 'string' && condition !== null) continue;
    try {
      // An unknown metric is an error even when the line only switches it off.
      parseCondition(metric, isSloOff(condition) ? '>= 0' : (condition as string));
    } catch (e) {
      if (!(e instanceof SloSyntaxError)) throw e;
      const unknownMetric = e.message.startsWith('unknown SLO metric');
      error(['slo', metric], unknownMetric ? unknownMetricMessage(metric) : e.message, unknownMetric ? 'key' : 'value');
    }
  }
}

function checkKindDetails(check: Record_, base: PathSegment[], error: Report): void {
  const contains = check.contains;
  if (isRecord(contains) && Object.keys(contains).length === 0) {
    error(
      [...base, 'contains'],
      'contains needs "any" (at least one of), "all" (every one of) or "none" (none of), ' +
        'e.g. contains: { any: [Titanic, 泰坦尼克], none: [Avatar] }',
    );
  }
  numberTerms(check, base, error);

  const regex = check.regex;
  const pattern =
    typeof regex === 'string'
      ? regex
      : isRecord(regex) && typeof regex.pattern === 'string'
        ? regex.pattern
        : undefined;
  const flags = isRecord(regex) && typeof regex.flags === 'string' ? regex.flags : '';
  const at: PathSegment[] = typeof regex === 'string' ? [...base, 'regex'] : [...base, 'regex', 'pattern'];
  const badFlag = [...flags].find((f) => !'imsu'.includes(f));
  if (badFlag !== undefined) {
    const why = 'gy'.includes(badFlag)
      ? 'is not allowed: a check tests the whole reply once'
      : badFlag === 'v'
        ? 'is not supported: chatproof always sets u, which cannot be combined with v'
        : 'is not a regular expression flag';
    error([...base, 'regex', 'flags'], `flag "${badFlag}" ${why}; use flags among i, m, s`);
  } else if (pattern !== undefined) {
    try {
      compilePattern(pattern, flags);
    } catch (e) {
      error(at, `invalid regular expression /${pattern}/${flags}: ${(e as Error).message}`);
    }
  }

  const judge = check.judge;
  if (judge === false) {
    error([...base, 'judge'], 'judge: false judges nothing; remove the check or use a rule kind such as contains');
  }
  const rubric = typeof judge === 'string' ? judge : isRecord(judge) ? judge.rubric : undefined;
  if ((judge === true || isRecord(judge)) && rubric === undefined && typeof check.fact !== 'string') {
    error(
      [...base, 'judge'],
      'a judged check without a rubric must name the fact it probes (fact: <id>), or give a rubric: ' +
        'judge: "The reply comforts the user without blaming anyone"',
    );
  }

  const length = check.length;
  if (isRecord(length) && typeof length.min === 'number' && typeof length.max === 'number' && length.min > length.max) {
    error([...base, 'length'], `min (${length.min}) is greater than max (${length.max}); no reply can pass`);
  }
}

/** An unquoted number whose text YAML changed (1.50 -> 1.5, 12345678901234567890 -> 1.2e19). */
function numberTerms(check: Record_, base: PathSegment[], error: Report): void {
  const lists: Array<[PathSegment[], unknown]> = [
    [[...base, 'contains'], check.contains],
    [[...base, 'not_contains'], check.not_contains],
  ];
  if (isRecord(check.contains)) {
    for (const key of ['any', 'all', 'none']) lists.push([[...base, 'contains', key], check.contains[key]]);
  }
  for (const [at, value] of lists) {
    const terms: Array<[PathSegment[], unknown]> = Array.isArray(value)
      ? value.map((v, i) => [[...at, i], v])
      : [[at, value]];
    for (const [where, term] of terms) {
      if (typeof term === 'number' && !Number.isSafeInteger(term)) {
        error(where, `${term} is read as a number and may not be the text you wrote; put it in quotes`);
      }
    }
  }
}

function unknownMetricMessage(metric: string): string {
  const hint = didYouMean(metric, SLO_NAMES);
  return (
    `unknown SLO metric "${metric}"` +
    (hint ||
      '; expected e.g. contextAccuracy, interruptionRate, e2e.p95, ttft.p99 (all names: docs/scenario-format.md)')
  );
}
