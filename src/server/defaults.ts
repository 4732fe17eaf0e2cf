// Defaults of `chatproof serve`, apart from the server so help texts can show them without
// loading node-llama-cpp.
export const DEFAULTS = {
  host: '127.0.0.1',
  port: 8080,
  parallel: 4,
  contextSize: 4096,
  queueLimit: 64,
  /** CPU threads when every layer is on the GPU: the CPU then only samples and schedules. */
  offloadedThreads: 2,
} as const;

/** The order `--gpu auto` tries backends in; the first whose probe decodes is used. */
export const BACKEND_FALLBACK_ORDER = ['cuda', 'vulkan', 'cpu'] as const;
