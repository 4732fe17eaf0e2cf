// Where the model forgot and what a product manager should look at first, derived from the
// turns of results.json: the memory map (fact x probe turn, passed/total across conversations)
// and the top failures grouped by check across conversations, memory first. Shared by the HTML
// report and the terminal summary so both lead with the same answer. Pure.
import type { Results, TurnRecord } from '../core/types.js';

export interface MemoryCell {
  turn: number;
  /** Check results on this fact at this turn (one per conversation and check). */
  passed: number;
  total: number;
  /** Conversations whose check failed here, in run order: the first is the one to read. */
  failedConversations: string[];
}

export interface MemoryRow {
  /** Fact id, or undefined for a `memory: true` check that names no fact (then `text` is its name). */
  fact?: string;
  text: string;
  statedAt?: number;
  cells: MemoryCell[];
}

export interface MemoryMap {
  scenario: string;
  /** Every turn that probes something, ascending: the map's columns. */
  turns: number[];
  rows: MemoryRow[];
}

export type FindingKind = 'memory' | 'interruption' | 'latency' | 'check';

export interface Finding {
  kind: FindingKind;
  scenario: string;
  /** Check name (memory, check), failure cause (interruption) or metric (latency). */
  name: string;
  fact?: string;
  factText?: string;
  turns: number[];
  /** Conversations that failed it / conversations where it was judged. */
  failed: number;
  total: number;
  /** Where to read it first: a conversation id and turn. */
  first?: { conversationId: string; turn: number };
  /** Latency findings: the figure and its goal (ms). */
  actual?: number;
  goal?: number;
  /** Check results of this group (for the terminal's passed/total). */
  checksPassed?: number;
  checksTotal?: number;
}

function okTurnsOf(results: Results, scenario: string): TurnRecord[] {
  return results.turns.filter((t) => t.ok && t.scenario === scenario);
}

/** One map per scenario that declares facts or memory checks; none for a run without them. */
export function memoryMaps(results: Results): MemoryMap[] {
  const maps: MemoryMap[] = [];
  for (const scenario of results.run.scenarios) {
    const turns = okTurnsOf(results, scenario.name);
    const rows: MemoryRow[] = [];
    const cellsFor = (match: (c: TurnRecord['checks'][number]) => boolean, probeTurns: number[]): MemoryCell[] =>
      probeTurns.map((turn) => {
        const cell: MemoryCell = { turn, passed: 0, total: 0, failedConversations: [] };
        for (const record of turns.filter((t) => t.turn === turn)) {
          for (const check of record.checks.filter(match)) {
            cell.total++;
            if (check.passed) cell.passed++;
            else if (!cell.failedConversations.includes(record.conversationId))
              cell.failedConversations.push(record.conversationId);
          }
        }
        return cell;
      });
    for (const fact of scenario.facts) {
      rows.push({
        fact: fact.id,
        text: fact.text,
        statedAt: fact.turn,
        cells: cellsFor(
          (c) => c.fact === fact.id,
          [...fact.probedAt].sort((a, b) => a - b),
        ),
      });
    }
    // Memory checks without a fact: one row per check name, at the turns that carry it.
    const loose = new Map<string, number[]>();
    for (const turn of scenario.turns)
      for (const check of turn.checks)
        if (check.memory && check.fact === undefined)
          loose.set(check.name, [...(loose.get(check.name) ?? []), turn.index]);
    for (const [name, probeTurns] of loose)
      rows.push({
        text: name,
        cells: cellsFor((c) => c.memory && c.fact === undefined && c.name === name, probeTurns),
      });
    if (rows.length === 0) continue;
    const columns = [...new Set(rows.flatMap((r) => r.cells.map((c) => c.turn)))].sort((a, b) => a - b);
    maps.push({ scenario: scenario.name, turns: columns, rows });
  }
  return maps;
}

interface CheckGroup {
  scenario: string;
  name: string;
  memory: boolean;
  fact?: string;
  turns: Set<number>;
  judged: Set<string>;
  failedIn: Set<string>;
  first?: { conversationId: string; turn: number };
  checksPassed: number;
  checksTotal: number;
}

