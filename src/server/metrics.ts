// Prometheus text exposition (format 0.0.4) for the bundled server, without a client library:
// a few counters, gauges read at scrape time, and two cumulative histograms.
import type { EnginePlacement } from './types.js';

/** Seconds; LLM latencies span milliseconds (tiny model) to minutes (long CPU replies). */
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

class Histogram {
  readonly counts = new Array<number>(LATENCY_BUCKETS.length).fill(0);
  sum = 0;
  count = 0;
  observe(seconds: number): void {
    this.sum += seconds;
    this.count++;
    LATENCY_BUCKETS.forEach((le, i) => {
      if (seconds <= le) this.counts[i]!++;
    });
  }
  render(name: string, help: string): string[] {
    const lines = [`# HELP ${name} ${help}`, `# TYPE ${name} histogram`];
    LATENCY_BUCKETS.forEach((le, i) => {
      lines.push(`${name}_bucket{le="${le}"} ${this.counts[i]}`);
    });
    lines.push(`${name}_bucket{le="+Inf"} ${this.count}`, `${name}_sum ${this.sum}`, `${name}_count ${this.count}`);
    return lines;
  }
}

export interface LiveGauges {
  queueDepth: number;
  busy: number;
  size: number;
  peakBusy: number;
}

/** Prometheus label values: backslash, quote and newline escaped. */
const label = (text: string): string => text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

export class ServerMetrics {
  private readonly requestsByStatus = new Map<string, number>();
  promptTokens = 0;
  generatedTokens = 0;
  kvReusedTokens = 0;
  kvCacheHits = 0;
  cancelled = 0;
  readonly ttft = new Histogram();
  readonly e2e = new Histogram();

  constructor(private readonly placement: EnginePlacement) {}

  countRequest(status: number): void {
    const key = String(status);
    this.requestsByStatus.set(key, (this.requestsByStatus.get(key) ?? 0) + 1);
  }

  render(gauges: LiveGauges, phase: 'warming' | 'ready'): string {
    const p = this.placement;
    const lines: string[] = [
      '# HELP chatproof_backend_info Where the model runs (value always 1).',
      '# TYPE chatproof_backend_info gauge',
      `chatproof_backend_info{backend="${label(p.backend)}",device="${label(p.devices.join(', '))}"} 1`,
      '# HELP chatproof_ready 1 once the warm-up is done and requests are served, 0 while warming.',
      '# TYPE chatproof_ready gauge',
      `chatproof_ready ${phase === 'ready' ? 1 : 0}`,
      '# HELP chatproof_layers_offloaded Model layers on the GPU.',
      '# TYPE chatproof_layers_offloaded gauge',
      `chatproof_layers_offloaded ${p.layersOffloaded}`,
      '# HELP chatproof_layers_total Model layers.',
      '# TYPE chatproof_layers_total gauge',
      `chatproof_layers_total ${p.totalLayers}`,
      '# HELP chatproof_vram_used_bytes GPU memory in use on the device after loading (0 on the CPU).',
      '# TYPE chatproof_vram_used_bytes gauge',
      `chatproof_vram_used_bytes ${p.vramUsedBytes}`,
      '# HELP chatproof_vram_total_bytes GPU memory of the device (0 on the CPU).',
      '# TYPE chatproof_vram_total_bytes gauge',
      `chatproof_vram_total_bytes ${p.vramTotalBytes}`,
      '# HELP chatproof_context_tokens_per_sequence Tokens each sequence holds (--ctx as created).',
      '# TYPE chatproof_context_tokens_per_sequence gauge',
      `chatproof_context_tokens_per_sequence ${p.contextPerSequence}`,
      '# HELP chatproof_requests_total Completion requests by HTTP status (499 = client went away).',
      '# TYPE chatproof_requests_total counter',
    ];
    for (const [status, n] of [...this.requestsByStatus].sort())
      lines.push(`chatproof_requests_total{status="${status}"} ${n}`);
    const scalar = (name: string, type: 'counter' | 'gauge', help: string, value: number): void => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`, `${name} ${value}`);
    };
    scalar('chatproof_queue_depth', 'gauge', 'Requests waiting for a free sequence.', gauges.queueDepth);
    scalar('chatproof_sequences_busy', 'gauge', 'Sequences generating now.', gauges.busy);
    scalar('chatproof_sequences_total', 'gauge', 'Sequences in the context (--parallel).', gauges.size);
    scalar('chatproof_sequences_busy_peak', 'gauge', 'Most sequences generating at once since start.', gauges.peakBusy);
    scalar('chatproof_prompt_tokens_total', 'counter', 'Prompt tokens received.', this.promptTokens);
    scalar(
      'chatproof_generated_tokens_total',
      'counter',
      'Tokens generated (thinking included).',
      this.generatedTokens,
    );
    scalar(
      'chatproof_kv_reused_tokens_total',
      'counter',
      'Prompt tokens served from a sequence KV cache instead of evaluated.',
      this.kvReusedTokens,
    );
    scalar(
      'chatproof_kv_cache_hits_total',
      'counter',
      'Requests that reused at least one cached prompt token.',
      this.kvCacheHits,
    );
    scalar(
      'chatproof_cancelled_total',
      'counter',
      'Generations stopped because the client disconnected.',
      this.cancelled,
    );
    lines.push(
      ...this.ttft.render(
        'chatproof_ttft_seconds',
        'Server-side time from request arrival to the first generated token.',
      ),
    );
    lines.push(
      ...this.e2e.render('chatproof_e2e_seconds', 'Server-side time from request arrival to the end of the response.'),
    );
    return lines.join('\n') + '\n';
  }
}
