// Public API of the bundled server.

export { type Inventory, takeInventory } from './backend/inventory.js';
export { type BackendChoice, chooseBackend, type ProbeResult, probeBackend } from './backend/probe.js';
export { BACKEND_FALLBACK_ORDER, DEFAULTS } from './defaults.js';
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
export { startServer } from './server.js';
export { type GpuChoice, type RunningServer, type ServeOptions, StartupError } from './types.js';
