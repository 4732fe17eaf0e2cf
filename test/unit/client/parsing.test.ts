import t from 'tap';
import { causeForStatus, causeForTransportError, errorBodySnippet } from '../../../src/client/classify.js';
import { buildRequestBody } from '../../../src/client/request-body.js';
import { SseParser } from '../../../src/client/sse.js';
import { ThinkSplitter } from '../../../src/client/think-splitter.js';
import { apiKeyFromEnv, normalizeBaseUrl } from '../../../src/client/url.js';
import { redactText, redactUrl, registerSecret } from '../../../src/core/redact.js';

function parseAll(parts: string[]): string[] {
  const out: string[] = [];
  const p = new SseParser((d) => out.push(d));
  for (const part of parts) p.push(part);
  p.end();
  return out;
}

const STREAM = ': keep-alive\n\ndata: {"a":1}\n\ndata:{"b":"x y"}\r\n\r\nevent: ping\nid: 7\ndata: [DONE]\n\n';
const EXPECTED = ['{"a":1}', '{"b":"x y"}', '[DONE]'];

t.test('SSE: one read, then every split point, then byte by byte', async (t) => {
  t.same(parseAll([STREAM]), EXPECTED);
  for (let i = 1; i < STREAM.length; i++) {
    const got = parseAll([STREAM.slice(0, i), STREAM.slice(i)]);
    if (got.join('|') !== EXPECTED.join('|')) t.fail(`split at ${i}: ${JSON.stringify(got)}`);
  }
  t.same(parseAll([...STREAM]), EXPECTED, 'one character per read');
});

t.test('SSE: multi-line data, empty data, last event without blank line, comments only', async (t) => {
  t.same(parseAll(['data: a\ndata: b\n\n']), ['a\nb']);
  t.same(parseAll(['data:\n\n']), ['']);
  t.same(parseAll(['data: {"x":1}\n\ndata: [DONE]']), ['{"x":1}', '[DONE]']);
  t.same(parseAll([': ping\n\n:\n\n']), []);
  t.same(parseAll(['retry: 10\n\n']), [], 'an event without data is not dispatched');
});

t.test('think splitter: leading <think> block goes to reasoning, tags split anywhere', async (t) => {
  const text = '<think>\nI should greet.\n</think>\n\nHello there';
  for (let i = 1; i < text.length; i++) {
    const s = new ThinkSplitter();
    s.push(text.slice(0, i));
    s.push(text.slice(i));
    s.end();
    if (s.content !== 'Hello there' || s.reasoning !== '\nI should greet.\n')
      t.fail(`split at ${i}: ${JSON.stringify(s)}`);
  }
  const plain = new ThinkSplitter();
  plain.push('Hello <think> is just text');
  t.equal(plain.content, 'Hello <think> is just text');
  const unterminated = new ThinkSplitter();
  unterminated.push('<think>still going');
  unterminated.end();
  t.same([unterminated.content, unterminated.reasoning], ['', 'still going']);
  const partial = new ThinkSplitter();
  partial.push('<thi');
  t.equal(partial.content, '', 'a possible tag is held back');
  partial.end();
  t.equal(partial.content, '<thi', 'and released at the end');
});

t.test('request body: only the params that are set; enable_thinking as chat_template_kwargs', async (t) => {
  const messages = [{ role: 'user' as const, content: 'hi' }];
  t.same(buildRequestBody({ messages, params: {}, stream: false }, 'm'), { model: 'm', messages, stream: false });
  const body = buildRequestBody(
    {
      messages,
      stream: true,
      params: {
        model: 'qwen3',
        temperature: 0,
        top_p: 0.9,
        max_tokens: 64,
        seed: 7,
        stop: ['END'],
        enable_thinking: false,
        max_history_turns: 3,
      },
    },
    'm',
  );
  t.same(body, {
    model: 'qwen3',
    messages,
    stream: true,
    stream_options: { include_usage: true },
    temperature: 0,
    top_p: 0.9,
    max_tokens: 64,
    seed: 7,
    stop: ['END'],
    chat_template_kwargs: { enable_thinking: false },
  });
  t.notOk('max_history_turns' in body, 'history window is not a server param');
});

t.test('base URL normalisation, redaction, key from env', async (t) => {
  for (const u of ['http://h:8000', 'http://h:8000/', 'http://h:8000/v1', 'http://h:8000/v1/']) {
    t.equal(normalizeBaseUrl(u), 'http://h:8000/v1', u);
  }
  t.equal(normalizeBaseUrl('https://api.example.com/openai/v1/'), 'https://api.example.com/openai/v1');
  t.throws(() => normalizeBaseUrl('ftp://h/v1'));
  t.equal(
    redactUrl('http://user:sk-123@h:1/v1?api_key=sk-123&api-version=2&token=z'),
    'http://h:1/v1?api_key=[redacted]&api-version=2&token=[redacted]',
  );
  t.notOk(redactUrl('not a url //user:pw@x').includes('pw'));
  t.equal(apiKeyFromEnv({ CHATPROOF_API_KEY: 'a', OPENAI_API_KEY: 'b' }), 'a');
  t.equal(apiKeyFromEnv({ CHATPROOF_API_KEY: ' ', OPENAI_API_KEY: 'b' }), 'b');
  t.equal(apiKeyFromEnv({}), undefined);
  registerSecret('sk-abcdef');
  t.equal(redactText('key sk-abcdef and Bearer xyz'), 'key [redacted] and Bearer [redacted]');
});

t.test('classification of statuses, transport errors and error bodies', async (t) => {
  t.equal(causeForStatus(429), 'http_429');
  t.equal(causeForStatus(404), 'http_4xx');
  t.equal(causeForStatus(502), 'http_5xx');
  const coded = (code: string): Error => Object.assign(new Error(code), { code });
  // A connect timeout needs an unreachable address, which tests must not use: checked by code.
  t.equal(causeForTransportError(coded('UND_ERR_CONNECT_TIMEOUT'), false), 'connect_timeout');
  t.equal(causeForTransportError(new AggregateError([coded('ECONNREFUSED')]), false), 'connection_refused');
  t.equal(
    causeForTransportError(
      Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET', cause: coded('ECONNRESET') }),
      false,
    ),
    'connection_reset',
  );
  t.equal(
    causeForTransportError(coded('ECONNRESET'), true),
    'stream_cut',
    'after headers, a broken socket cuts the stream',
  );
  t.equal(errorBodySnippet('{"error":{"message":"model  not\\nfound","type":"x"}}'), 'model not found');
  t.equal(errorBodySnippet('{"detail":"Not Found"}'), 'Not Found');
  t.equal(errorBodySnippet('x'.repeat(1000)).length, 303);
});
