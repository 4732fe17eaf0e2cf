// A simulated user: a user model plays the scenario's persona against the model under test. It
// writes each user turn from the conversation so far (its own earlier lines as "assistant", the
// target's replies as "user": the roles seen from its side), states the declared facts in its
// first message, and ends early by answering only END_MARK once its stop condition holds. Every
// target turn is recorded like a scripted one; the generated user lines are in the records, so
// `chatproof freeze` can turn the dialogue into fixed turns.
import type { ChatMessage, ChatRequest, ChatResult, Scenario, ScenarioTurn } from '../core/types.js';
import { scoreTurnChecks } from '../score/checks/index.js';
import { type ConversationOptions, type ConversationOutcome, turnRecord } from './conversation.js';
import { buildMessages, type CompletedTurn } from './history.js';
import { judgeTurn } from './judge.js';

export const END_MARK = '[END]';

/** The client the simulated user speaks through. */
export interface UserSender {
  chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult>;
}

export interface SimulatedUser {
  sender: UserSender;
  model: string;
}

/** The user model's instructions. */
export function personaPrompt(scenario: Scenario): string {
  const sim = scenario.simulate!;
  const facts = scenario.facts.filter((f) => sim.facts.includes(f.id));
  return [
    'You play the USER in a conversation with an AI assistant. Stay in character; never say you are an AI.',
    `Persona: ${sim.persona}`,
    `Your goal: ${sim.goal}`,
    facts.length > 0 ? `State these facts in your first message:\n${facts.map((f) => `- ${f.text}`).join('\n')}` : '',
    sim.language ? `Write in this language: ${sim.language}.` : '',
    'Later, ask about what you said earlier when it helps your goal, as a real user would.',
    `When ${sim.stop ?? 'your goal is reached'}, answer only ${END_MARK}. Write one short user message per turn, ` +
      'nothing else.',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function userView(prompt: string, completed: readonly CompletedTurn[]): ChatMessage[] {
  const messages: ChatMessage[] = [{ role: 'system', content: prompt }];
  messages.push({ role: 'user', content: '(The conversation starts. Write your first message.)' });
  for (const turn of completed) {
    messages.push({ role: 'assistant', content: turn.user });
    messages.push({ role: 'user', content: turn.assistant });
  }
  return messages;
}

export async function runSimulatedConversation(
  options: ConversationOptions & { user: SimulatedUser },
): Promise<ConversationOutcome & { ended: 'stop' | 'max_turns' | 'user_failed' | 'target_failed' | 'aborted' }> {
  const { scenario, repetition, sender, signal, user } = options;
  const sim = scenario.simulate!;
  const conversationId = `${scenario.name}#${repetition}${options.idSuffix ?? ''}`;
  const params = { ...scenario.params, model: scenario.params.model ?? options.model };
  const prompt = personaPrompt(scenario);
  const completed: CompletedTurn[] = [];
  let turnsDone = 0;
  for (let index = 1; index <= sim.maxTurns; index++) {
    if (signal?.aborted) return { conversationId, turnsDone, ended: 'aborted' };
    const said = await user.sender.chat(
      {
        messages: userView(prompt, completed),
        params: { model: user.model, temperature: 0.7, max_tokens: 256 },
        stream: false,
      },
      signal,
    );
    const text = said.content.replace(/<think>[\s\S]*?<\/think>/g, '').trim();
    if (!said.ok || text === '') return { conversationId, turnsDone, ended: 'user_failed' };
    if (text.includes(END_MARK)) return { conversationId, turnsDone, ended: 'stop' };
    // Fact probes and judged checks make sense once something was said before.
    const turn: ScenarioTurn = { index, user: text, checks: index === 1 ? [] : sim.checks };
    const { messages, historyTurnsSent } = buildMessages(scenario.system, completed, text, params.max_history_turns);
    const result = await sender.chat({ messages, params, stream: options.stream }, signal);
    const record = turnRecord(
      { scenario: scenario.name, conversationId, repetition, turn: index, turnsPlanned: sim.maxTurns },
      text,
      messages.length,
      historyTurnsSent,
      result,
    );
    options.onRecord(record);
    turnsDone++;
    if (!result.ok) return { conversationId, turnsDone, failed: record, ended: 'target_failed' };
    const answers = await judgeTurn(options.judge, {
      scenario,
      turn,
      transcript: messages,
      reply: result.content,
      signal,
    });
    const { checks, judgeFailures } = scoreTurnChecks(turn.checks, result.content, answers);
    record.checks = checks;
    if (judgeFailures.length > 0) record.judgeFailures = judgeFailures;
    options.onChecks?.(record);
    completed.push({ user: text, assistant: result.content });
  }
  return { conversationId, turnsDone, ended: 'max_turns' };
}
