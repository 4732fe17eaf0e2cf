// The file edge of the scenario stage.
import { readFile, stat } from 'node:fs/promises';
import { type LoadedScenario, parseScenario } from './parse.js';
import { ScenarioError } from './problems.js';

export interface LoadScenarioOptions {
  /** `--set key=value` flags, applied in order before validation. */
  overrides?: string[];
}

const READ_FAILURES: Record<string, string> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EISDIR: 'is a directory, not a scenario file',
};

/**
 * Scenarios are conversation plans: 4 MiB is about a million tokens of English, past the largest
 * context windows. A bigger file is a mistake (a log, a dataset) that would cost gigabytes to parse.
 */
const MIB = 1024 * 1024;
export const MAX_SCENARIO_BYTES = 4 * MIB;

function problem(file: string, message: string, line?: number, column?: number): ScenarioError {
  return new ScenarioError([{ file, path: '', message, ...(line !== undefined ? { line, column } : {}) }]);
}

/** The text of a scenario file, which must be UTF-8: a bad byte is an error at its line, never a silent U+FFFD. */
export function decodeScenario(bytes: Uint8Array, file: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Find the first bad byte: the longest prefix that decodes, by halving.
    let good = 0;
    let bad = bytes.length;
    while (bad - good > 1) {
      const mid = (good + bad) >> 1;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid));
        good = mid;
      } catch {
        bad = mid;
      }
    }
    // A prefix may end inside a valid character: back up to the start of the offending sequence.
    let start = good;
    while (start > 0 && (bytes[start]! & 0xc0) === 0x80) start--;
    const before = new TextDecoder('utf-8').decode(bytes.subarray(0, start));
    const lines = before.split('\n');
    const offending = Array.from(bytes.subarray(start, start + 4), (b) => b.toString(16).padStart(2, '0')).join(' ');
    throw problem(
      file,
      `is not valid UTF-8 (bytes ${offending} at byte ${start}); save the file as UTF-8 (other encodings, such as ` +
        'GBK or Latin-1, would be sent garbled)',
      lines.length,
      lines.at(-1)!.length + 1,
    );
  }
}

export async function loadScenario(file: string, options: LoadScenarioOptions = {}): Promise<LoadedScenario> {
  let source: string;
  try {
    const info = await stat(file);
    if (info.isFile() && info.size > MAX_SCENARIO_BYTES) {
      throw problem(
        file,
        `is ${(info.size / MIB).toFixed(1)} MB; a scenario may be at most ${MAX_SCENARIO_BYTES / MIB} ` +
          'MB (a conversation plan, not a dataset): split it, or keep long documents shorter',
      );
    }
    source = decodeScenario(await readFile(file), file);
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const code = (e as NodeJS.ErrnoException).code ?? '';
    const reason = READ_FAILURES[code] ?? (e as Error).message;
    throw new ScenarioError([
      {
        file,
        path: '',
        message:
          `cannot read the scenario file: ${reason}; expected a path to a YAML scenario such as ` +
          `scenarios/breakup.yaml`,
      },
    ]);
  }
  return parseScenario(source, file, options.overrides ?? []);
}
