// chatproof gate <results> [--baseline <results>]: the CI gate on a saved run. SLOs (the run's,
// plus --slo), and with a baseline the same comparison as `chatproof compare`.
import { ChatproofError, EXIT } from '../../core/errors.js';
import { parseCommandArgs } from '../flags.js';
import { GATE_HELP } from '../help/gate.js';
import { COMPARE_OPTIONS, type CommandIo, runGateCommand } from './compare.js';

const OPTIONS = { ...COMPARE_OPTIONS, baseline: { type: 'string' } } as const;

export async function gateCommand(
  argv: string[],
  io: CommandIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const { values, positionals } = parseCommandArgs('gate', argv, OPTIONS);
  if (values.help) {
    io.stdout.write(GATE_HELP);
    return EXIT.ok;
  }
  if (positionals.length !== 1) {
    throw new ChatproofError(
      `chatproof gate: expected one run (results.json or run folder), got ${positionals.length}. Run "chatproof ` +
        `gate --help".`,
    );
  }
  return runGateCommand(
    { baselinePath: values.baseline as string | undefined, candidatePath: positionals[0], values },
    io,
  );
}
