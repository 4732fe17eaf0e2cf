// Raw capacity: one fixed non-streaming chat request driven by autocannon at full speed, then
// the same request through chatproof's own client with as many connections for as long. The
// first says what the endpoint can take; the pair says whether chatproof's end-to-end figures
// agree with an independent, well-known tool on the same endpoint.
import { createRequire } from 'node:module';
import type { ChatRequest, RawCapacity } from '../core/types.js';
import { histogramDistribution, histogramOfMs } from '../metrics/histogram.js';
import type { ChatSender } from '../run/conversation.js';

interface AutocannonResult {
  requests: { total: number; average: number };
  latency: { p50: number; p90: number; p99: number; average: number; max: number };
  errors: number;
  non2xx: number;
  duration: number;
}
interface AutocannonInstance extends Promise<AutocannonResult> {
  stop(): void;
}
type Autocannon = (options: Record<string, unknown>) => AutocannonInstance;

// autocannon is CommonJS without types.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export interface RawOptions {
  /** Full URL of /v1/chat/completions. */
  url: string;
  headers: Record<string, string>;
  /** The JSON body (stream: false). */
  body: string;
  connections: number;
  durationMs: number;
  signal?: AbortSignal;
}

export async function runAutocannon(o: RawOptions): Promise<Omit<RawCapacity, 'chatproof'>> {
  const instance = autocannon({
    url: o.url,
    method: 'POST',
    headers: { ...o.headers, 'content-type': 'application/json' },
    body: o.body,
    connections: o.connections,
    duration: Math.max(1, Math.round(o.durationMs / 1000)),
    pipelining: 1,
  });
  const stop = (): void => instance.stop();
  o.signal?.addEventListener('abort', stop, { once: true });
  try {
    const r = await instance;
    return {
      tool: 'autocannon',
      connections: o.connections,
      durationMs: r.duration * 1000,
      requests: r.requests.total,
      requestsPerSecond: r.duration > 0 ? r.requests.total / r.duration : 0,
      errors: r.errors,
      non2xx: r.non2xx,
      latencyMs: {
        p50: r.latency.p50,
        p90: r.latency.p90,
        p99: r.latency.p99,
        mean: r.latency.average,
        max: r.latency.max,
      },
    };
  } finally {
    o.signal?.removeEventListener('abort', stop);
  }
}

/** The same request through chatproof's client, `connections` loops for `durationMs`. */
export async function runClientLoop(
  client: ChatSender,
  request: ChatRequest,
  connections: number,
  durationMs: number,
  signal?: AbortSignal,
): Promise<RawCapacity['chatproof']> {
  const e2e: number[] = [];
  const started = performance.now();
  const end = started + durationMs;
  const worker = async (): Promise<void> => {
    while (performance.now() < end && !signal?.aborted) {
      const r = await client.chat(request, signal);
      if (r.ok && r.timing.endMs !== undefined) e2e.push(r.timing.endMs);
    }
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  return {
    requests: e2e.length,
    requestsPerSecond: seconds > 0 ? e2e.length / seconds : 0,
    e2eMs: histogramDistribution(histogramOfMs(e2e)),
  };
}
