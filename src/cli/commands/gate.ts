// chatproof gate <results> [--baseline <results>]: the CI gate on a saved run. SLOs (the run's,
// plus --slo), and with a baseline the same comparison as `chatproof compare`.
import { ChatproofError, EXIT } from '../../core/errors.js';
import { parseCommandArgs } from '../flags.js';
import { COMPARE_OPTIONS, type CommandIo, runGateCommand } from './compare.js';

export const GATE_HELP = `Usage: chatproof gate <results.json|run-dir> [--baseline <results.json|run-dir>] [options]

Judges a saved run against its SLOs (and --slo), compares it with a baseline when given, writes
CI outputs and exits with the documented code. Options as "chatproof compare --help".

A load run ("chatproof load") is judged level by level, on its own SLOs plus --slo:
  chatproof gate <load run>                 every level meets its SLOs (a sweep: a knee exists)
  chatproof gate <load run> --at-load 32    the level at 32 users (or 32 conv/s) meets them
  chatproof gate <load run> --min-knee 16   the knee is at 16 users (conv/s) or more
A level whose harness fell behind never counts as a pass.

Exit codes: 0 pass · 1 SLO breach or regression · 2 bad input · 3 target unreachable ·
4 inconclusive (with --fail-inconclusive), or a load level the gate rests on was measured by a
harness that fell behind
`;

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
