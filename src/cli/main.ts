// The chatproof command line: dispatches to one module per command and turns every
// expected error into one clear paragraph and a documented exit code.

import { ChatproofError, describeFileSystemError, EXIT, fileSystemCode } from '../core/errors.js';
import { redactText } from '../core/redact.js';
import { HARNESS_VERSION } from '../core/version.js';
import { MAIN_HELP } from './help/main.js';

type Command = (argv: string[]) => Promise<number>;

const COMMANDS: Record<string, () => Promise<Command>> = {
  eval: async () => (await import('./commands/eval.js')).evalCommand,
  report: async () => (await import('./commands/report.js')).reportCommand,
  serve: async () => (await import('./commands/serve.js')).serveCommand,
  compare: async () => (await import('./commands/compare.js')).compareCommand,
  gate: async () => (await import('./commands/gate.js')).gateCommand,
  trend: async () => (await import('./commands/trend.js')).trendCommand,
  load: async () => (await import('./commands/load.js')).loadCommand,
  merge: async () => (await import('./commands/merge.js')).mergeCommand,
  rescore: async () => (await import('./commands/rescore.js')).rescoreCommand,
  freeze: async () => (await import('./commands/freeze.js')).freezeCommand,
  'judge-check': async () => (await import('./commands/judge-check.js')).judgeCheckCommand,
  recover: async () => (await import('./commands/recover.js')).recoverCommand,
  doctor: async () => (await import('./commands/doctor.js')).doctorCommand,
};

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(MAIN_HELP);
    return name === undefined ? EXIT.badInput : EXIT.ok;
  }
  if (name === '--version' || name === '-v') {
    process.stdout.write(`chatproof ${HARNESS_VERSION}\n`);
    return EXIT.ok;
  }
  const load = COMMANDS[name];
  if (!load) {
    process.stderr.write(
      `chatproof: unknown command "${name}". Commands: ${Object.keys(COMMANDS).join(', ')}. Run "chatproof --help".\n`,
    );
    return EXIT.badInput;
  }
  try {
    return await (await load())(rest);
  } catch (error) {
    if (error instanceof ChatproofError) {
      process.stderr.write(`${redactText(error.message)}\n`);
      return error.exitCode;
    }
    // The file system refused an output (disk full, permission, read-only): the user's to fix.
    if (fileSystemCode(error) !== undefined) {
      const path = (error as NodeJS.ErrnoException).path;
      process.stderr.write(
        `chatproof ${name}: cannot write or read ${path ?? 'a file'}: ${describeFileSystemError(error)}. Free space ` +
          'or fix the permissions, then rerun; "chatproof recover <run-dir>" rebuilds results from turns.jsonl.\n',
      );
      return EXIT.writeFailed;
    }
    // Anything else is a chatproof bug: say so plainly; the stack only on request.
    process.stderr.write(
      `chatproof ${name}: internal error: ${redactText((error as Error).message ?? String(error))}\n` +
        (process.env.CHATPROOF_DEBUG
          ? `${redactText((error as Error).stack ?? '')}\n`
          : 'Set CHATPROOF_DEBUG=1 for details and report it.\n'),
    );
    return EXIT.internal;
  }
}

// Run when executed directly (npm scripts, bin/chatproof.js), not when imported by tests.
const invoked = process.argv[1] ?? '';
if (['main.ts', 'main.js', 'chatproof.js', 'chatproof'].some((end) => invoked.endsWith(end))) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`chatproof: ${redactText((error as Error).message)}\n`);
      process.exitCode = EXIT.internal;
    },
  );
}
