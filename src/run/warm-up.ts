// Untimed warm-up before a run: a server's first requests pay one-time costs (GPU kernels
// compiled on first use, caches filled, connections opened) that say nothing about the model
// under test, and would otherwise land in the run's P99. These requests are sent and awaited
// before the run starts; they are never recorded in turns.jsonl nor counted in any figure. The
// run's header says how many were sent and how they went (options.warmUp).
import type { ChatMessage, Scenario } from '../core/types.js';
import type { ChatSender } from './conversation.js';

/** Default: one request per target (`--warm-up N` elsewhere; 0 turns it off). */
export const DEFAULT_WARM_UP_REQUESTS = 1;

export interface WarmUpSummary {
  /** Requests sent before the run, none of them measured. */
  requests: number;
  succeeded: number;
  /** What the run's figures leave out, in plain words (shown with the run options). */
  excluded: string;
}

/**
 * Sends `requests` short chats shaped like the run's first turn (the first scenario's system
 * prompt and first user message, its params, at most 16 tokens) one after another. A server with
 * prefix caching then holds the system prompt before the first conversation, as it does for
 * every later one: the first conversation is measured in the same state as the rest.
 */
export async function warmUpTarget(options: {
  sender: ChatSender;
  scenarios: Scenario[];
  stream: boolean;
  model?: string;
  requests?: number;
  signal?: AbortSignal;
}): Promise<WarmUpSummary> {
  const requests = options.requests ?? DEFAULT_WARM_UP_REQUESTS;
  const scenario = options.scenarios[0];
  let succeeded = 0;
  for (let i = 0; i < requests && scenario && !options.signal?.aborted; i++) {
    const messages: ChatMessage[] = [
      ...(scenario.system ? [{ role: 'system' as const, content: scenario.system }] : []),
      { role: 'user', content: scenario.turns[0]?.user ?? 'Hello' },
    ];
    const params = { ...scenario.params, model: scenario.params.model ?? options.model, max_tokens: 16 };
    const result = await options.sender
      .chat({ messages, params, stream: options.stream }, options.signal)
      .catch(() => undefined);
    if (result?.ok) succeeded++;
  }
  return {
    requests,
    succeeded,
    excluded:
      requests === 0
        ? 'no warm-up: first-use costs of the target are inside the figures'
        : `${requests} untimed warm-up request${requests === 1 ? '' : 's'} before the run ` +
          '(not in turns.jsonl, not in any figure)',
  };
}
