// chatproof doctor: the machine, the node-llama-cpp binaries, and a probe per backend with its verdict.
import t from 'tap';
import { doctorCommand } from '../../../src/cli/commands/doctor.js';
import { SERVE_EXIT } from '../../../src/core/errors.js';

async function doctor(argv: string[]): Promise<{ code: number; text: string }> {
  let text = '';
  const code = await doctorCommand(argv, { out: (chunk) => (text += chunk) });
  return { code, text };
}

t.test('--gpu false --json: machine, binaries, and a working CPU probe', async (t) => {
  const { code, text } = await doctor(['--gpu', 'false', '--json']);
  t.equal(code, 0);
  const report = JSON.parse(text);
  t.ok(report.machine.cores >= 1);
  t.match(report.nodeLlamaCpp, /^\d+\.\d+\.\d+$/);
  t.ok(
    report.binaries.some((b: { package: string; version: string }) => b.version === report.nodeLlamaCpp),
    'the prebuilt binaries of the installed node-llama-cpp are listed',
  );
  t.match(report.probes, [{ backend: 'cpu', ok: true, report: { tokensDecoded: 4 } }]);
});

t.test('a named backend whose probe crashes: FAILED with the cause, exit 6', async (t) => {
  process.env.CHATPROOF_PROBE_FAULT = 'cuda:abort';
  t.teardown(() => {
    delete process.env.CHATPROOF_PROBE_FAULT;
  });
  const { code, text } = await doctor(['--gpu', 'cuda']);
  t.equal(code, SERVE_EXIT.backendFailed);
  t.match(text, /^chatproof doctor\n {2}machine/);
  t.match(text, /probe cuda\s+FAILED: The cuda probe crashed \(SIGABRT\)/);
});
