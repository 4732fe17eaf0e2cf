// chatproof serve: usage and options.
import { BACKEND_FALLBACK_ORDER, DEFAULTS } from '../../server/defaults.js';

export const SERVE_HELP = `Usage: chatproof serve --model <path.gguf | hf:org/repo:quant | preset | auto | generated>

Serves an OpenAI-compatible API (POST /v1/chat/completions, POST /v1/completions, GET /v1/models,
GET /v1/models/{id}), /health, /metrics and a chat page at / .

Options:
  --model, -m <spec>    a .gguf path, hf:org/repo:quant, a preset (qwen3-8b, qwen3-0.6b), auto (the
                        largest preset that fits the GPU), generated[:medium] (random-weight test model)
  --host <address>      address to listen on (default ${DEFAULTS.host})
  --port, -p <n>        0-65535, 0 picks a free port (default ${DEFAULTS.port})
  --parallel <n>        sequences decoded together, continuous batching (default ${DEFAULTS.parallel})
  --ctx <tokens>        token budget of each sequence (default ${DEFAULTS.contextSize})
  --gpu <backend>       auto | cuda | vulkan | false (default auto: probes ${BACKEND_FALLBACK_ORDER.join(' -> ')}
                        in a child process and uses the first that decodes; a named backend that
                        fails its probe stops the server with exit 6)
  --threads <n>         CPU threads (default: ${DEFAULTS.offloadedThreads} when every layer is on the GPU,
                        else cores - 1)
  --queue <n>           requests that may wait for a free sequence; beyond that 429 (default ${DEFAULTS.queueLimit})
  --cors <origin>       allow browser requests from this origin (repeatable); others are refused (403)
  --no-warm-up          skip the warm-up (decode at every batch size, one prompt per size class)
                        that runs before /health reports ready
  --[no-]flash-attention  flash attention (default on for GPU backends, off on the CPU)
  --models-dir <dir>    download cache (default $CHATPROOF_MODELS_DIR or ~/.cache/chatproof/models)
  --help, -h            this text

Exit codes: 0 after SIGINT/SIGTERM · 1 the server could not start (model, address in use) ·
2 usage error · 5 the GPU backend asked for fails its probe ("chatproof doctor" says why)
`;
