// Servers without a reasoning parser put the thinking in the content as a leading
// `<think>...</think>` block (Qwen3, DeepSeek-R1). This moves it to reasoning, chunk by chunk,
// with tags that may be split across chunks. Once the content is known not to start with
// <think>, every later delta is appended as is: no scanning on the hot path.

const OPEN = '<think>';
const CLOSE = '</think>';

export const GREW_CONTENT = 1;
export const GREW_REASONING = 2;

enum State {
  Undecided,
  Thinking,
  AfterThink,
  Content,
}

export class ThinkSplitter {
  content = '';
  reasoning = '';
  private state = State.Undecided;
  private pending = '';

  /** Feeds a content delta; returns GREW_CONTENT / GREW_REASONING bits for what grew. */
  push(delta: string): number {
    if (this.state === State.Content) {
      this.content += delta;
      return delta.length > 0 ? GREW_CONTENT : 0;
    }
    this.pending += delta;
    let grew = 0;
    if (this.state === State.Undecided) {
      const s = this.pending.trimStart();
      // Leading whitespace or a possible start of "<think>": wait for more.
      if (s.length === 0 || (s.length < OPEN.length && OPEN.startsWith(s))) return 0;
      if (s.startsWith(OPEN)) {
        this.state = State.Thinking;
        this.pending = s.slice(OPEN.length);
      } else {
        this.state = State.Content;
        this.content += this.pending;
        this.pending = '';
        return GREW_CONTENT;
      }
    }
    if (this.state === State.Thinking) {
      const close = this.pending.indexOf(CLOSE);
      if (close === -1) {
        const keep = partialSuffix(this.pending);
        const take = this.pending.length - keep;
        if (take > 0) {
          this.reasoning += this.pending.slice(0, take);
          this.pending = this.pending.slice(take);
          grew |= GREW_REASONING;
        }
        return grew;
      }
      if (close > 0) {
        this.reasoning += this.pending.slice(0, close);
        grew |= GREW_REASONING;
      }
      this.pending = this.pending.slice(close + CLOSE.length);
      this.state = State.AfterThink;
    }
    // After </think> come separator newlines, then the answer.
    const s = this.pending.trimStart();
    if (s.length === 0) return grew;
    this.state = State.Content;
    this.content += s;
    this.pending = '';
    return grew | GREW_CONTENT;
  }

  /** End of the reply: whatever is held back is flushed where it belongs. */
  end(): number {
    const rest = this.pending;
    this.pending = '';
    if (rest.length === 0) return 0;
    if (this.state === State.Undecided) {
      this.state = State.Content;
      this.content += rest;
      return GREW_CONTENT;
    }
    if (this.state === State.Thinking) {
      this.reasoning += rest;
      return GREW_REASONING;
    }
    return 0;
  }
}

/** Length of the longest suffix of `text` that could be the start of "</think>". */
function partialSuffix(text: string): number {
  const max = Math.min(CLOSE.length - 1, text.length);
  for (let k = max; k > 0; k--) {
    if (CLOSE.startsWith(text.slice(text.length - k))) return k;
  }
  return 0;
}
