// No secret leaves the process: a server that echoes the request URL, the Authorization header and
// cookie-style pairs in its error bodies has every one of them hidden in turns.jsonl,
// results.json, index.html and junit.xml; user:pass@ in a target URL is sent as Basic auth and
// never written anywhere.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { evalCommand } from '../../../src/cli/commands/eval.js';
import { EXIT } from '../../../src/core/errors.js';
import { redactText } from '../../../src/core/redact.js';
import { tempDir, writeScenario } from '../../helpers/eval-harness.js';
import { answerModels, capture, startBareServer, THREE_TURNS } from '../../helpers/fault-harness.js';

const API_KEY = 'sk-faultsuite-0123456789abcdef';
const QUERY_KEY = 'querykey-77aa88bb';
const PASSWORD = 'pw-99cc00dd';

t.test('error bodies echoing the URL, the bearer and session pairs are redacted in every output', async (t) => {
  const seen: Array<string | undefined> = [];
  const server = await startBareServer((req, res) => {
    if (req.url?.includes('/models')) return answerModels(res);
    seen.push(req.headers.authorization);
    res.writeHead(401, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        error: {
          message:
            `invalid credentials for POST http://${req.headers.host}${req.url} (${req.headers.authorization}); ` +
            'bearer=tok-55ee66ff session=sess-44dd33cc code=authcode-1122 Cookie: sid=cookie-9988',
        },
      }),
    );
  });
  t.teardown(() => server.close());
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const out = path.join(dir, 'run');
  const junit = path.join(dir, 'junit.xml');
  process.env.CHATPROOF_API_KEY = API_KEY;
  t.teardown(() => delete process.env.CHATPROOF_API_KEY);
  const run = await capture(evalCommand, [
    scenario,
    ...['--target', `${server.url}?api_key=${QUERY_KEY}`, '--out', out, '--junit', junit, '--quiet'],
  ]);
  t.equal(run.code, EXIT.sloFailed, run.err);
  t.equal(seen[0], `Bearer ${API_KEY}`, 'the key was sent');
  const outputs = ['turns.jsonl', 'results.json', 'index.html'].map((f) => readFileSync(path.join(out, f), 'utf8'));
  outputs.push(readFileSync(junit, 'utf8'), run.out, run.err);
  const secrets = [API_KEY, QUERY_KEY, 'tok-55ee66ff', 'sess-44dd33cc', 'authcode-1122', 'cookie-9988'];
  for (const [i, text] of outputs.entries()) {
    for (const secret of secrets) t.notOk(text.includes(secret), `output ${i} never holds ${secret}`);
  }
  t.match(outputs[0], /api_key=\[redacted\]/, 'the echoed URL is kept, its key hidden');
});

t.test('user:pass@ in the target URL is sent as Basic auth and redacted', async (t) => {
  const seen: Array<string | undefined> = [];
  const server = await startBareServer((req, res) => {
    if (req.url?.includes('/models')) return answerModels(res);
    seen.push(req.headers.authorization);
    res.writeHead(500, { 'content-type': 'text/plain' });
    res.end(`no. you sent ${req.headers.authorization}`);
  });
  t.teardown(() => server.close());
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const out = path.join(dir, 'run');
  const target = server.url.replace('http://', `http://alice:${PASSWORD}@`);
  const run = await capture(evalCommand, [scenario, '--target', target, '--out', out, '--no-report', '--quiet']);
  t.equal(run.code, EXIT.sloFailed, run.err);
  t.equal(seen[0], `Basic ${Buffer.from(`alice:${PASSWORD}`).toString('base64')}`);
  const written = ['turns.jsonl', 'results.json'].map((f) => readFileSync(path.join(out, f), 'utf8')).join('');
  t.notOk(written.includes(PASSWORD));
  t.notOk(written.includes(Buffer.from(`alice:${PASSWORD}`).toString('base64')));
});

t.test('the one redaction: pairs, headers, URLs and key shapes', async (t) => {
  const cases: Array<[string, string]> = [
    ['see http://h/v1/chat?api_key=abc123x&x=1', 'see http://h/v1/chat?api_key=[redacted]&x=1'],
    ['HTTP 401: POST http://h/v1?token=abc123x', 'HTTP 401: POST http://h/v1?token=[redacted]'],
    ['bearer=abc123x session=abc123x code=abc123x', 'bearer=[redacted] session=[redacted] code=[redacted]'],
    ['"session": "abc123x"', '"session": "[redacted]"'],
    ['x-api-key: abc123x', 'x-api-key: [redacted]'],
    ['token%3Dabc123x', 'token%3D[redacted]'],
    ['leaked sk-proj-abcdefghijklmnop1234', 'leaked [redacted]'],
    ['Authorization: Basic dXNlcjpwYXNz', 'Authorization: [redacted]'],
    ['a bad key: the model is missing', 'a bad key: the model is missing'],
  ];
  for (const [input, expected] of cases) t.equal(redactText(input), expected, input);
});
