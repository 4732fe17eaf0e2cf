// From turn records (the lines of turns.jsonl, the single source of truth) to every figure in
// results.json except the run header and the raw turns. Pure: no clock, no I/O.

import type { Results, Scenario, Slo, Summary, TurnRecord } from '../core/types.js';
import { judgeAll, overallVerdict } from '../metrics/slo.js';
import { proportion } from '../metrics/stats.js';
import { byCheck, byFact, byTurn, scenarioOrder } from './breakdowns.js';
import { conversationRows, countConversations } from './conversations.js';
import { goodputFigures } from './goodput.js';
import { latencyFigures, tokenFigures } from './latency.js';

export type SummaryParts = Pick<Results, 'summary' | 'byScenario' | 'byTurn' | 'byFact' | 'byCheck' | 'conversations'>;

/** The summary of a set of records, judged against the given SLOs. */
export interface SummarizeOptions {
  /** False for a run with streaming off: figures that need a stream are not measured (latency.ts). */
  streamed?: boolean;
}

export function summarizeRecords(
  records: readonly TurnRecord[],
  slos: readonly Slo[],
  options: SummarizeOptions = {},
): Summary {
  const rows = conversationRows(records);
  const conversations = countConversations(rows);
  const okTurns = records.filter((r) => r.ok);
  const checks = okTurns.flatMap((r) => r.checks);
  const memory = checks.filter((c) => c.memory);
  const memoryChecks = proportion(memory.filter((c) => c.passed).length, memory.length);
  const interruptions = proportion(conversations.interrupted, conversations.completed + conversations.interrupted);

  const summary: Summary = {
    conversations: {
      total: conversations.total,
      completed: conversations.completed,
      interrupted: conversations.interrupted,
      incomplete: conversations.incomplete,
    },
    turns: { total: records.length, ok: okTurns.length, failed: records.length - okTurns.length },
    contextAccuracy: memoryChecks.rate,
    memoryChecks,
    allChecks: proportion(checks.filter((c) => c.passed).length, checks.length),
    interruptionRate: interruptions.rate,
    interruptions,
    interruptionsByCause: conversations.byCause,
    latency: latencyFigures(okTurns, options.streamed !== false),
    ...tokenFigures(records, okTurns),
    goodput: null,
    goodputRate: null,
    slo: [],
    verdict: 'unknown',
  };
  const goodput = goodputFigures(rows, records, slos, summary.durationMs);
  summary.goodput = goodput.perSecond;
  summary.goodputRate = goodput.rate;
  summary.slo = judgeAll([...slos], summary);
  summary.verdict = overallVerdict(summary.slo);
  return summary;
}

/**
 * Everything results.json derives from the records. The overall summary is judged against
 * `slos` (the run's merged SLOs); each scenario's own summary against that scenario's `slo`.
 */
export function summarize(
  records: readonly TurnRecord[],
  scenarios: readonly Scenario[],
  slos: readonly Slo[],
  options: SummarizeOptions = {},
): SummaryParts {
  const order = scenarioOrder(records, scenarios);
  const slosOf = new Map(scenarios.map((s) => [s.name, s.slo]));
  return {
    summary: summarizeRecords(records, slos, options),
    byScenario: order.map((scenario) => ({
      scenario,
      summary: summarizeRecords(
        records.filter((r) => r.scenario === scenario),
        slosOf.get(scenario) ?? [],
        options,
      ),
    })),
    byTurn: byTurn(records, order, options.streamed !== false),
    byFact: byFact(records, scenarios),
    byCheck: byCheck(records, order),
    conversations: conversationRows(records),
  };
}
