// Errors the CLI reports as one clear paragraph (never a stack trace), with their exit codes.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { closest } from '../metrics/slo.js';

/** Documented exit codes (README "Exit codes"). */
export const EXIT = { ok: 0, sloFailed: 1, badInput: 2, unreachable: 3, inconclusive: 4, interrupted: 130 } as const;

export class CliError extends Error {
  constructor(message: string, readonly exitCode: number = EXIT.badInput) {
    super(message);
  }
}

/** node:util parseArgs with errors rewritten for people: unknown flags get a did-you-mean. */
export function parseCommandArgs<T extends ParseArgsConfig['options']>(
  command: string,
  argv: string[],
  options: T,
): { values: Record<string, unknown>; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true, allowNegative: true } as ParseArgsConfig);
    return { values: parsed.values as Record<string, unknown>, positionals: parsed.positionals };
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '(-{1,2}[^']+)'/.exec(message);
    if (unknown) {
      const names = Object.keys(options ?? {}).map((n) => `--${n}`);
      const guess = closest(unknown[1], names);
      throw new CliError(
        `chatproof ${command}: unknown option ${unknown[1]}${guess ? ` (did you mean ${guess}?)` : ''}. ` +
          `Run "chatproof ${command} --help" for the list of options.`,
      );
    }
    throw new CliError(`chatproof ${command}: ${message.replace(/\. To specify.*$/s, '')}.`);
  }
}

/** "30s", "500ms", "2m" or a plain number of milliseconds. */
export function parseDurationMs(flag: string, text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(text);
  if (!m) throw new CliError(`${flag}: expected a duration such as 500ms, 30s or 2m, got "${text}".`);
  const n = Number(m[1]);
  return m[2] === 's' ? n * 1000 : m[2] === 'm' ? n * 60_000 : n;
}

export function parsePositiveInt(flag: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new CliError(`${flag}: expected a whole number of at least 1, got "${text}".`);
  return n;
}
