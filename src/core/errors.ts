// The documented exit codes (README "Exit codes") and the one error type that carries one: a
// ChatproofError is a paragraph for people, printed without a stack trace, ending the command
// with its exit code. Anything else that escapes a command is a chatproof bug.

export const EXIT = { ok: 0, sloFailed: 1, badInput: 2, unreachable: 3, inconclusive: 4, interrupted: 130 } as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class ChatproofError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(message);
  }
}

/** `chatproof serve` and `chatproof doctor`: the server could not start (model, address), or the
 * GPU backend asked for explicitly failed its probe (`--gpu cuda` never falls back silently). */
export const SERVE_EXIT = { cannotStart: 1, backendFailed: 5 } as const;
