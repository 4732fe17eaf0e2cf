// What `chatproof doctor` reports about the machine: CPU, memory, NVIDIA driver, the
// node-llama-cpp prebuilt binaries installed (with their llama.cpp release and GPU build), and the
// backends node-llama-cpp considers usable here.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { getLlamaGpuTypes } from 'node-llama-cpp';

export interface BinaryInfo {
  package: string;
  version: string;
  /** llama.cpp release it was built from, e.g. b7347. */
  llamaCpp: string;
  gpu: string | false;
}

export interface Inventory {
  machine: { os: string; arch: string; cpu: string; cores: number; memoryGiB: number; node: string };
  nvidiaDriver: string | null;
  nodeLlamaCpp: string;
  binaries: BinaryInfo[];
  supportedBackends: string[];
}

const BINARY_PACKAGES = ['linux-x64', 'linux-x64-cuda', 'linux-x64-cuda-ext', 'linux-x64-vulkan', 'linux-arm64']
  .concat(['mac-arm64-metal', 'mac-x64', 'win-x64', 'win-x64-cuda', 'win-x64-cuda-ext', 'win-x64-vulkan'])
  .map((name) => `@node-llama-cpp/${name}`);

async function readJson(path: string): Promise<Record<string, any> | undefined> {
  return JSON.parse(await readFile(path, 'utf8').catch(() => 'null')) ?? undefined;
}

async function binaries(): Promise<{ version: string; found: BinaryInfo[] }> {
  const require = createRequire(import.meta.url);
  const root = dirname(require.resolve('node-llama-cpp/package.json'));
  const version = (await readJson(join(root, 'package.json')))?.version ?? 'unknown';
  const found: BinaryInfo[] = [];
  const fromLlama = createRequire(join(root, 'package.json'));
  for (const name of BINARY_PACKAGES) {
    let dir: string;
    try {
      dir = dirname(fromLlama.resolve(`${name}/package.json`));
    } catch {
      continue;
    }
    const pkg = await readJson(join(dir, 'package.json'));
    const folder = name.replace('@node-llama-cpp/', '');
    const meta = await readJson(join(dir, 'bins', folder, '_nlcBuildMetadata.json'));
    found.push({
      package: name,
      version: pkg?.version ?? 'unknown',
      llamaCpp: meta?.buildOptions?.llamaCpp?.release ?? 'unknown',
      gpu: meta?.buildOptions?.gpu ?? false,
    });
  }
  return { version, found };
}

export async function takeInventory(): Promise<Inventory> {
  const driver = await readFile('/proc/driver/nvidia/version', 'utf8').catch(() => null);
  const { version, found } = await binaries();
  return {
    machine: {
      os: `${platform()} ${release()}`,
      arch: arch(),
      cpu: cpus()[0]?.model.trim() ?? 'unknown',
      cores: cpus().length,
      memoryGiB: Math.round(totalmem() / 1024 ** 3),
      node: process.version,
    },
    nvidiaDriver: driver
      ? (/Kernel Module\s+(?:for \S+\s+)?([\d.]+)/.exec(driver)?.[1] ?? driver.split('\n')[0]!)
      : null,
    nodeLlamaCpp: version,
    binaries: found,
    supportedBackends: (await getLlamaGpuTypes('supported')).map(String),
  };
}
