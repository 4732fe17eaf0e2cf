import t from 'tap';
import { buildMessages } from '../../../src/run/history.js';

const turns = [1, 2, 3, 4].map((i) => ({ user: `u${i}`, assistant: `a${i}` }));

t.test('keeps the system prompt and all history without a window', async (t) => {
  const { messages, historyTurnsSent } = buildMessages('persona', turns, 'u5');
  t.equal(historyTurnsSent, 4);
  t.same(
    messages.map((m) => `${m.role}:${m.content}`),
    [
      'system:persona',
      'user:u1',
      'assistant:a1',
      'user:u2',
      'assistant:a2',
      'user:u3',
      'assistant:a3',
      'user:u4',
      'assistant:a4',
      'user:u5',
    ],
  );
});

t.test('max_history_turns slides over whole turns and never drops the system prompt', async (t) => {
  const { messages, historyTurnsSent } = buildMessages('persona', turns, 'u5', 2);
  t.equal(historyTurnsSent, 2);
  t.same(
    messages.map((m) => m.content),
    ['persona', 'u3', 'a3', 'u4', 'a4', 'u5'],
  );
});

t.test('a window of 0 sends only the system prompt and the new message', async (t) => {
  const { messages } = buildMessages('persona', turns, 'u5', 0);
  t.same(
    messages.map((m) => m.role),
    ['system', 'user'],
  );
});

t.test('no system message when the scenario has none', async (t) => {
  const { messages } = buildMessages(undefined, [], 'hello', 16);
  t.same(messages, [{ role: 'user', content: 'hello' }]);
});
