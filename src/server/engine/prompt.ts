// Turns OpenAI messages into the model's prompt tokens through its chat wrapper, applying the
// Qwen3 knobs: max_history_turns (sliding window) and enable_thinking (no-think prompt).
import { type ChatHistoryItem, type ChatWrapper, type LlamaModel, QwenChatWrapper, type Token } from 'node-llama-cpp';
import type { ChatMessageIn } from '../types.js';

/**
 * Keeps the system messages, the last `maxHistoryTurns` completed user/assistant turns and the
 * current turn (from the last user message on). A turn starts at a user message.
 */
export function applyHistoryWindow(messages: ChatMessageIn[], maxHistoryTurns: number | undefined): ChatMessageIn[] {
  if (maxHistoryTurns === undefined) return messages;
  const system = messages.filter((m) => m.role === 'system');
  const rest = messages.filter((m) => m.role !== 'system');
  const userIndexes = rest.flatMap((m, i) => (m.role === 'user' ? [i] : []));
  if (userIndexes.length === 0) return messages;
  const currentStart = userIndexes[userIndexes.length - 1]!;
  const completedStarts = userIndexes.slice(0, -1);
  const keepFrom =
    maxHistoryTurns <= 0 ? currentStart : (completedStarts[completedStarts.length - maxHistoryTurns] ?? 0);
  return [...system, ...rest.slice(Math.min(keepFrom, currentStart))];
}

/** Thinking text of an earlier assistant reply is dropped, as Qwen3's template does. */
function visibleAssistantText(content: string): string {
  const end = content.lastIndexOf('</think>');
  return end === -1 ? content : content.slice(end + '</think>'.length).replace(/^\n+/, '');
}

export function toChatHistory(messages: ChatMessageIn[]): ChatHistoryItem[] {
  const history: ChatHistoryItem[] = messages.map((m): ChatHistoryItem => {
    if (m.role === 'system') return { type: 'system', text: m.content };
    if (m.role === 'user') return { type: 'user', text: m.content };
    return { type: 'model', response: [visibleAssistantText(m.content)] };
  });
  // The empty model response is where generation continues (the generation prompt).
  history.push({ type: 'model', response: [] });
  return history;
}

/** Caches one wrapper per thinking setting; only Qwen wrappers know the no-think prompt. */
export class PromptRenderer {
  private readonly noThink: ChatWrapper;
  constructor(
    private readonly model: LlamaModel,
    private readonly wrapper: ChatWrapper,
  ) {
    this.noThink =
      wrapper instanceof QwenChatWrapper
        ? new QwenChatWrapper({
            thoughts: 'discourage',
            variation: wrapper.variation,
            keepOnlyLastThought: wrapper.keepOnlyLastThought,
          })
        : wrapper;
  }

  get supportsThinkingToggle(): boolean {
    return this.noThink !== this.wrapper;
  }

  render(
    messages: ChatMessageIn[],
    options: { enableThinking: boolean; maxHistoryTurns?: number },
  ): { text: string; tokens: Token[] } {
    const windowed = applyHistoryWindow(messages, options.maxHistoryTurns);
    const wrapper = options.enableThinking ? this.wrapper : this.noThink;
    const { contextText } = wrapper.generateContextState({ chatHistory: toChatHistory(windowed) });
    return { text: contextText.toString(), tokens: contextText.tokenize(this.model.tokenizer) };
  }
}
