// Tool calls in generated text: Qwen3 (Hermes style) writes each call as
// <tool_call>\n{"name": ..., "arguments": {...}}\n</tool_call>. Text outside the blocks is the
// reply's content; a block is held back until it closes, then becomes one OpenAI tool call.
// A block whose JSON does not parse is passed on as content, so nothing the model wrote is lost.

const OPEN = '<tool_call>';
const CLOSE = '</tool_call>';

export interface ParsedToolCall {
  name: string;
  /** JSON text, as OpenAI's `function.arguments`. */
  arguments: string;
}

export function parseToolCallJson(json: string): ParsedToolCall | undefined {
  try {
    const value = JSON.parse(json) as { name?: unknown; arguments?: unknown; parameters?: unknown };
    if (typeof value?.name !== 'string') return undefined;
    const args = value.arguments ?? value.parameters ?? {};
    return { name: value.name, arguments: typeof args === 'string' ? args : JSON.stringify(args) };
  } catch {
    return undefined;
  }
}

export class ToolCallStream {
  private pending = '';
  private inCall = false;

  push(text: string): { content: string; calls: ParsedToolCall[] } {
    this.pending += text;
    let content = '';
    const calls: ParsedToolCall[] = [];
    for (;;) {
      if (!this.inCall) {
        const at = this.pending.indexOf(OPEN);
        if (at === -1) {
          const hold = heldPrefix(this.pending, OPEN);
          content += this.pending.slice(0, this.pending.length - hold);
          this.pending = this.pending.slice(this.pending.length - hold);
          return { content, calls };
        }
        content += this.pending.slice(0, at);
        this.pending = this.pending.slice(at + OPEN.length);
        this.inCall = true;
      }
      const end = this.pending.indexOf(CLOSE);
      if (end === -1) return { content, calls };
      const body = this.pending.slice(0, end);
      this.pending = this.pending.slice(end + CLOSE.length).replace(/^\s+/, '');
      this.inCall = false;
      const call = parseToolCallJson(body.trim());
      if (call) calls.push(call);
      else content += `${OPEN}${body}${CLOSE}`;
    }
  }

  /** End of generation: an unclosed block that parses is a call; anything else is content. */
  finish(): { content: string; calls: ParsedToolCall[] } {
    const rest = this.pending;
    this.pending = '';
    if (!this.inCall) return { content: rest, calls: [] };
    this.inCall = false;
    const call = parseToolCallJson(rest.trim());
    return call ? { content: '', calls: [call] } : { content: `${OPEN}${rest}`, calls: [] };
  }
}

/** Length of the longest suffix of `text` that starts `marker`. */
function heldPrefix(text: string, marker: string): number {
  for (let n = Math.min(marker.length - 1, text.length); n > 0; n--) if (text.endsWith(marker.slice(0, n))) return n;
  return 0;
}
