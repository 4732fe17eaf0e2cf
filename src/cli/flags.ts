// Every flag value the command line accepts is parsed here, each error one clear sentence (exit 2).
import { isIP } from 'node:net';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { ChatproofError } from '../core/errors.js';
import { closest } from '../core/suggest.js';
import type { Slo } from '../core/types.js';
import type { Shard } from '../load/load-run.js';
import type { ArrivalProcess } from '../load/shapes/open.js';
import { parseThinkTime, type ThinkTime, ThinkTimeError } from '../load/think-time.js';
import type { MetricScope } from '../metrics/registry.js';
import { parseSlo, SloSyntaxError } from '../metrics/slo.js';

/** "1,8,32,128" -> [1, 8, 32, 128]; whole numbers >= 1. */
export function parseUsersList(text: string): number[] {
  const parts = text
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p.length > 0);
  const users = parts.map((p) => Number(p));
  if (parts.length === 0 || users.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new ChatproofError(
      `--users: expected whole numbers of at least 1 separated by commas, e.g. "1,8,32,128", got "${text}".`,
    );
  }
  return users;
}

/** "2", "2/s", "0.5,1,2" -> conversations per second. */
export function parseRateList(text: string): number[] {
  const parts = text
    .split(',')
    .map((p) => p.trim().replace(/\/s$/, ''))
    .filter((p) => p.length > 0);
  const rates = parts.map((p) => Number(p));
  if (parts.length === 0 || rates.some((n) => !Number.isFinite(n) || n <= 0)) {
    throw new ChatproofError(
      `--rate: expected new conversations per second above 0, e.g. "2/s" or "0.5,1,2", got "${text}".`,
    );
  }
  return rates;
}

export function parseArrivals(text: string): ArrivalProcess {
  if (text === 'poisson' || text === 'constant') return text;
  throw new ChatproofError(
    `--arrivals: expected "poisson" (random, memoryless arrivals) or "constant" (evenly spaced), got "${text}".`,
  );
}

/** "2/4" -> shard 2 of 4. */
export function parseShard(text: string): Shard {
  const m = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = m ? Number(m[1]) : NaN;
  const count = m ? Number(m[2]) : NaN;
  if (!m || count < 1 || index < 1 || index > count) {
    throw new ChatproofError(
      `--shard: expected i/n with 1 <= i <= n, e.g. "1/2" on one machine and "2/2" on the other, got "${text}".`,
    );
  }
  return { index, count };
}

export function parseThink(text: string): ThinkTime {
  try {
    return parseThinkTime(text);
  } catch (error) {
    if (error instanceof ThinkTimeError) throw new ChatproofError(`${error.message}.`);
    throw error;
  }
}

export function parsePositiveDurationMs(flag: string, text: string, allowZero = false): number {
  const ms = parseDurationMs(flag, text);
  if (ms < 0 || (!allowZero && ms === 0))
    throw new ChatproofError(`${flag}: expected a duration above 0, got "${text}".`);
  return ms;
}

export function parseNonNegativeInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 0) throw new ChatproofError(`${flag}: expected a whole number, got "${text}".`);
  return n;
}

/** --sweep-refine N: bisection levels after a sweep's first failing level (0 turns refinement off). */
export function parseSweepRefine(text: string | undefined, sweep: boolean): number | undefined {
  if (text === undefined) return undefined;
  if (!sweep) throw new ChatproofError('--sweep-refine only applies to a sweep: add --sweep, or drop --sweep-refine.');
  return parseNonNegativeInt('--sweep-refine', text);
}

