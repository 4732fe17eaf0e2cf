// The client thread: a chat client alone on its own event loop. It reads sockets, parses the
// stream and takes timestamps; nothing else runs here, so the conversation work of hundreds of
// virtual users on the main thread (history, checks, records, writes, aggregation) cannot delay
// a timestamp. Started by threaded.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { createChatClient } from './index.js';
import type { ClientThreadData, FromClientThread, ToClientThread } from './thread-protocol.js';

const port = parentPort!;
const client = createChatClient((workerData as { options: ClientThreadData }).options);
const inFlight = new Map<number, AbortController>();
const send = (message: FromClientThread): void => port.postMessage(message);
send({ type: 'ready' });

port.on('message', (message: ToClientThread) => {
  switch (message.type) {
    case 'chat': {
      const controller = new AbortController();
      inFlight.set(message.id, controller);
      client.chat(message.request, controller.signal).then((result) => {
        inFlight.delete(message.id);
        send({ type: 'chat', id: message.id, result });
      });
      break;
    }
    case 'abort':
      inFlight.get(message.id)?.abort();
      break;
    case 'models':
      client.listModels().then((list) => send({ type: 'models', id: message.id, list }));
      break;
    case 'close':
      for (const controller of inFlight.values()) controller.abort();
      client.close().then(() => {
        send({ type: 'closed' });
        port.close();
      });
      break;
  }
});