function checkGroups(results: Results): CheckGroup[] {
  const groups = new Map<string, CheckGroup>();
  for (const record of results.turns) {
    if (!record.ok) continue;
    for (const check of record.checks) {
      const key = `${record.scenario}\u0000${check.fact ?? ''}\u0000${check.name}`;
      let group = groups.get(key);
      if (!group) {
        group = {
          scenario: record.scenario,
          name: check.name,
          memory: check.memory,
          ...(check.fact === undefined ? {} : { fact: check.fact }),
          turns: new Set(),
          judged: new Set(),
          failedIn: new Set(),
          checksPassed: 0,
          checksTotal: 0,
        };
        groups.set(key, group);
      }
      group.judged.add(record.conversationId);
      group.checksTotal++;
      if (check.passed) {
        group.checksPassed++;
        continue;
      }
      group.turns.add(record.turn);
      group.failedIn.add(record.conversationId);
      if (!group.first || record.turn < group.first.turn)
        group.first = { conversationId: record.conversationId, turn: record.turn };
    }
  }
  return [...groups.values()].filter((g) => g.failedIn.size > 0);
}

/** Every failure worth a line, most important first: memory, interruptions, latency goals, other checks. */
export function findings(results: Results): Finding[] {
  const factText = new Map(
    results.run.scenarios.flatMap((s) => s.facts.map((f) => [`${s.name}\u0000${f.id}`, f.text] as const)),
  );
  const fromGroup = (g: CheckGroup): Finding => {
    const text = g.fact === undefined ? undefined : factText.get(`${g.scenario}\u0000${g.fact}`);
    return {
      kind: g.memory ? 'memory' : 'check',
      scenario: g.scenario,
      name: g.name,
      ...(g.fact === undefined ? {} : { fact: g.fact }),
      ...(text === undefined ? {} : { factText: text }),
      turns: [...g.turns].sort((a, b) => a - b),
      failed: g.failedIn.size,
      total: g.judged.size,
      ...(g.first ? { first: g.first } : {}),
      checksPassed: g.checksPassed,
      checksTotal: g.checksTotal,
    };
  };
  // Worst share first; on a tie the earlier turn, then run order (sort is stable).
  const byShare = (a: Finding, b: Finding) =>
    b.failed / Math.max(1, b.total) - a.failed / Math.max(1, a.total) || (a.turns[0] ?? 0) - (b.turns[0] ?? 0);
  const groups = checkGroups(results).map(fromGroup);
  const memory = groups.filter((f) => f.kind === 'memory').sort(byShare);
  const other = groups.filter((f) => f.kind === 'check').sort(byShare);
  return [...memory, ...interruptionFindings(results), ...latencyFindings(results), ...other];
}

function interruptionFindings(results: Results): Finding[] {
  const out: Finding[] = [];
  const total = results.summary.conversations.completed + results.summary.conversations.interrupted;
  for (const [cause, n] of Object.entries(results.summary.interruptionsByCause)) {
    if (!n) continue;
    const broken = results.turns.filter((t) => !t.ok && t.error?.cause === cause);
    const first = broken[0];
    out.push({
      kind: 'interruption',
      scenario: first?.scenario ?? '',
      name: cause,
      turns: [...new Set(broken.map((t) => t.turn))].sort((a, b) => a - b),
      failed: n,
      total,
      ...(first ? { first: { conversationId: first.conversationId, turn: first.turn } } : {}),
    });
  }
  return out.sort((a, b) => b.failed - a.failed);
}

function latencyFindings(results: Results): Finding[] {
  return results.summary.slo
    .filter((v) => v.passed === false && v.metric.startsWith('latency.') && v.actual !== null)
    .map((v) => {
      // The turn depth where that figure is worst: where a PM sees the slowdown.
      const root = v.metric.split('.')[1] as 'ttftMs' | 'e2eMs';
      const rows = results.byTurn.filter((r) => r[root] !== undefined);
      const worst = rows.reduce<(typeof rows)[number] | undefined>(
        (best, r) => ((r[root]?.p95 ?? -1) > (best?.[root]?.p95 ?? -1) ? r : best),
        undefined,
      );
      return {
        kind: 'latency' as const,
        scenario: worst?.scenario ?? '',
        name: v.metric,
        turns: worst ? [worst.turn] : [],
        failed: 0,
        total: 0,
        actual: v.actual ?? undefined,
        goal: v.threshold,
      };
    });
}
