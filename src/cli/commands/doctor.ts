// chatproof doctor: the machine, the node-llama-cpp binaries, the usable backends, and a probe
// of each backend in a child process, so a GPU problem is found before a run, with its fix.
import { EXIT, SERVE_EXIT } from '../../core/errors.js';
import { parseCommandArgs, parseGpu } from '../flags.js';
import { DOCTOR_HELP } from '../help/doctor.js';

const OPTIONS = {
  gpu: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function doctorCommand(
  argv: string[],
  io: { out: (text: string) => void } = { out: (text) => process.stdout.write(text) },
): Promise<number> {
  const { values } = parseCommandArgs('doctor', argv, OPTIONS);
  if (values.help) {
    io.out(DOCTOR_HELP);
    return EXIT.ok;
  }
  const gpu = values.gpu === undefined ? 'auto' : parseGpu(values.gpu as string);
  const { probeBackend, takeInventory } = await import('../../server/index.js');
  const inventory = await takeInventory();
  const backends =
    gpu === 'auto'
      ? (['cuda', 'vulkan'] as const).filter((b) => inventory.supportedBackends.includes(b))
      : gpu === false
        ? []
        : [gpu];
  const wanted = [...backends, ...(gpu === 'auto' || gpu === false ? (['cpu'] as const) : [])];
  const probes = [];
  for (const backend of wanted) probes.push(await probeBackend(backend));
  const failedAsked = gpu !== 'auto' && probes.some((p) => !p.ok);
  const code = failedAsked || !probes.some((p) => p.ok) ? SERVE_EXIT.backendFailed : EXIT.ok;
  if (values.json) {
    io.out(`${JSON.stringify({ ...inventory, probes, exitCode: code }, null, 2)}\n`);
    return code;
  }
  const m = inventory.machine;
  const lines = [
    'chatproof doctor',
    `  machine        ${m.os} ${m.arch}, ${m.cpu} (${m.cores} cores), ${m.memoryGiB} GiB, node ${m.node}`,
    `  NVIDIA driver  ${inventory.nvidiaDriver ?? 'none found (/proc/driver/nvidia/version)'}`,
    `  node-llama-cpp ${inventory.nodeLlamaCpp}`,
    ...inventory.binaries.map(
      (b) => `  binary         ${b.package} ${b.version} (llama.cpp ${b.llamaCpp}, ${b.gpu || 'cpu'})`,
    ),
    `  usable         ${inventory.supportedBackends.join(', ') || 'no GPU backend'}` +
      ' (node-llama-cpp: libraries and drivers present)',
    ...probes.map((p) =>
      p.ok
        ? `  probe ${p.backend.padEnd(8)} OK: ${p.report.devices.join(', ') || 'CPU'}, ` +
          `${p.report.layersOffloaded}/${p.report.totalLayers} layers offloaded, ` +
          `${p.report.tokensDecoded} tokens decoded in ${p.report.ms} ms`
        : `  probe ${p.backend.padEnd(8)} FAILED: ${p.reason}`,
    ),
  ];
  if (probes.length === 0) lines.push('  probe          none (--gpu false: the CPU needs no probe)');
  io.out(`${lines.join('\n')}\n`);
  return code;
}
