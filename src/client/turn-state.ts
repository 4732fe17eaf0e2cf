// What one reply accumulates as its chunks arrive: text, first-token times, chunk offsets,
// finish reason, usage. Shared by the streaming and non-streaming paths.
import type { FailureCause, TokenUsage } from '../core/types.js';
import { ChunkTemplate } from './chunk-template.js';
import { causeForStreamError, errorBodySnippet } from './classify.js';
import { GREW_CONTENT, GREW_REASONING, ThinkSplitter } from './think-splitter.js';

interface Delta {
  content?: unknown;
  reasoning_content?: unknown;
  reasoning?: unknown;
}
interface Choice {
  delta?: Delta;
  message?: Delta;
  finish_reason?: unknown;
}
interface Usage {
  prompt_tokens?: unknown;
  completion_tokens?: unknown;
}
interface Chunk {
  choices?: Choice[];
  usage?: Usage | null;
  error?: unknown;
}

const NON_SPACE = /\S/;

export class TurnState {
  readonly text = new ThinkSplitter();
  firstThoughtMs: number | undefined;
  firstTokenMs: number | undefined;
  readonly contentChunkOffsetsMs: number[] = [];
  finishReason: string | undefined;
  done = false;
  /** Arrival offset of [DONE] (the end of the reply, whenever the body itself ends). */
  doneMs: number | undefined;
  promptTokens: number | undefined;
  completionTokens: number | undefined;
  hasUsage = false;
  failure: { cause: FailureCause; message: string } | undefined;
  /** Offset of the last event that carried content or reasoning (for text flushed at the end). */
  private lastOutputMs = 0;
  /** Skips JSON.parse for chunks that differ from the last plain one only in their text (exact). */
  private readonly template: ChunkTemplate | undefined;
  /** The texts of one run of template events (reused: one array per reply, not per read). */
  private readonly runTexts: string[] = [];

  /** `fastPath: false` parses every chunk with JSON.parse (the reference the fast path is tested against). */
  constructor(options: { fastPath?: boolean } = {}) {
    this.template = options.fastPath === false ? undefined : new ChunkTemplate();
  }

  /** True once any content or reasoning text arrived (ends the first-token wait). */
  get started(): boolean {
    return this.firstTokenMs !== undefined || this.firstThoughtMs !== undefined;
  }

  /** One SSE event's data. Returns false when the stream must stop (failure recorded). */
  onEvent(data: string, atMs: number): boolean {
    if (data === '[DONE]') {
      this.done = true;
      this.doneMs ??= atMs;
      return true;
    }
    let chunk = this.template?.parse(data) as Chunk | undefined;
    if (chunk !== undefined) return this.apply(chunk, atMs);
    try {
      chunk = JSON.parse(data) as Chunk;
    } catch {
      return this.fail('malformed_chunk', `malformed chunk (not JSON): ${clip(data)}`);
    }
    this.template?.learn(data, chunk);
    if (chunk === null || typeof chunk !== 'object') {
      return this.fail('malformed_chunk', `malformed chunk (not an object): ${clip(data)}`);
    }
    if (chunk.error !== undefined && chunk.error !== null) {
      return this.fail(causeForStreamError(chunk.error), `error event in stream: ${errorBodySnippet(data)}`);
    }
    if (!Array.isArray(chunk.choices)) {
      return this.fail('malformed_chunk', `malformed chunk (no choices): ${clip(data)}`);
    }
    return this.apply(chunk, atMs);
  }

  /**
   * The SSE parser's hot path (see RunHandler): takes the run of events at `pos` in the read that
   * fit the learnt template, which stands for a checked plain text chunk (one choice, no error,
   * usage or finish_reason, one text field), so no check is skipped. Returns where it stopped.
   * `bytes`: `buf` is byte text (see byte-text.ts).
   */
  consumeRun(buf: string, pos: number, readId: number, atMs: number, bytes = false): number {
    const template = this.template;
    if (template === undefined) return pos;
    const texts = this.runTexts;
    const next = template.scanEvents(buf, pos, readId, texts, bytes);
    if (next === pos) return pos;
    if (template.role === 'content') for (let i = 0; i < texts.length; i++) this.onContent(texts[i]!, atMs);
    else for (let i = 0; i < texts.length; i++) this.onReasoning(texts[i]!, atMs);
    texts.length = 0;
    return next;
  }

  /** A chunk known to be an object with a choices array and no error. */
  private apply(chunk: Chunk, atMs: number): boolean {
    if (chunk.usage) this.readUsage(chunk.usage);
    // n > 1 is never requested: the first choice is the reply.
    const choice = chunk.choices![0];
    if (choice) {
      const delta = choice.delta ?? choice.message;
      if (delta) this.onDelta(delta, atMs);
      if (typeof choice.finish_reason === 'string') this.finishReason = choice.finish_reason;
    }
    return true;
  }

  /** A non-streamed `chat.completion` body. Returns false on a malformed body. */
  onCompletion(body: string, atMs: number): boolean {
    if (!this.onEvent(body, atMs)) return false;
    this.done = true;
    return true;
  }

  /** End of the reply: flush text held back by the <think> splitter. */
  end(): void {
    this.note(this.text.end(), this.lastOutputMs);
  }

  usage(streamed: boolean): TokenUsage {
    if (this.hasUsage) {
      return { promptTokens: this.promptTokens, completionTokens: this.completionTokens, source: 'usage' };
    }
    // Counted chunks approximate tokens (one token per chunk on most servers); never max_tokens.
    if (streamed) return { completionTokens: this.contentChunkOffsetsMs.length, source: 'chunks' };
    return { source: 'none' };
  }

  private onDelta(delta: Delta, atMs: number): void {
    const reasoning = delta.reasoning_content ?? delta.reasoning;
    if (typeof reasoning === 'string') this.onReasoning(reasoning, atMs);
    const content = delta.content;
    if (typeof content === 'string') this.onContent(content, atMs);
  }

  private onReasoning(reasoning: string, atMs: number): void {
    if (reasoning.length === 0) return;
    this.text.reasoning += reasoning;
    this.lastOutputMs = atMs;
    if (this.firstThoughtMs === undefined && NON_SPACE.test(reasoning)) this.firstThoughtMs = atMs;
  }

  private onContent(content: string, atMs: number): void {
    if (content.length === 0) return;
    this.lastOutputMs = atMs;
    this.note(this.text.push(content), atMs);
  }

  private note(grew: number, atMs: number): void {
    if (grew & GREW_CONTENT) {
      this.contentChunkOffsetsMs.push(atMs);
      if (this.firstTokenMs === undefined) this.firstTokenMs = atMs;
    }
    if (grew & GREW_REASONING && this.firstThoughtMs === undefined && NON_SPACE.test(this.text.reasoning)) {
      this.firstThoughtMs = atMs;
    }
  }

  private readUsage(u: Usage): void {
    if (typeof u.prompt_tokens === 'number') this.promptTokens = u.prompt_tokens;
    if (typeof u.completion_tokens === 'number') this.completionTokens = u.completion_tokens;
    this.hasUsage = this.promptTokens !== undefined || this.completionTokens !== undefined;
  }

  private fail(cause: FailureCause, message: string): boolean {
    this.failure ??= { cause, message };
    return false;
  }
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 120 ? `${one.slice(0, 120)}...` : one;
}
