// What eval and load both do before measuring: load the scenario files, find the target,
// and turn Ctrl-C into a clean stop that keeps every result measured so far.
import { setMaxListeners } from 'node:events';
import { ChatproofError, EXIT } from '../core/errors.js';
import type { Scenario } from '../core/types.js';
import { formatProblem, loadScenario } from '../scenario/index.js';
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
): Promise<ResolvedTarget> {
  return resolveTarget({
    target: (values.target as string | undefined) ?? process.env.CHATPROOF_TARGET ?? process.env.OPENAI_BASE_URL,
    model: (values.model as string | undefined) ?? process.env.CHATPROOF_MODEL,
    scenarioModel: scenarios.find((s) => s.params.model)?.params.model,
    download: values.download !== false && process.env.CHATPROOF_OFFLINE !== '1',
    log: (line) => stderr.write(`${line}\n`),
  });
}

/** First Ctrl-C aborts the signal (turns in flight are recorded as aborted); a second one quits at once. */
export function stopOnCtrlC(stderr: Writer, what: string): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  // Every request in flight listens on this one signal (and stops listening when it settles):
  // a thousand virtual users are a thousand listeners, not a leak.
  setMaxListeners(0, controller.signal);
  let interrupts = 0;
  const onSigint = (): void => {
    interrupts++;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    stderr.write(`\nStopping: ${what}; press Ctrl-C again to quit at once.\n`);
    controller.abort();
  };
  process.on('SIGINT', onSigint);
  return { signal: controller.signal, dispose: () => process.off('SIGINT', onSigint) };
}
