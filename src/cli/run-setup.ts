// What eval and load both do before measuring: load the scenario files, find the target,
// and turn Ctrl-C into a clean stop that keeps every result measured so far.
import { setMaxListeners } from 'node:events';
import { ChatproofError, EXIT } from '../core/errors.js';
import type { Scenario } from '../core/types.js';
import type { WriteFailure } from '../run/eval-run.js';
import { formatProblem, loadScenario } from '../scenario/index.js';
import { checkOutputFile, claimOutDir } from '../store/out-dir.js';

export { checkOutputFile };

import { type ResolvedTarget, resolveTarget } from './target.js';

interface Writer {
  write(text: string): unknown;
}

export async function loadScenarioFiles(
  command: string,
  files: string[],
  overrides: string[],
  stderr: Writer,
): Promise<Scenario[]> {
  const scenarios: Scenario[] = [];
  for (const file of files) {
    const { scenario, warnings } = await loadScenario(file, { overrides });
    for (const w of warnings) stderr.write(`warning: ${formatProblem(w)}\n`);
    if (scenarios.some((s) => s.name === scenario.name)) {
      throw new ChatproofError(
        `chatproof ${command}: two scenarios are both named "${scenario.name}"; give each a unique name.`,
      );
    }
    scenarios.push(scenario);
  }
  return scenarios;
}

/** --target / --model flags, then the environment, then the scenario's own model name. */
export function targetFromFlags(
  values: Record<string, unknown>,
  scenarios: Scenario[],
  stderr: Writer,
  command = 'eval',
): Promise<ResolvedTarget> {
  return resolveTarget({
    command,
    target: (values.target as string | undefined) ?? process.env.CHATPROOF_TARGET ?? process.env.OPENAI_BASE_URL,
    model: (values.model as string | undefined) ?? process.env.CHATPROOF_MODEL,
    scenarioModel: scenarios.find((s) => s.params.model)?.params.model,
    download: values.download !== false && process.env.CHATPROOF_OFFLINE !== '1',
    log: (line) => stderr.write(`${line}\n`),
  });
}

/** The exit code of a command stopped by each signal (128 + its number, as a shell reports it). */
const STOP_SIGNALS = { SIGINT: EXIT.interrupted, SIGTERM: EXIT.terminated, SIGHUP: EXIT.hangup } as const;

export interface Stopper {
  signal: AbortSignal;
  /** 130 after Ctrl-C, 143 after SIGTERM, 129 after SIGHUP; undefined while not stopped. */
  readonly exitCode: number | undefined;
  dispose(): void;
}

/**
 * Ctrl-C, SIGTERM (timeout, docker stop, CI cancel) and SIGHUP (terminal closed) all stop the run
 * the same way: the first aborts the signal (turns in flight are recorded as aborted, results.json
 * and the summary are written from everything measured); a second one quits at once, and
 * turns.jsonl still holds every finished turn ("chatproof recover" rebuilds the rest).
 */
export function stopOnCtrlC(stderr: Writer, what: string): Stopper {
  const controller = new AbortController();
  // Every request in flight listens on this one signal (and stops listening when it settles):
  // a thousand virtual users are a thousand listeners, not a leak.
  setMaxListeners(0, controller.signal);
  let exitCode: number | undefined;
  const handlers = (Object.keys(STOP_SIGNALS) as (keyof typeof STOP_SIGNALS)[]).map((name) => {
    const onSignal = (): void => {
      if (exitCode !== undefined) process.exit(STOP_SIGNALS[name]);
      exitCode = STOP_SIGNALS[name];
      const how = name === 'SIGINT' ? 'Ctrl-C' : name;
      stderr.write(`\nStopping (${how}): ${what}; press Ctrl-C again to quit at once.\n`);
      controller.abort();
    };
    process.on(name, onSignal);
    return [name, onSignal] as const;
  });
  return {
    signal: controller.signal,
    get exitCode() {
      return exitCode;
    },
    dispose: () => {
      for (const [name, onSignal] of handlers) process.off(name, onSignal);
    },
  };
}

/** The output folder of eval or load: the user's --out, else a new dated folder; claimed before anything runs. */
export function claimRunDir(command: string, given: string | undefined, fallback: () => string): string {
  return given !== undefined
    ? claimOutDir(given, command, { flag: `chatproof ${command}: --out` })
    : claimOutDir(fallback(), command, { flag: `chatproof ${command}: output folder`, numberOnClash: true });
}

/** The paragraph for a run whose outputs stopped taking writes (exit 5): what was kept, what to do. */
export function writeFailureError(command: string, outDir: string, failure: WriteFailure): ChatproofError {
  const kept =
    `turns.jsonl holds the ${failure.turnsSaved} turn${failure.turnsSaved === 1 ? '' : 's'} written before it` +
    (failure.turnsUnsaved > 0
      ? `; ${failure.turnsUnsaved} turn${failure.turnsUnsaved === 1 ? ' was' : 's were'} measured after it and ` +
        (failure.resultsWritten ? 'are in results.json only' : 'could not be saved')
      : '');
  const next = failure.resultsWritten
    ? 'results.json was written, with everything measured.'
    : `results.json could not be written; once there is room, "chatproof recover ${outDir}" rebuilds it from ` +
      'turns.jsonl.';
  return new ChatproofError(
    `chatproof ${command}: ${failure.error.message} The run stopped there: ${kept}. ${next} Free space (or fix ` +
      'the permissions) and rerun to measure the rest.',
    EXIT.writeFailed,
  );
}
