// The GPU probe runs in a child process: a backend whose binary crashes or lacks a library is
// reported with its cause, and --gpu auto falls back cuda -> vulkan -> cpu.
import t from 'tap';
import { chooseBackend, probeBackend } from '../../../src/server/backend/probe.js';

t.test('the CPU probe loads the tiny model and decodes', async (t) => {
  const probe = await probeBackend('cpu');
  t.ok(probe.ok, probe.ok ? '' : probe.reason);
  if (probe.ok) {
    t.equal(probe.report.backend, 'cpu');
    t.equal(probe.report.tokensDecoded, 4);
    t.equal(probe.report.layersOffloaded, 0);
  }
});

t.test('auto: a crashing cuda and a vulkan missing a library fall back to the CPU, each explained', async (t) => {
  process.env.CHATPROOF_PROBE_FAULT = 'cuda:abort,vulkan:exit';
  t.teardown(() => {
    delete process.env.CHATPROOF_PROBE_FAULT;
  });
  const log: string[] = [];
  const choice = await chooseBackend('auto', ['cuda', 'vulkan'], (line) => log.push(line));
  t.equal(choice.backend, 'cpu');
  t.same(
    choice.probes.map((p) => [p.backend, p.ok]),
    [
      ['cuda', false],
      ['vulkan', false],
    ],
  );
  const [cuda, vulkan] = choice.probes;
  t.match(cuda && !cuda.ok ? cuda.reason : '', /crashed \(SIGABRT\)/);
  t.match(vulkan && !vulkan.ok ? vulkan.reason : '', /needs libsimulated\.so\.12, which is not installed/);
  t.equal(log.length, 2);
  t.match(log[0], /GPU probe: cuda failed, falling back/);
});

t.test('auto skips backends node-llama-cpp reports unsupported, without a probe', async (t) => {
  const choice = await chooseBackend('auto', [], () => {});
  t.same(choice, { backend: 'cpu', probes: [] });
});
