// A simulated dialogue saved in a run, turned into a fixed scenario: the generated user lines
// become `user:` turns, the model's replies their scripted `assistant:` replies (fed back with
// history: recorded, so the user lines stay answers to what was actually said), and the
// simulation's checks sit on every turn after the first, as they ran.
import { stringify } from 'yaml';
import { ChatproofError } from '../core/errors.js';
import type { RunHeader, TurnRecord } from '../core/types.js';
import { checkEntry } from '../scenario/build.js';
import { parseScenario } from '../scenario/index.js';

export interface FrozenScenario {
  yaml: string;
  name: string;
  conversationId: string;
  turns: number;
}

export function freezeConversation(
  header: RunHeader,
  records: readonly TurnRecord[],
  conversationId?: string,
): FrozenScenario {
  const simulated = new Set(header.scenarios.filter((s) => s.simulate !== undefined).map((s) => s.name));
  const candidates = records.filter((r) =>
    conversationId ? r.conversationId === conversationId : simulated.has(r.scenario),
  );
  const id = conversationId ?? candidates[0]?.conversationId;
  const turns = candidates.filter((r) => r.conversationId === id && r.ok).sort((a, b) => a.turn - b.turn);
  if (id === undefined || turns.length === 0) {
    const ids = [...new Set(records.map((r) => r.conversationId))].slice(0, 10).join(', ');
    throw new ChatproofError(
      conversationId
        ? `freeze: no completed turn of conversation "${conversationId}" in this run; its conversations: ${ids}.`
        : 'freeze: this run has no simulated conversation (a scenario with "simulate:"); name one with --conversation.',
    );
  }
  const scenario = header.scenarios.find((s) => s.name === turns[0].scenario)!;
  const checksFor = (turn: number) =>
    scenario.simulate !== undefined
      ? turn === 1
        ? []
        : scenario.simulate.checks
      : (scenario.turns.find((t) => t.index === turn)?.checks ?? []);
  const data: Record<string, unknown> = {
    name: `${scenario.name}-frozen`,
    description: `${scenario.description ?? scenario.name}: conversation ${id} of run ${header.runId}, frozen.`,
    ...(scenario.system !== undefined && { system: scenario.system }),
    ...(Object.keys(scenario.params).length > 0 && { params: scenario.params }),
    history: 'recorded',
    ...(scenario.facts.length > 0 && {
      facts: Object.fromEntries(scenario.facts.map((f) => [f.id, { turn: f.turn, text: f.text }])),
    }),
    ...(scenario.judge !== undefined && { judge: scenario.judge }),
    turns: turns.map((r) => {
      const checks = checksFor(r.turn).map(checkEntry);
      return { user: r.user, assistant: r.content, ...(checks.length > 0 && { checks }) };
    }),
  };
  const yaml =
    `# yaml-language-server: $schema=../schemas/scenario.schema.json\n` +
    `# Frozen by "chatproof freeze": conversation ${id} of run ${header.runId}.\n${stringify(data, { lineWidth: 0 })}`;
  // What freeze writes must load: validate it with the real loader before anyone relies on it.
  parseScenario(yaml, `${data.name as string}.yaml`);
  return { yaml, name: data.name as string, conversationId: id, turns: turns.length };
}
