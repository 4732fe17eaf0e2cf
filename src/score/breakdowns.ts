// Per-turn-depth, per-fact and per-check rows: where in a dialogue a model slows down or forgets.
// Like every figure, derived only from turn records; checks count only on turns that produced a
// reply (a failed turn has no check results).
import type { CheckResult, CheckRow, FactRow, Scenario, TurnDepthRow, TurnRecord } from '../core/types.js';
import { distribution, proportion } from '../metrics/stats.js';

function defined(values: Array<number | undefined>): number[] {
  return values.filter((v): v is number => v !== undefined);
}

function passRate(results: readonly CheckResult[]) {
  return proportion(results.filter((r) => r.passed).length, results.length);
}

/** Group by a key, keeping first-appearance order. */
function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}

/**
 * Scenario names in report order: the declared scenarios first, then any that only appear in
 * the records (a records file summarised without its header).
 */
export function scenarioOrder(records: readonly TurnRecord[], scenarios: readonly Scenario[]): string[] {
  return [...new Set([...scenarios.map((s) => s.name), ...records.map((r) => r.scenario)])];
}

/** One row per scenario and turn index; `samples` counts every attempt, failed ones included. */
export function byTurn(records: readonly TurnRecord[], order: readonly string[], streamed = true): TurnDepthRow[] {
  const rows: TurnDepthRow[] = [];
  for (const scenario of order) {
    const own = records.filter((r) => r.scenario === scenario);
    const turns = [...new Set(own.map((r) => r.turn))].sort((a, b) => a - b);
    for (const turn of turns) {
      const attempts = own.filter((r) => r.turn === turn);
      const ok = attempts.filter((r) => r.ok);
      const checks = ok.flatMap((r) => r.checks);
      rows.push({
        scenario,
        turn,
        samples: attempts.length,
        ttftMs: distribution(streamed ? defined(ok.map((r) => r.timing.firstTokenMs)) : []),
        e2eMs: distribution(defined(ok.map((r) => r.timing.endMs))),
        memoryChecks: passRate(checks.filter((c) => c.memory)),
        allChecks: passRate(checks),
      });
    }
  }
  return rows;
}

/** One row per declared fact: every check result (on an ok turn) that names it. */
export function byFact(records: readonly TurnRecord[], scenarios: readonly Scenario[]): FactRow[] {
  return scenarios.flatMap((scenario) => {
    const checks = records.filter((r) => r.scenario === scenario.name && r.ok).flatMap((r) => r.checks);
    return scenario.facts.map((fact) => ({
      scenario: scenario.name,
      fact: fact.id,
      text: fact.text,
      statedAt: fact.turn,
      probedAt: [...fact.probedAt],
      checks: passRate(checks.filter((c) => c.fact === fact.id)),
    }));
  });
}

/** One row per scenario, turn and check name, ordered by scenario, turn, then first appearance. */
export function byCheck(records: readonly TurnRecord[], order: readonly string[]): CheckRow[] {
  const ok = records.filter((r) => r.ok);
  const rows: CheckRow[] = [];
  for (const scenario of order) {
    const own = ok.filter((r) => r.scenario === scenario);
    const turns = [...new Set(own.map((r) => r.turn))].sort((a, b) => a - b);
    for (const turn of turns) {
      const results = own.filter((r) => r.turn === turn).flatMap((r) => r.checks);
      for (const [name, group] of groupBy(results, (c) => c.name)) {
        const first = group[0];
        const fact = first.fact === undefined ? {} : { fact: first.fact };
        rows.push({ scenario, turn, name, kind: first.kind, ...fact, memory: first.memory, checks: passRate(group) });
      }
    }
  }
  return rows;
}
