// Generated tokens -> text events: splits Qwen3 thinking (<think>...</think>) from the answer,
// waits for complete UTF-8 characters, and applies stop strings to the answer.
import type { LlamaModel, Token } from 'node-llama-cpp';
import { StopBuffer } from './stop.js';

export type TextKind = 'content' | 'reasoning';

/** A CJK character split over byte tokens detokenises to U+FFFD until complete; never wait longer. */
const MAX_PENDING_TOKENS = 4;

export class ReplyDecoder {
  private readonly thinkOpen: Token | undefined;
  private readonly thinkClose: Token | undefined;
  private readonly stopBuffer: StopBuffer;
  private kind: TextKind = 'content';
  private pending: Token[] = [];
  private atSegmentStart = true;
  /** Newlines at the end of the thinking so far: dropped if </think> follows, as Qwen3's template does. */
  private heldNewlines = '';
  /** A stop string was reached: generation must end. */
  stopped = false;

  constructor(
    private readonly model: LlamaModel,
    stops: string[],
    private readonly onText: (kind: TextKind, text: string) => void,
  ) {
    this.thinkOpen = singleToken(model, '<think>');
    this.thinkClose = singleToken(model, '</think>');
    this.stopBuffer = new StopBuffer(stops);
  }

  push(token: Token): void {
    if (this.stopped) return;
    if (token === this.thinkOpen || token === this.thinkClose) {
      this.flushPending(true);
      this.heldNewlines = '';
      this.kind = token === this.thinkOpen ? 'reasoning' : 'content';
      this.atSegmentStart = true;
      return;
    }
    this.pending.push(token);
    this.flushPending(false);
  }

  /** Generation ended for another reason than a stop string: emit what is held back. */
  finish(): void {
    if (this.stopped) return;
    this.flushPending(true);
    if (this.stopped) return;
    const rest = this.stopBuffer.flush();
    if (rest) this.onText('content', rest);
  }

  private flushPending(force: boolean): void {
    if (this.pending.length === 0) return;
    let text = this.model.detokenize(this.pending, false);
    if (!force && text.endsWith('\uFFFD') && this.pending.length < MAX_PENDING_TOKENS) return;
    this.pending = [];
    // Qwen3 writes "<think>\n...\n</think>\n\n": those newlines frame the segments, they are not text.
    if (this.atSegmentStart) {
      text = text.replace(/^\n+/, '');
      if (!text) return;
      this.atSegmentStart = false;
    }
    if (this.kind === 'reasoning') {
      const body = (this.heldNewlines + text).replace(/\n+$/, '');
      this.heldNewlines = (this.heldNewlines + text).slice(body.length);
      if (body) this.onText('reasoning', body);
      return;
    }
    const out = this.stopBuffer.push(text);
    if (out.emit) this.onText('content', out.emit);
    this.stopped = out.stopped;
  }
}

function singleToken(model: LlamaModel, text: string): Token | undefined {
  const tokens = model.tokenize(text, true);
  return tokens.length === 1 ? tokens[0] : undefined;
}
