// Every failure gets its true cause: an unknown host is not a refused connection, a redirect is not
// a 4xx, a web page answering a streamed request is not a cut stream, and a server that reads the
// request and closes the connection was reached (not "unreachable", exit 3). Zero timeouts are
// refused up front instead of failing every turn.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import t from 'tap';
import { evalCommand } from '../../../src/cli/commands/eval.js';
import { EXIT } from '../../../src/core/errors.js';
import type { Results } from '../../../src/core/types.js';
import { ROOT, tempDir, writeScenario } from '../../helpers/eval-harness.js';
import { answerModels, type BareServer, capture, startBareServer, THREE_TURNS } from '../../helpers/fault-harness.js';

async function evalAgainst(server: BareServer, extra: string[] = []): Promise<{ code: number; results: Results }> {
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const out = path.join(dir, 'run');
  const run = await capture(evalCommand, [
    scenario,
    '--target',
    server.url,
    '--out',
    out,
    '--quiet',
    '--no-report',
    // Requests are counted per turn here: no untimed warm-up request before the run.
    '--warm-up',
    '0',
    ...extra,
  ]);
  return { code: run.code, results: JSON.parse(readFileSync(path.join(out, 'results.json'), 'utf8')) as Results };
}

t.test('a host name that does not resolve: host_not_found, exit 3', async (t) => {
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const run = await capture(evalCommand, [scenario, '--target', 'http://no-such-host.invalid/v1', '--quiet']);
  t.equal(run.code, EXIT.unreachable, run.err);
  t.match(run.err, /host_not_found/);
  t.notMatch(run.err, /connection_refused/);
});

t.test('a 307 redirect is http_3xx, never followed, its target redacted', async (t) => {
  const server = await startBareServer((req, res) => {
    if (req.url?.includes('/models')) return answerModels(res);
    res.writeHead(307, { location: 'https://login.example/sso?token=tok-1234abcd' });
    res.end();
  });
  t.teardown(() => server.close());
  const { code, results } = await evalAgainst(server);
  t.equal(code, EXIT.sloFailed);
  const error = results.turns[0]!.error!;
  t.equal(error.cause, 'http_3xx');
  t.match(error.message, /redirect to https:\/\/login\.example\/sso\?token=\[redacted\], not followed/);
  const chats = server.requests.filter((r) => r.url?.includes('/chat/')).length;
  t.equal(chats, results.turns.length, 'one request per turn, none replayed elsewhere');
});

t.test('a 200 text/html page answering a streamed request is not_an_api, not stream_cut', async (t) => {
  const server = await startBareServer((req, res) => {
    if (req.url?.includes('/models')) return answerModels(res);
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<html><body><form action="/login">Sign in</form></body></html>');
  });
  t.teardown(() => server.close());
  const { results } = await evalAgainst(server);
  t.equal(results.turns[0]!.error!.cause, 'not_an_api');
  t.match(results.turns[0]!.error!.message, /web page \(text\/html\)/);
});

t.test('--no-stream, a server that reads the request and closes the connection: reached, exit 1', async (t) => {
  const server = await startBareServer((req, res) => {
    if (req.url?.includes('/models')) return answerModels(res);
    req.socket.destroy();
  });
  t.teardown(() => server.close());
  for (const flags of [['--no-stream'], []]) {
    const { code, results } = await evalAgainst(server, flags);
    t.equal(code, EXIT.sloFailed, `${flags.join(' ') || 'streaming'}: a failing target, not an unreachable one`);
    t.equal(results.turns[0]!.error!.cause, 'stream_cut');
    t.match(results.turns[0]!.error!.message, /closed the connection after the request, without an answer/);
  }
});

t.test('zero timeouts are refused before the run', async (t) => {
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  for (const flag of ['--total-timeout', '--idle-timeout', '--first-token-timeout', '--connect-timeout']) {
    const run = await capture(evalCommand, [scenario, '--target', 'http://127.0.0.1:9/v1', flag, '0', '--quiet']);
    t.equal(run.code, EXIT.badInput, `${flag} 0`);
    t.match(run.err, new RegExp(`${flag}: expected a duration above 0`));
  }
});

t.test('load names itself in its errors; report --help states the thinking default docs/report.md gives', async (t) => {
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const { loadCommand } = await import('../../../src/cli/commands/load.js');
  const run = await capture(loadCommand, [
    scenario,
    ...['--target', 'http://127.0.0.1:9/v1', '--users', '1', '--out', path.join(dir, 'load'), '--quiet'],
  ]);
  t.equal(run.code, EXIT.unreachable, run.err);
  t.match(run.err, /^chatproof load: the target http:\/\/127\.0\.0\.1:9\/v1 is unreachable/);
  t.notMatch(run.err, /chatproof eval/);
  const { REPORT_HELP } = await import('../../../src/cli/help/report.js');
  const docs = readFileSync(path.join(ROOT, 'docs/report.md'), 'utf8');
  t.match(docs, /keeps \*\*all\*\* thinking while the run's thinking totals at most 2 million characters/);
  t.match(REPORT_HELP.replace(/\s+/g, ' '), /all of it while the run's thinking totals at most 2 million characters/);
  t.notMatch(REPORT_HELP, /default 300/);
});