/** node:util parseArgs with errors rewritten for people: unknown flags get a did-you-mean. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(
  command: string,
  argv: string[],
  options: T,
): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const parsed = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
      allowNegative: true,
    } as ParseArgsConfig);
    return { values: parsed.values as Record<string, unknown>, positionals: parsed.positionals };
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (unknown) {
      const names = Object.keys(options ?? {}).map((n) => `--${n}`);
      const guess = closest(unknown[1], names);
      throw new ChatproofError(
        `chatproof ${command}: unknown option ${unknown[1]}${guess ? ` (did you mean ${guess}?)` : ''}. ` +
          `Run "chatproof ${command} --help" for the list of options.`,
      );
    }
    throw new ChatproofError(`chatproof ${command}: ${message.replace(/\. To specify.*$/s, '')}.`);
  }
}

/** "30s", "500ms", "2m" or a plain number of milliseconds. */
export function parseDurationMs(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  if (!m) throw new ChatproofError(`${flag}: expected a duration such as 500ms, 30s or 2m, got "${text}".`);
  const n = Number(m[1]);
  return m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n;
}

export function parsePositiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1)
    throw new ChatproofError(`${flag}: expected a whole number of at least 1, got "${text}".`);
  return n;
}

/** "10%", "0.1": a fraction. A bare number above 1 is ambiguous, so it is refused. */
export function parseTolerance(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(%)?\s*$/.exec(text);
  if (!m)
    throw new ChatproofError(`${flag}: expected a percentage such as 10% or a fraction such as 0.1, got "${text}".`);
  const n = Number(m[1]);
  if (m[2]) return n / 100;
  if (n > 1)
    throw new ChatproofError(`${flag}: "${text}" is ambiguous; write ${n}% for a percentage or a fraction below 1.`);
  return n;
}

export function parseAlpha(text: string): number {
  const n = Number(text);
  if (!(n > 0 && n < 0.5))
    throw new ChatproofError(`--alpha: expected a significance level between 0 and 0.5 (e.g. 0.05), got "${text}".`);
  return n;
}

/** A load: "8" (users), "2", "2/s" or "0.5" (conversations per second). */
export function parseLoadValue(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(\/s|users?)?\s*$/.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!(n > 0))
    throw new ChatproofError(
      `${flag}: expected a load above 0, users (e.g. 8) or conversations per second (e.g. 2/s), got "${text}".`,
    );
  return n;
}

/** `--slo` values; with a scope, a metric not measured there is refused before anything runs. */
export function parseSloFlags(values: unknown, scope?: MetricScope): Slo[] {
  return ((values as string[] | undefined) ?? []).map((expr) => {
    try {
      return parseSlo(expr, scope);
    } catch (error) {
      if (error instanceof SloSyntaxError) throw new ChatproofError(`--slo: ${error.message}.`);
      throw error;
    }
  });
}

/** --port: 0 (any free port) to 65535. */
export function parsePort(text: string): number {
  const n = Number(text);
  if (!/^\s*\d+\s*$/.test(text) || n > 65535)
    throw new ChatproofError(`--port: expected a TCP port from 0 to 65535 (0 picks a free one), got "${text}".`);
  return n;
}

/** --host: an IP address or a host name; dotted numbers that are not an IPv4 address are refused. */
export function parseHost(text: string): string {
  const name = /^[a-z0-9]([a-z0-9-]{0,62})(\.[a-z0-9]([a-z0-9-]{0,62}))*\.?$/i;
  if (isIP(text) !== 0 || (name.test(text) && !/^[\d.]+$/.test(text))) return text;
  throw new ChatproofError(
    `--host: "${text}" is not an IP address or host name; use e.g. 127.0.0.1 (this machine only), ` +
      '0.0.0.0 (every interface) or ::1.',
  );
}

export type GpuBackendChoice = 'auto' | 'cuda' | 'vulkan' | false;

export function parseGpu(text: string): GpuBackendChoice {
  if (text === 'false' || text === 'cpu') return false;
  if (text === 'auto' || text === 'cuda' || text === 'vulkan') return text;
  throw new ChatproofError(`--gpu: expected auto, cuda, vulkan or false (CPU only), got "${text}".`);
}

/** --cors: a browser origin, scheme://host[:port], exactly as browsers send it in Origin. */
export function parseCorsOrigin(text: string): string {
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (text === '*' || !url || !/^https?:$/.test(url.protocol) || url.origin !== text.replace(/\/$/, ''))
    throw new ChatproofError(
      `--cors: expected an origin such as http://localhost:3000 (scheme, host and port, no path), got "${text}".`,
    );
  return url.origin;
}
