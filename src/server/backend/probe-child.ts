// The GPU probe's child process: load a tiny model on one backend and decode a few tokens. It
// runs apart from the server because a broken GPU binary does not throw, it aborts the process
// (e.g. CUDA's "PTX was compiled with an unsupported toolchain" on the first kernel launch).
// Prints one JSON line (ProbeReport) on success; any crash is read by the parent (probe.ts).
import { getLlama, LlamaLogLevel } from 'node-llama-cpp';

const [backend, modelPath, faultSpec = ''] = process.argv.slice(2);
const gpu = backend === 'cpu' ? false : (backend as 'cuda' | 'vulkan');

/**
 * CHATPROOF_PROBE_FAULT=cuda:abort,vulkan:exit simulates broken backends (tests, drills) the
 * same on every machine: `abort` dies as a native crash does (SIGABRT), `exit` as a binary whose
 * shared library is missing.
 */
function injectFault(): void {
  for (const item of faultSpec.split(',')) {
    const [name, kind] = item.split(':');
    if (name !== backend) continue;
    if (kind === 'abort') {
      process.stderr.write('CUDA error: simulated fault (CHATPROOF_PROBE_FAULT) in the first kernel launch\n');
      process.abort();
    }
    if (kind === 'exit') {
      process.stderr.write(
        'error while loading shared libraries: libsimulated.so.12: cannot open shared object file ' +
          '(CHATPROOF_PROBE_FAULT)\n',
      );
      process.exit(127);
    }
  }
}

injectFault();
try {
  await probe();
} catch (error) {
  // The message alone: the parent turns it into the paragraph; a stack would only bury it.
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}

async function probe(): Promise<void> {
  const started = performance.now();
  const llama = await getLlama({ gpu, build: 'never', logLevel: LlamaLogLevel.error, maxThreads: 1 });
  const model = await llama.loadModel({ modelPath: modelPath!, gpuLayers: gpu === false ? 0 : 'max' });
  const context = await model.createContext({ contextSize: 256, sequences: 1 });
  const sequence = context.getSequence();
  let decoded = 0;
  for await (const _token of sequence.evaluate(model.tokenize('Hello, probe.'), { temperature: 0 })) {
    if (++decoded >= 4) break;
  }
  const vram = llama.gpu ? await llama.getVramState() : undefined;
  process.stdout.write(
    `${JSON.stringify({
      backend: llama.gpu || 'cpu',
      devices: llama.gpu ? await llama.getGpuDeviceNames() : [],
      vramTotalBytes: vram?.total ?? 0,
      layersOffloaded: model.gpuLayers,
      totalLayers: model.fileInsights.totalLayers,
      tokensDecoded: decoded,
      ms: Math.round(performance.now() - started),
    })}\n`,
  );
  await context.dispose();
  await model.dispose();
  await llama.dispose();
}
