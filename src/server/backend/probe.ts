// GPU probe: before serving, a child process loads the generated tiny model on a backend and
// decodes a few tokens. A broken binary kills the child, never the server; its output is turned
// into one paragraph saying why and what to do. `--gpu auto` walks BACKEND_FALLBACK_ORDER.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { BACKEND_FALLBACK_ORDER } from '../defaults.js';
import { ensureGeneratedModel } from '../gguf/qwen3.js';
import type { GpuChoice } from '../types.js';
import { explainProbeFailure } from './explain.js';

export type Backend = (typeof BACKEND_FALLBACK_ORDER)[number];

export interface ProbeReport {
  backend: string;
  devices: string[];
  vramTotalBytes: number;
  layersOffloaded: number;
  totalLayers: number;
  tokensDecoded: number;
  ms: number;
}

export type ProbeResult =
  | { backend: Backend; ok: true; report: ProbeReport }
  | { backend: Backend; ok: false; reason: string; output: string };

const PROBE_TIMEOUT_MS = 180_000;

/** The child's entry: the .ts source under tsx (a checkout), the compiled .js in dist/. */
function childCommand(): string[] {
  const self = fileURLToPath(import.meta.url);
  const ts = self.endsWith('.ts');
  const child = self.replace(/probe\.(ts|js)$/, `probe-child.${ts ? 'ts' : 'js'}`);
  return ts ? ['--import', 'tsx', child] : [child];
}

export async function probeBackend(backend: Backend, options: { timeoutMs?: number } = {}): Promise<ProbeResult> {
  const modelPath = await ensureGeneratedModel('tiny');
  const args = [...childCommand(), backend, modelPath, process.env.CHATPROOF_PROBE_FAULT ?? ''];
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? PROBE_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ backend, ok: false, reason: `the probe could not start: ${error.message}`, output: '' });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split('\n').pop() ?? '';
      if (code === 0 && line.startsWith('{')) {
        const report = JSON.parse(line) as ProbeReport;
        if (report.backend === backend || backend === 'cpu') return resolve({ backend, ok: true, report });
      }
      const output = `${stderr}${stdout}`.trim();
      resolve({ backend, ok: false, reason: explainProbeFailure(backend, { code, signal, output }), output });
    });
  });
}

export interface BackendChoice {
  backend: Backend;
  /** Every probe run, in order (failures explain the fallback). */
  probes: ProbeResult[];
}

/** Thrown when a backend asked for by name fails its probe: the server must not start. */
export class BackendProbeError extends Error {
  constructor(readonly probe: ProbeResult & { ok: false }) {
    super(probe.reason);
  }
}

/**
 * --gpu false: the CPU, no probe. --gpu cuda|vulkan: that backend or a BackendProbeError.
 * --gpu auto: cuda, then vulkan, then the CPU; a backend with no prebuilt binary or driver on this
 * machine is skipped without a probe (`supported`, from node-llama-cpp).
 */
export async function chooseBackend(
  gpu: GpuChoice,
  supported: readonly string[],
  log: (line: string) => void,
): Promise<BackendChoice> {
  if (gpu === false) return { backend: 'cpu', probes: [] };
  if (gpu !== 'auto') {
    const probe = await probeBackend(gpu);
    if (!probe.ok) throw new BackendProbeError(probe);
    return { backend: gpu, probes: [probe] };
  }
  const probes: ProbeResult[] = [];
  for (const backend of BACKEND_FALLBACK_ORDER) {
    if (backend === 'cpu') return { backend, probes };
    if (!supported.includes(backend)) continue;
    const probe = await probeBackend(backend);
    probes.push(probe);
    if (probe.ok) return { backend, probes };
    log(`GPU probe: ${backend} failed, falling back. ${probe.reason}`);
  }
  return { backend: 'cpu', probes };
}
