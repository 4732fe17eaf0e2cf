// The fast-path switch, end to end through the client against the fixture server on 127.0.0.1:
// off (option or CHATPROOF_CLIENT_FAST_PATH=0), no chunk goes through the template or the byte
// text; on, they do; either way the turn comes out the same (text, reasoning, chunk count, usage).
import t, { type Test } from 'tap';
import { startFixtureServer } from '../../../fixtures/openai-server/index.js';
import { ChunkTemplate } from '../../../src/client/chunk-template.js';
import { FAST_PATH_ENV, fastPathFromEnv } from '../../../src/client/fast-path.js';
import { createChatClient } from '../../../src/client/index.js';
import type { ChatRequest, ChatResult } from '../../../src/core/types.js';
import { chatShape } from '../../helpers/chat-shape.js';

const REQUEST: ChatRequest = { messages: [{ role: 'user', content: '你好' }], params: {}, stream: true };
// ASCII, Chinese, an emoji cut across chunks by the tokenizer, and a thinking block.
const REPLY = 'Lisbon, 里斯本 😀 "quoted" \\ back\nslash. '.repeat(6);

/** Calls of the template's two entry points while `run` is in flight. */
async function templateCalls(t: Test, run: () => Promise<ChatResult>): Promise<{ calls: number; r: ChatResult }> {
  let calls = 0;
  const parse = ChunkTemplate.prototype.parse;
  const scan = ChunkTemplate.prototype.scanEvents;
  ChunkTemplate.prototype.parse = function (this: ChunkTemplate, ...args: Parameters<typeof parse>) {
    calls++;
    return parse.apply(this, args);
  };
  ChunkTemplate.prototype.scanEvents = function (this: ChunkTemplate, ...args: Parameters<typeof scan>) {
    calls++;
    return scan.apply(this, args);
  };
  t.teardown(() => {
    ChunkTemplate.prototype.parse = parse;
    ChunkTemplate.prototype.scanEvents = scan;
  });
  try {
    const r = await run();
    return { calls, r };
  } finally {
    ChunkTemplate.prototype.parse = parse;
    ChunkTemplate.prototype.scanEvents = scan;
  }
}

t.test('the environment variable turns the fast path off; anything else leaves it on', async (t) => {
  for (const off of ['0', 'off', 'false', 'no', ' OFF '])
    t.equal(fastPathFromEnv({ [FAST_PATH_ENV]: off }), false, off);
  for (const on of [undefined, '', '1', 'on', 'yes']) t.equal(fastPathFromEnv({ [FAST_PATH_ENV]: on }), true, `${on}`);
});

t.test('off: no chunk takes the template; on: they do; the turn is the same either way', async (t) => {
  const server = await startFixtureServer({ reply: REPLY, reasoning: 'think 思考 first', ttftMs: 0, itlMs: 0 });
  t.teardown(() => server.close());
  const results: Record<string, ReturnType<typeof chatShape>> = {};
  for (const [name, options] of [
    ['option off', { fastPath: false }],
    ['env off', { env: '0' }],
    ['default on', {}],
  ] as const) {
    const saved = process.env[FAST_PATH_ENV];
    if ('env' in options) process.env[FAST_PATH_ENV] = options.env;
    const client = createChatClient({
      baseUrl: server.url,
      model: 'm',
      ...('fastPath' in options ? { fastPath: options.fastPath } : {}),
    });
    if (saved === undefined) delete process.env[FAST_PATH_ENV];
    else process.env[FAST_PATH_ENV] = saved;
    try {
      const { calls, r } = await templateCalls(t, () => client.chat(REQUEST));
      t.ok(r.ok, `${name}: ${r.error?.message ?? 'ok'}`);
      if (name === 'default on') t.ok(calls > 0, `${name}: the template saw ${calls} calls`);
      else t.equal(calls, 0, `${name}: the template is never asked`);
      results[name] = chatShape(r);
    } finally {
      await client.close();
    }
  }
  t.ok(results['default on']!.chunks > 10, `${results['default on']!.chunks} content chunks`);
  t.same(results['option off'], results['default on'], 'plain path (option) = fast path');
  t.same(results['env off'], results['default on'], 'plain path (environment) = fast path');
  t.match(results['default on']!.content, /里斯本 😀 "quoted" \\ back\nslash/);
});
