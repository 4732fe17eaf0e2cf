// Measures a judge before a run trusts it: for every turn that probes a fact and has a scripted
// `assistant:` reply, the judge grades that reply (it states the fact, so the right verdict is
// pass) and copies of it with the fact changed (another value: each digit shifted, or the
// scenario's own plausible wrong answer from a not_contains on that turn) or taken out (the
// fact's words removed): the right verdict for those is fail. Judged rubric checks without a
// fact add a positive case only (a rubric cannot be falsified mechanically).
import type { ChatMessage, Check, Scenario, ScenarioTurn } from '../core/types.js';
import { judgeRubric, statedFacts } from '../score/judge/prompt.js';
import { findNormalized, normalize, type RawMatch } from '../score/text-match.js';
import { buildMessages } from './history.js';
import type { Judge } from './judge.js';

export type CaseKind = 'scripted' | 'altered' | 'missing';

export interface CalibrationCase {
  scenario: string;
  turn: number;
  fact?: string;
  kind: CaseKind;
  rubric: string;
  reply: string;
  expected: 'pass' | 'fail';
  transcript: ChatMessage[];
  wantScore: boolean;
}

export interface CalibrationOutcome extends CalibrationCase {
  verdict?: 'pass' | 'fail';
  reason?: string;
  failure?: string;
}

export interface CalibrationFigures {
  cases: number;
  /** Cases the judge answered. */
  judged: number;
  correct: number;
  /** correct / judged; null when nothing was judged. */
  accuracy: number | null;
  /** Negative cases (fact changed or missing) the judge passed. */
  falsePasses: number;
  /** Positive cases (the scripted reply) the judge failed. */
  falseFails: number;
  /** Cases without a verdict (judge outage, malformed answers). */
  judgeFailures: number;
}

/** Terms a fact is stated in: its rule checks' terms on this turn, and the fact text's titles and numbers. */
function factTerms(turn: ScenarioTurn, fact: string, text: string): string[] {
  const terms: string[] = [];
  for (const c of turn.checks) {
    if (c.fact !== fact || c.spec.kind !== 'contains') continue;
    terms.push(...(c.spec.any ?? []), ...(c.spec.all ?? []));
  }
  for (const m of text.matchAll(/《([^》]+)》/gu)) terms.push(m[1]);
  for (const m of text.matchAll(/[\p{L}]*\d[\p{L}\d-]*/gu)) terms.push(m[0]);
  return [...new Set(terms)];
}

/** Where the reply states the fact: non-overlapping raw spans, widened to a 《title》 around them. */
function factSpans(reply: string, terms: string[]): RawMatch[] {
  const text = normalize(reply);
  const spans: RawMatch[] = [];
  for (const term of terms.sort((a, b) => b.length - a.length)) {
    const at = findNormalized(text, term);
    if (at === null || spans.some((s) => at.start < s.end && s.start < at.end)) continue;
    const open = reply.lastIndexOf('《', at.start);
    const close = reply.indexOf('》', at.end);
    const inTitle = open >= 0 && close >= 0 && !reply.slice(open, at.start).includes('》');
    spans.push(inTitle ? { start: open, end: close + 1 } : at);
  }
  return spans.sort((a, b) => b.start - a.start);
}

const shiftDigits = (text: string): string => text.replace(/\d/g, (d) => String((Number(d) + 1) % 10));

function replaceSpans(reply: string, spans: RawMatch[], by: (span: string) => string): string {
  let out = reply;
  for (const s of spans) out = out.slice(0, s.start) + by(out.slice(s.start, s.end)) + out.slice(s.end);
  return out;
}

function wrongAnswers(turn: ScenarioTurn): string[] {
  return turn.checks.flatMap((c) => (c.spec.kind === 'not_contains' ? c.spec.any : []));
}

function transcriptAt(scenario: Scenario, turn: ScenarioTurn): ChatMessage[] {
  const completed = scenario.turns
    .filter((t) => t.index < turn.index)
    .map((t) => ({ user: t.user, assistant: t.assistant ?? '' }));
  return buildMessages(scenario.system, completed, turn.user, scenario.params.max_history_turns).messages;
}

