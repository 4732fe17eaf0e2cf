// Runs every repetition of every scenario, a few conversations at a time.
import type { Scenario, TurnRecord } from '../core/types.js';
import { type ChatSender, type ConversationOutcome, runConversation } from './conversation.js';
import type { Judge } from './judge.js';
import { runSimulatedConversation, type SimulatedUser } from './simulate.js';

export interface RunOptions {
  scenarios: Scenario[];
  sender: ChatSender;
  stream: boolean;
  model?: string;
  /** Conversations in flight at once; 1 = single-user figures. */
  concurrency?: number;
  onRecord: (record: TurnRecord) => void;
  onChecks?: (record: TurnRecord) => void;
  judge?: Judge;
  /** The user model of scenarios with `simulate:`. */
  user?: SimulatedUser;
  signal?: AbortSignal;
}

export interface RunPlanItem {
  scenario: Scenario;
  repetition: number;
}

/** Repetitions in scenario order: all runs of the first scenario, then the next. */
export function planConversations(scenarios: Scenario[]): RunPlanItem[] {
  return scenarios.flatMap((scenario) =>
    Array.from({ length: scenario.runs }, (_, i) => ({ scenario, repetition: i + 1 })),
  );
}

export function plannedTurnCount(scenarios: Scenario[]): number {
  return scenarios.reduce((sum, s) => sum + s.runs * (s.simulate ? s.simulate.maxTurns : s.turns.length), 0);
}

export async function runAll(options: RunOptions): Promise<ConversationOutcome[]> {
  const plan = planConversations(options.scenarios);
  const outcomes: ConversationOutcome[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < plan.length && !options.signal?.aborted) {
      const item = plan[next++];
      const conversation = {
        scenario: item.scenario,
        repetition: item.repetition,
        sender: options.sender,
        stream: options.stream,
        model: options.model,
        onRecord: options.onRecord,
        onChecks: options.onChecks,
        judge: options.judge,
        signal: options.signal,
      };
      if (item.scenario.simulate !== undefined) {
        if (options.user === undefined) throw new Error(`scenario ${item.scenario.name} needs a user model`);
        outcomes.push(await runSimulatedConversation({ ...conversation, user: options.user }));
      } else {
        outcomes.push(await runConversation(conversation));
      }
    }
  };
  const workers = Math.max(1, Math.min(options.concurrency ?? 1, plan.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return outcomes;
}
