// Turns OpenAI messages into the model's prompt tokens through its chat wrapper, applying the
// Qwen3 knobs: max_history_turns (sliding window) and enable_thinking (no-think prompt).
import {
  type ChatHistoryItem,
  type ChatModelFunctionCall,
  type ChatModelFunctions,
  type ChatWrapper,
  type LlamaModel,
  QwenChatWrapper,
  type Token,
} from 'node-llama-cpp';
import type { ChatMessageIn, ToolSpec } from '../types.js';

/**
 * Keeps the system messages, the last `maxHistoryTurns` completed user/assistant turns and the
 * current turn (from the last user message on). A turn starts at a user message.
 */
export function applyHistoryWindow(messages: ChatMessageIn[], maxHistoryTurns: number | undefined): ChatMessageIn[] {
  if (maxHistoryTurns === undefined) return messages;
  // Tool messages belong to the turn of the user message before them.
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

function parseArguments(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * An assistant message's tool_calls become function calls of its model response, each with the
 * result of the tool message that answers it (matched by tool_call_id), as the chat wrapper
 * renders them (Qwen3: <tool_call> blocks, then <tool_response> blocks in a user turn).
 */
export function toChatHistory(messages: ChatMessageIn[]): ChatHistoryItem[] {
  const results = new Map(messages.filter((m) => m.role === 'tool').map((m) => [m.toolCallId, m.content]));
  const history: ChatHistoryItem[] = [];
  for (const m of messages) {
    if (m.role === 'system') history.push({ type: 'system', text: m.content });
    else if (m.role === 'user') history.push({ type: 'user', text: m.content });
    else if (m.role === 'assistant') {
      const calls = (m.toolCalls ?? []).map(
        (call, i): ChatModelFunctionCall => ({
          type: 'functionCall',
          name: call.name,
          params: parseArguments(call.arguments),
          result: parseArguments(results.get(call.id) ?? ''),
          startsNewChunk: i === 0,
        }),
      );
      const text = visibleAssistantText(m.content);
      history.push({ type: 'model', response: [...(text ? [text] : []), ...calls] });
    }
  }
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
            keepOnlyLastThought: wrapper.keepOnlyLastThought,
          })
        : wrapper;
  }

  get supportsThinkingToggle(): boolean {
    return this.noThink !== this.wrapper;
  }

  render(
    messages: ChatMessageIn[],
    options: { enableThinking: boolean; maxHistoryTurns?: number; tools?: ToolSpec[] },
  ): { text: string; tokens: Token[] } {
    const windowed = applyHistoryWindow(messages, options.maxHistoryTurns);
    const wrapper = options.enableThinking ? this.wrapper : this.noThink;
    const availableFunctions: ChatModelFunctions | undefined = options.tools?.length
      ? Object.fromEntries(
          options.tools.map((tool) => [tool.name, { description: tool.description, params: tool.parameters as never }]),
        )
      : undefined;
    const { contextText } = wrapper.generateContextState({ chatHistory: toChatHistory(windowed), availableFunctions });
    return { text: contextText.toString(), tokens: contextText.tokenize(this.model.tokenizer) };
  }
}
