// Which GGUF to serve: a local path, an `hf:` URI or a preset (downloaded through node-llama-cpp
// into a cache folder), `auto` (the largest preset that fits), or the generated test model.
import { stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, join, resolve as resolvePath } from 'node:path';
import { resolveModelFile } from 'node-llama-cpp';
import { firstLine } from './engine/model-loader.js';
import { ensureGeneratedModel, type GeneratedModelKind } from './gguf/qwen3.js';

export interface ResolvedModel {
  path: string;
  /** Name answered in /v1/models and responses. */
  name: string;
  /** The random-weight generated model: fine for plumbing, meaningless answers. */
  generated: boolean;
}

export interface ResolveOptions {
  cacheDir?: string;
  log?: (line: string) => void;
  /** false: use the cache only, never the network. */
  download?: 'auto' | false;
  /** Free GPU memory, for `auto`; 0 or unset means CPU. */
  vramBytes?: number;
  /** Hugging Face endpoint override (tests point it at a local port). */
  huggingFaceEndpoint?: string;
  /** Show node-llama-cpp's download progress bar on the terminal. */
  progressBar?: boolean;
}

/** Presets, largest first. minVramBytes: what the weights plus a modest context need. */
export const PRESETS = [
  { name: 'qwen3-8b', uri: 'hf:Qwen/Qwen3-8B-GGUF:Q4_K_M', minVramBytes: 7 * 1024 ** 3 },
  { name: 'qwen3-0.6b', uri: 'hf:Qwen/Qwen3-0.6B-GGUF:Q8_0', minVramBytes: 0 },
] as const;

export function defaultCacheDir(): string {
  return process.env.CHATPROOF_MODELS_DIR ?? join(homedir(), '.cache', 'chatproof', 'models');
}

/** `auto`: the largest preset whose weights fit the free GPU memory; on CPU the smallest. */
export function pickAutoPreset(vramBytes: number | undefined): (typeof PRESETS)[number] {
  return PRESETS.find((p) => (vramBytes ?? 0) >= p.minVramBytes) ?? PRESETS[PRESETS.length - 1]!;
}

export async function resolveModel(spec: string, options: ResolveOptions = {}): Promise<ResolvedModel> {
  const log = options.log ?? (() => {});
  const generatedKind = /^generated(?::(tiny|medium))?$/.exec(spec);
  if (generatedKind) {
    const kind = (generatedKind[1] ?? 'tiny') as GeneratedModelKind;
    return { path: await ensureGeneratedModel(kind), name: `generated-${kind}-qwen3`, generated: true };
  }
  const preset = spec === 'auto' ? pickAutoPreset(options.vramBytes) : PRESETS.find((p) => p.name === spec);
  if (preset) {
    if (spec === 'auto')
      log(
        `auto picked ${preset.name} ` +
          `(${options.vramBytes ? `${(options.vramBytes / 1024 ** 3).toFixed(1)} GiB free GPU memory` : 'CPU'})`,
      );
    return { path: await download(preset.uri, options), name: preset.name, generated: false };
  }
  if (spec.startsWith('hf:') || /^https?:\/\//.test(spec)) {
    return { path: await download(spec, options), name: spec.replace(/^hf:/, ''), generated: false };
  }
  const path = resolvePath(spec);
  const isFile = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isFile) {
    throw new Error(
      `No model file at ${path}. Pass a .gguf path, an hf:org/repo:quant URI, ` +
        `a preset (${PRESETS.map((p) => p.name).join(', ')}, auto), ` +
        'or "generated" for the built-in random-weight test model.',
    );
  }
  return { path, name: basename(path).replace(/\.gguf$/i, ''), generated: false };
}

async function download(uri: string, options: ResolveOptions): Promise<string> {
  const cacheDir = options.cacheDir ?? defaultCacheDir();
  const endpoint = options.huggingFaceEndpoint ?? process.env.HF_ENDPOINT ?? 'https://huggingface.co/';
  try {
    return await resolveModelFile(uri, {
      directory: cacheDir,
      download: options.download ?? 'auto',
      cli: options.progressBar ?? false,
      endpoints: { huggingFace: endpoint },
    });
  } catch (err) {
    const offline =
      options.download === false
        ? `it is not in the cache folder ${cacheDir} and downloading is off`
        : `the download from ${endpoint} failed (${firstLine(err)}), ` +
          'so this machine is probably offline or cannot reach it';
    throw new Error(
      `Could not get the model ${uri}: ${offline}. To fix it, download the GGUF on a connected machine ` +
        `and copy it into ${cacheDir}, or pass --model /path/to/file.gguf; ` +
        'to try the server without any model, use --model generated.',
    );
  }
}

/**
 * The model `eval` uses when no --target is given: a cached real Qwen3 GGUF if one is there
 * (no network is touched), else the generated tiny model, marked `generated: true` so callers
 * can say loudly that its answers mean nothing.
 */
export async function resolveDefaultModel(
  options: { cacheDir?: string; log?: (line: string) => void } = {},
): Promise<ResolvedModel> {
  for (const preset of PRESETS) {
    try {
      const path = await resolveModelFile(preset.uri, {
        directory: options.cacheDir ?? defaultCacheDir(),
        download: false,
        cli: false,
      });
      return { path, name: preset.name, generated: false };
    } catch {
      // Not cached: try the next preset.
    }
  }
  options.log?.('No cached Qwen3 GGUF found: using the generated random-weight model (plumbing only).');
  return resolveModel('generated');
}
