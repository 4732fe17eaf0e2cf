// What two ways of reading one reply must agree on: the turn, less its timestamps.
import type { ChatResult } from '../../src/core/types.js';

export const chatShape = (r: ChatResult) => ({
  ok: r.ok,
  content: r.content,
  reasoning: r.reasoning,
  chunks: r.timing.contentChunkOffsetsMs.length,
  usage: r.usage,
  finishReason: r.finishReason,
});
