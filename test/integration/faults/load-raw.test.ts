// load --raw measures capacity only from answers: the base URL's query stays a query (never
// spliced into the path), and non-2xx answers or errors beyond 2% fail the run instead of being
// reported as capacity with "0 errors".
import path from 'node:path';
import t from 'tap';
import { loadCommand } from '../../../src/cli/commands/load.js';
import { EXIT } from '../../../src/core/errors.js';
import { tempDir, writeScenario } from '../../helpers/eval-harness.js';
import { answerModels, capture, startBareServer, THREE_TURNS } from '../../helpers/fault-harness.js';

t.test('load --raw against a server that answers 500 to everything: exit 1, the path kept whole', async (t) => {
  const server = await startBareServer((req, res) => {
    if (req.url?.includes('/models')) return answerModels(res);
    res.writeHead(500, { 'content-type': 'application/json' });
    res.end('{"error":{"message":"boom"}}');
  });
  t.teardown(() => server.close());
  const dir = tempDir('chatproof-faults-');
  const scenario = writeScenario(dir, 'three', THREE_TURNS);
  const run = await capture(loadCommand, [
    scenario,
    ...['--raw', '--target', `${server.url}?api_key=abc`, '--out', path.join(dir, 'raw'), '--quiet', '--no-report'],
    ...['--duration', '1s', '--connections', '2'],
  ]);
  t.equal(run.code, EXIT.sloFailed, run.err);
  t.match(run.err, /requests failed \([\d,]+ non-2xx answers/);
  const chats = server.requests.filter((r) => !r.url?.includes('/models'));
  t.ok(chats.length > 0);
  t.ok(
    chats.every((r) => r.url === '/v1/chat/completions?api_key=abc'),
    `every request went to the endpoint: ${[...new Set(chats.map((r) => r.url))].join(', ')}`,
  );
});
