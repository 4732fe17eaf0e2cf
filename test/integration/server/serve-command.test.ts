// `chatproof serve`: flags parsed in cli/flags.ts, usage errors exit 2, start failures exit 1
// with a cause-specific sentence, and a named GPU backend that fails its probe exits 6.
import { createServer } from 'node:net';
import t from 'tap';
import { serveCommand } from '../../../src/cli/commands/serve.js';
import { ChatproofError, SERVE_EXIT } from '../../../src/core/errors.js';

async function failure(argv: string[]): Promise<ChatproofError> {
  try {
    await serveCommand(argv, { out: () => {}, err: () => {}, stopSignal: Promise.resolve('test') });
  } catch (error) {
    if (error instanceof ChatproofError) return error;
    throw error;
  }
  throw new Error(`serve ${argv.join(' ')} did not fail`);
}

t.test('flags become server options', async (t) => {
  const { parseServeArgs } = await import('../../../src/cli/commands/serve.js');
  const argv = ['--model', 'generated', '--port', '0', '--parallel', '3', '--ctx', '2048', '--gpu', 'false'];
  const more = ['--threads', '1', '--queue', '5', '--cors', 'http://localhost:3000', '--no-warm-up'];
  t.same(parseServeArgs([...argv, ...more]), {
    help: false,
    options: {
      model: 'generated',
      host: undefined,
      port: 0,
      parallel: 3,
      contextSize: 2048,
      gpu: false,
      threads: 1,
      queueLimit: 5,
      corsOrigins: ['http://localhost:3000'],
      warmUp: false,
      flashAttention: undefined,
      modelsDir: undefined,
    },
  });
});

t.test('usage errors exit 2 and name the flag', async (t) => {
  const cases: Array<[string[], RegExp]> = [
    [[], /--model is required/],
    [['--model', 'x', '--parallel', 'two'], /--parallel/],
    [['--model', 'x', '--gpu', 'metal'], /--gpu/],
    [['--model', 'x', '--bogus'], /unknown option --bogus/],
    [['--model', 'x', 'extra'], /unexpected argument "extra"/],
    [['--model', 'x', '--port', '99999'], /--port: expected a TCP port from 0 to 65535/],
    [['--model', 'x', '--port', '-1'], /--port/],
    [['--model', 'x', '--host', '999.1.1.1'], /--host: "999.1.1.1" is not an IP address/],
    [['--model', 'x', '--cors', 'evil.example'], /--cors: expected an origin/],
  ];
  for (const [argv, message] of cases) {
    const error = await failure(argv);
    t.equal(error.exitCode, 2, argv.join(' '));
    t.match(error.message, message);
    t.notMatch(error.message, /Pick another --port/);
  }
  const out: string[] = [];
  t.equal(await serveCommand(['--help'], { out: (l) => out.push(l) }), 0);
  t.match(out.join('\n'), /--parallel/);
  t.match(out.join('\n'), /--cors <origin>/);
});

t.test('start failures exit 1 with their cause; only a busy port suggests another --port', async (t) => {
  const missing = await failure(['--model', '/nonexistent/missing.gguf', '--gpu', 'false']);
  t.equal(missing.exitCode, SERVE_EXIT.cannotStart);
  t.match(missing.message, /No model file/);
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  t.teardown(() => blocker.close());
  const port = String((blocker.address() as { port: number }).port);
  const base = ['--model', 'generated', '--gpu', 'false', '--threads', '1', '--parallel', '1', '--no-warm-up'];
  const busy = await failure([...base, '--port', port]);
  t.equal(busy.exitCode, SERVE_EXIT.cannotStart);
  t.match(busy.message, new RegExp(`Port ${port} on 127.0.0.1 is already in use. Pick another --port`));
  // TEST-NET-1 (RFC 5737): a valid address that is never this machine's.
  const foreign = await failure([...base, '--port', '0', '--host', '192.0.2.1']);
  t.equal(foreign.exitCode, SERVE_EXIT.cannotStart);
  t.match(foreign.message, /192\.0\.2\.1 is not an address of this machine/);
  t.notMatch(foreign.message, /--port/);
});

t.test('--gpu cuda whose probe crashes fails fast with exit 6 and says why', async (t) => {
  process.env.CHATPROOF_PROBE_FAULT = 'cuda:abort';
  t.teardown(() => {
    delete process.env.CHATPROOF_PROBE_FAULT;
  });
  const error = await failure(['--model', 'generated', '--gpu', 'cuda', '--port', '0']);
  t.equal(error.exitCode, SERVE_EXIT.backendFailed);
  t.match(error.message, /--gpu cuda does not work on this machine/);
  t.match(error.message, /crashed \(SIGABRT\)/);
});