/** Every calibration case of a scenario, and why turns were left out. */
export function calibrationCases(scenario: Scenario): { cases: CalibrationCase[]; skipped: string[] } {
  const cases: CalibrationCase[] = [];
  const skipped: string[] = [];
  for (const turn of scenario.turns) {
    const factIds = [...new Set(turn.checks.flatMap((c) => (c.fact === undefined ? [] : [c.fact])))];
    const rubricChecks = turn.checks.filter((c) => c.spec.kind === 'judge' && c.fact === undefined);
    if (factIds.length === 0 && rubricChecks.length === 0) continue;
    if (turn.assistant === undefined) {
      skipped.push(`turn ${turn.index}: no scripted "assistant:" reply to grade`);
      continue;
    }
    const base = { scenario: scenario.name, turn: turn.index, transcript: transcriptAt(scenario, turn) };
    const reply = turn.assistant;
    for (const check of rubricChecks) {
      const rubric = judgeRubric(check, scenario.facts);
      const wantScore = check.spec.kind === 'judge' && check.spec.minScore !== undefined;
      cases.push({ ...base, kind: 'scripted', rubric, reply, expected: 'pass', wantScore });
    }
    for (const fact of factIds) {
      const probe: Check = { name: fact, spec: { kind: 'judge' }, fact, memory: true };
      const rubric = judgeRubric(probe, scenario.facts);
      const common = { ...base, fact, rubric, wantScore: false };
      cases.push({ ...common, kind: 'scripted', reply, expected: 'pass' });
      const text = scenario.facts.find((f) => f.id === fact)?.text ?? '';
      const spans = factSpans(reply, factTerms(turn, fact, text));
      if (spans.length === 0) {
        skipped.push(`turn ${turn.index}, fact ${fact}: the scripted reply states it in words no check lists`);
        continue;
      }
      const stated = spans.map((s) => reply.slice(s.start, s.end));
      // Another value of the same kind: a shifted number, or (for a title) the turn's listed wrong answer.
      const wrong = wrongAnswers(turn).find((w) => !stated.some((s) => s.includes(w)));
      const titled = stated.every((s) => s.startsWith('《'));
      const altered = stated.some((s) => /\d/.test(s))
        ? replaceSpans(reply, spans, shiftDigits)
        : wrong !== undefined && titled
          ? replaceSpans(reply, spans, () => `《${wrong}》`)
          : undefined;
      if (altered !== undefined && altered !== reply) {
        cases.push({ ...common, kind: 'altered', reply: altered, expected: 'fail' });
      }
      cases.push({ ...common, kind: 'missing', reply: replaceSpans(reply, spans, () => ''), expected: 'fail' });
    }
  }
  return { cases, skipped };
}

export async function runCalibration(
  judge: Judge,
  scenario: Scenario,
  cases: CalibrationCase[],
  signal?: AbortSignal,
): Promise<CalibrationOutcome[]> {
  const outcomes: CalibrationOutcome[] = [];
  for (const c of cases) {
    const answer = await judge.ask(
      {
        rubric: c.rubric,
        facts: statedFacts(scenario, c.turn),
        transcript: c.transcript,
        reply: c.reply,
        wantScore: c.wantScore,
      },
      signal,
    );
    outcomes.push(
      'verdict' in answer
        ? { ...c, verdict: answer.verdict.verdict, reason: answer.verdict.reason }
        : { ...c, failure: `${answer.failure.cause}: ${answer.failure.message}` },
    );
  }
  return outcomes;
}

export function calibrationFigures(outcomes: readonly CalibrationOutcome[]): CalibrationFigures {
  const judged = outcomes.filter((o) => o.verdict !== undefined);
  const correct = judged.filter((o) => o.verdict === o.expected).length;
  return {
    cases: outcomes.length,
    judged: judged.length,
    correct,
    accuracy: judged.length === 0 ? null : correct / judged.length,
    falsePasses: judged.filter((o) => o.expected === 'fail' && o.verdict === 'pass').length,
    falseFails: judged.filter((o) => o.expected === 'pass' && o.verdict === 'fail').length,
    judgeFailures: outcomes.length - judged.length,
  };
}
