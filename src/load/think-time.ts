// Think time between turns of one virtual user: what a person spends reading the reply and
// typing the next message. Fixed, uniform or exponential, all seeded.
import { exponential } from './random.js';
export type ThinkTime =
  | { kind: 'none' }
  | { kind: 'fixed'; ms: number }
  | { kind: 'uniform'; minMs: number; maxMs: number }
  | { kind: 'exponential'; meanMs: number };

export class ThinkTimeError extends Error {}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s)?$/;

function durationMs(text: string, whole: string): number {
  const m = DURATION.exec(text.trim());
  if (!m)
    throw new ThinkTimeError(
      `--think: "${whole}" is not a think time; write 2s, 500ms, 1s-3s (uniform) or exp:2s (exponential, mean 2 s)`,
    );
  const n = Number(m[1]);
  return m[2] === 's' ? n * 1000 : n;
}

/** "0", "2s", "500ms", "1s-3s" (uniform), "exp:2s" (exponential with that mean). */
export function parseThinkTime(text: string): ThinkTime {
  const t = text.trim();
  if (t.startsWith('exp:')) {
    const meanMs = durationMs(t.slice(4), text);
    return meanMs > 0 ? { kind: 'exponential', meanMs } : { kind: 'none' };
  }
  const dash = t.indexOf('-');
  if (dash > 0) {
    const minMs = durationMs(t.slice(0, dash), text);
    const maxMs = durationMs(t.slice(dash + 1), text);
    if (maxMs < minMs) throw new ThinkTimeError(`--think: "${text}": the upper bound is below the lower one`);
    return { kind: 'uniform', minMs, maxMs };
  }
  const ms = durationMs(t, text);
  return ms > 0 ? { kind: 'fixed', ms } : { kind: 'none' };
}

export function sampleThinkMs(think: ThinkTime, random: () => number): number {
  switch (think.kind) {
    case 'none':
      return 0;
    case 'fixed':
      return think.ms;
    case 'uniform':
      return think.minMs + random() * (think.maxMs - think.minMs);
    case 'exponential':
      return exponential(random, think.meanMs);
  }
}
