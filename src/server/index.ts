// Public API of the bundled server.
export { startServer, DEFAULTS } from './server.js';
export { serveCommand, parseServeArgs, SERVE_USAGE } from './cli.js';
export { resolveModel, resolveDefaultModel, pickAutoPreset, PRESETS, defaultCacheDir, type ResolvedModel, type ResolveOptions } from './resolve.js';
export { ensureGeneratedModel, generateQwen3Gguf, generatedModelPath, GENERATED_MODELS, type GeneratedModelKind, type Qwen3GgufOptions } from './gguf/qwen3.js';
export type { ServeOptions, RunningServer, GpuChoice } from './types.js';
