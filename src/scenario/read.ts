// The file edge of the scenario stage.
import { readFile } from 'node:fs/promises';
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

export async function loadScenario(file: string, options: LoadScenarioOptions = {}): Promise<LoadedScenario> {
  let source: string;
  try {
    source = await readFile(file, 'utf8');
  } catch (e) {
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
