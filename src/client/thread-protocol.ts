// Messages between the client thread (client-thread.ts) and its proxy (threaded.ts).
import type { ChatRequest, ChatResult } from '../core/types.js';
import type { ChatClientOptions, ModelList } from './index.js';

export type ToClientThread =
  | { type: 'chat'; id: number; request: ChatRequest }
  | { type: 'abort'; id: number }
  | { type: 'models'; id: number }
  | { type: 'close' };

export type FromClientThread =
  | { type: 'ready' }
  | { type: 'chat'; id: number; result: ChatResult }
  | { type: 'models'; id: number; list: ModelList }
  | { type: 'closed' };

/** What the thread is started with: the client options (plain data, cloned across). */
export type ClientThreadData = ChatClientOptions;
