// A chat client whose timing path runs on its own thread (client-thread.ts): the same interface
// as createChatClient, each call a message to the thread and its result a message back (one
// structured clone per turn, none per chunk). Load runs use it: there the main thread does the
// conversation work of every virtual user, and on one thread that work delays timestamps (a
// multi-turn run's TTFT error tail came from it, not from reading streams).
import { Worker } from 'node:worker_threads';
import { redactText } from '../core/redact.js';
import type { ChatRequest, ChatResult } from '../core/types.js';
import type { ChatClient, ChatClientOptions, ModelList } from './index.js';
import type { ClientThreadData, FromClientThread, ToClientThread } from './thread-protocol.js';

/** Set to 0 (or off/false/no) to keep load runs' client on the main thread. */
export const CLIENT_THREAD_ENV = 'CHATPROOF_CLIENT_THREAD';

/** Whether load runs put the client on its own thread: yes unless the variable says no. */
export function clientThreadFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env[CLIENT_THREAD_ENV]?.trim().toLowerCase();
  return !(value === '0' || value === 'off' || value === 'false' || value === 'no');
}

/** The thread's entry, beside this file: .ts when run from source (tsx), .js when built. */
const FROM_SOURCE = import.meta.url.endsWith('.ts');
const ENTRY = new URL(`./client-thread${FROM_SOURCE ? '.ts' : '.js'}`, import.meta.url);
/**
 * A worker does not inherit the main thread's TypeScript loader on Node 20 (`--import tsx` in
 * its execArgv is not applied): run from source, the thread registers tsx itself when it cannot
 * load the .ts entry as it is (a test runner's own loader may already handle it).
 */
const BOOT = `
const { workerData } = require('node:worker_threads');
import(workerData.entry).catch(async (error) => {
  if (error?.code !== 'ERR_UNKNOWN_FILE_EXTENSION' || !workerData.tsx) throw error;
  (await import(workerData.tsx)).register();
  // A fresh URL: the module map keeps the failed load of the plain one.
  await import(workerData.entry + '?tsx');
});
`;

export interface ThreadedChatClient extends ChatClient {
  /**
   * Resolves once the thread has loaded and made its client (undefined), or with why it could
   * not start; a load level should not start before.
   */
  ready(): Promise<string | undefined>;
}

export function createThreadedChatClient(options: ChatClientOptions): ThreadedChatClient {
  const tsx = FROM_SOURCE ? import.meta.resolve('tsx/esm/api') : undefined;
  const worker = new Worker(BOOT, {
    eval: true,
    workerData: { entry: ENTRY.href, tsx, options: options satisfies ClientThreadData },
  });
  const chats = new Map<number, (result: ChatResult) => void>();
  const lists = new Map<number, (list: ModelList) => void>();
  let nextId = 0;
  let closed: Promise<void> | undefined;
  let failure: string | undefined;
  const post = (message: ToClientThread): void => worker.postMessage(message);
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });

  worker.on('message', (message: FromClientThread) => {
    if (message.type === 'ready') markReady();
    else if (message.type === 'chat') {
      chats.get(message.id)?.(message.result);
      chats.delete(message.id);
    } else if (message.type === 'models') {
      lists.get(message.id)?.(message.list);
      lists.delete(message.id);
    }
  });
  // A thread that dies must not hang the run: every call in flight fails as a client error.
  const fail = (why: string): void => {
    failure = redactText(`the client thread stopped: ${why}`);
    markReady();
    for (const resolve of chats.values()) resolve(threadFailure(failure));
    for (const resolve of lists.values()) resolve({ ok: false, models: [], error: threadFailure(failure).error });
    chats.clear();
    lists.clear();
  };
  worker.on('error', (err) => fail(err.message));
  worker.on('exit', (code) => {
    if (closed === undefined) fail(`exit code ${code}`);
  });

  return {
    ready: () => ready.then(() => failure),
    chat(request: ChatRequest, signal?: AbortSignal): Promise<ChatResult> {
      if (closed !== undefined) failure ??= 'the client thread stopped: the client was closed';
      if (failure !== undefined) return Promise.resolve(threadFailure(failure));
      const id = ++nextId;
      return new Promise((resolve) => {
        const onAbort = (): void => post({ type: 'abort', id });
        chats.set(id, (result) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(result);
        });
        if (signal?.aborted) onAbort();
        else signal?.addEventListener('abort', onAbort, { once: true });
        post({ type: 'chat', id, request });
      });
    },
    listModels(): Promise<ModelList> {
      if (closed !== undefined) failure ??= 'the client thread stopped: the client was closed';
      if (failure !== undefined) return Promise.resolve({ ok: false, models: [], error: threadFailure(failure).error });
      const id = ++nextId;
      return new Promise((resolve) => {
        lists.set(id, resolve);
        post({ type: 'models', id });
      });
    },
    close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => {
        if (failure !== undefined) {
          resolve();
          return;
        }
        worker.once('exit', () => resolve());
        worker.on('message', (m: FromClientThread) => {
          if (m.type === 'closed') void worker.terminate();
        });
        post({ type: 'close' });
      });
      return closed;
    },
  };
}

function threadFailure(message: string): ChatResult {
  return {
    ok: false,
    content: '',
    reasoning: '',
    timing: { sentAtEpochMs: Date.now(), contentChunkOffsetsMs: [] },
    usage: { source: 'none' },
    error: { cause: 'aborted', message },
  };
}
