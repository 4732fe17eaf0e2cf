// What `chatproof doctor` reports about the machine: CPU, memory, NVIDIA driver, the
// node-llama-cpp prebuilt binaries installed (with their llama.cpp release and GPU build), and the
// backends node-llama-cpp considers usable here.
import { readFile } from 'node:fs/promises';
import { arch, cpus, platform, release, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
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
  // node-llama-cpp exports no ./package.json: find its folder from its entry point.
  let root = dirname(fileURLToPath(import.meta.resolve('node-llama-cpp')));
  while ((await readJson(join(root, 'package.json')))?.name !== 'node-llama-cpp' && dirname(root) !== root)
    root = dirname(root);
  const version = (await readJson(join(root, 'package.json')))?.version ?? 'unknown';
  const found: BinaryInfo[] = [];
  for (const name of BINARY_PACKAGES) {
    // Nested under node-llama-cpp, or hoisted beside it (npm's usual layout).
    const candidates = [join(root, 'node_modules', name), join(dirname(root), name)];
    let dir = '';
    let pkg: Record<string, any> | undefined;
    for (const candidate of candidates) {
      pkg = await readJson(join(candidate, 'package.json'));
      if (pkg) {
        dir = candidate;
        break;
      }
    }
    if (!pkg) continue;
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
    supportedBackends: (await getLlamaGpuTypes('supported')).filter((type) => type !== false).map(String),
  };
}
