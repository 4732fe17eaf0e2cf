// Public API of the bundled server.

export { parseServeArgs, SERVE_USAGE, serveCommand } from './cli.js';
export {
  ensureGeneratedModel,
  GENERATED_MODELS,
  type GeneratedModelKind,
  generatedModelPath,
  generateQwen3Gguf,
  type Qwen3GgufOptions,
} from './gguf/qwen3.js';
export {
  defaultCacheDir,
  PRESETS,
  pickAutoPreset,
  type ResolvedModel,
  type ResolveOptions,
  resolveDefaultModel,
  resolveModel,
} from './resolve.js';
export { DEFAULTS, startServer } from './server.js';
export type { GpuChoice, RunningServer, ServeOptions } from './types.js';
