// The generated GGUF, tokenisation, templating and the reply decoder, with real node-llama-cpp.

import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getLlama, LlamaLogLevel, QwenChatWrapper, resolveChatWrapper, type Token } from 'node-llama-cpp';
import t from 'tap';
import { ReplyDecoder, type TextKind } from '../../../src/server/engine/decoder.js';
import { applyHistoryWindow, PromptRenderer } from '../../../src/server/engine/prompt.js';
import { ensureGeneratedModel, generateQwen3Gguf } from '../../../src/server/gguf/qwen3.js';
import type { ChatMessageIn } from '../../../src/server/types.js';

const dir = await mkdtemp(join(tmpdir(), 'chatproof-gguf-'));
t.teardown(() => rm(dir, { recursive: true, force: true }));
// Loaded before any subtest: tap ends the file's root test once subtests run out.
const llama = await getLlama({ gpu: false, maxThreads: 1, build: 'never', logLevel: LlamaLogLevel.error });
const model = await llama.loadModel({ modelPath: await ensureGeneratedModel('tiny') });
t.teardown(() => llama.dispose());

t.test('the generator is deterministic per seed and caches on disk', async (t) => {
  const sha = async (p: string) =>
    createHash('sha256')
      .update(await readFile(p))
      .digest('hex');
  await generateQwen3Gguf({ path: join(dir, 'a.gguf'), seed: 5 });
  await generateQwen3Gguf({ path: join(dir, 'b.gguf'), seed: 5 });
  await generateQwen3Gguf({ path: join(dir, 'c.gguf'), seed: 6 });
  t.equal(await sha(join(dir, 'a.gguf')), await sha(join(dir, 'b.gguf')));
  t.not(await sha(join(dir, 'a.gguf')), await sha(join(dir, 'c.gguf')));
  const path = await ensureGeneratedModel('tiny', dir);
  const first = await stat(path);
  t.equal(await ensureGeneratedModel('tiny', dir), path);
  t.equal((await stat(path)).mtimeMs, first.mtimeMs, 'not rewritten when present');
  await rm(path);
  t.equal(await ensureGeneratedModel('tiny', dir), path, 'regenerated when missing');
  t.ok((await stat(path)).size > 100_000);
});

t.test('it loads as qwen3 and its template resolves to QwenChatWrapper', async (t) => {
  t.equal(model.fileInfo.metadata.general.architecture, 'qwen3');
  t.type(resolveChatWrapper(model), QwenChatWrapper);
});

t.test('byte-level BPE: ASCII and CJK round-trip, merges apply, control tokens are single tokens', async (t) => {
  for (const text of ['Hello, what is my name?', '我记得你的名字。电影好吗？', 'tabs\tand\nnewlines ~ é ü 🙂']) {
    t.equal(model.detokenize(model.tokenize(text)), text);
  }
  t.ok(model.tokenize(' the').length === 1, '" the" is one merged token');
  t.ok(model.tokenize('我').length === 1, 'a common CJK character is one merged token');
  t.equal(model.tokenize('龘').length, 3, 'other CJK falls back to its three UTF-8 bytes');
  for (const special of ['<|im_start|>', '<|im_end|>', '<|endoftext|>', '<think>', '</think>']) {
    t.equal(model.tokenize(special, true).length, 1, special);
  }
  t.ok(model.tokenize('<|im_end|>', false).length > 1, 'user text cannot forge a control token');
});

t.test("enable_thinking=false renders Qwen's no-think generation prompt", async (t) => {
  const renderer = new PromptRenderer(model, resolveChatWrapper(model)!);
  const messages: ChatMessageIn[] = [
    { role: 'system', content: 'S' },
    { role: 'user', content: 'Q' },
  ];
  const on = renderer.render(messages, { enableThinking: true });
  const off = renderer.render(messages, { enableThinking: false });
  t.equal(on.text, '<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nQ<|im_end|>\n<|im_start|>assistant\n');
  t.equal(off.text, `${on.text}<think>\n\n</think>\n\n`);
  const history = renderer.render(
    [...messages, { role: 'assistant', content: '<think>\nhmm\n</think>\n\nA' }, { role: 'user', content: 'Q2' }],
    { enableThinking: true },
  );
  t.ok(
    history.text.includes('<|im_start|>assistant\nA<|im_end|>'),
    'earlier thinking is dropped, as the template does',
  );
});

t.test('max_history_turns keeps the system prompt and the last N completed turns', async (t) => {
  const m = (role: ChatMessageIn['role'], content: string): ChatMessageIn => ({ role, content });
  const messages = [
    m('system', 's'),
    m('user', 'u1'),
    m('assistant', 'a1'),
    m('user', 'u2'),
    m('assistant', 'a2'),
    m('user', 'u3'),
  ];
  t.same(applyHistoryWindow(messages, undefined), messages);
  t.same(
    applyHistoryWindow(messages, 1).map((x) => x.content),
    ['s', 'u2', 'a2', 'u3'],
  );
  t.same(
    applyHistoryWindow(messages, 0).map((x) => x.content),
    ['s', 'u3'],
  );
  t.same(applyHistoryWindow(messages, 9), messages);
});

const decode = (text: string, stops: string[] = []) => {
  const out: Record<TextKind, string[]> = { content: [], reasoning: [] };
  const decoder = new ReplyDecoder(model, stops, (kind, piece) => out[kind].push(piece));
  for (const token of model.tokenize(text, true) as Token[]) {
    decoder.push(token);
    if (decoder.stopped) break;
  }
  decoder.finish();
  return {
    content: out.content.join(''),
    reasoning: out.reasoning.join(''),
    pieces: out.content,
    stopped: decoder.stopped,
  };
};

t.test('the decoder streams thinking as reasoning and the rest as content', async (t) => {
  const r = decode('<think>\nThe user wants a film.\n</think>\n\nAlien, 1979.');
  t.equal(r.reasoning, 'The user wants a film.');
  t.equal(r.content, 'Alien, 1979.');
  t.same(decode('plain answer'), {
    content: 'plain answer',
    reasoning: '',
    pieces: decode('plain answer').pieces,
    stopped: false,
  });
});

t.test('the decoder never splits a CJK character', async (t) => {
  const r = decode('龘龘 ok');
  t.equal(r.content, '龘龘 ok');
  t.ok(r.pieces.every((p) => !p.includes('\uFFFD')));
});

t.test('stop strings cut the content, even across tokens', async (t) => {
  t.same(decode('Hello world. END and more', ['END']).content, 'Hello world. ');
  t.ok(decode('Hello world. END and more', ['END']).stopped);
  t.same(decode('abc', ['abcd']).content, 'abc', 'a partial match is released at the end');
  t.same(decode('one\n\nUser: two', ['\n\nUser:', 'xyz']).content, 'one');
});
