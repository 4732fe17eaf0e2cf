// The documented exit codes (README "Exit codes") and the one error type that carries one: a
// ChatproofError is a paragraph for people, printed without a stack trace, ending the command
// with its exit code. Anything else that escapes a command is a chatproof bug (exit 70).

export const EXIT = {
  ok: 0,
  sloFailed: 1,
  badInput: 2,
  unreachable: 3,
  inconclusive: 4,
  /** An output could not be written (disk full, permission, read-only file system). */
  writeFailed: 5,
  /** serve / doctor: the GPU backend named with --gpu failed its probe. */
  backendFailed: 6,
  /** A chatproof bug: an error no rule above explains. */
  internal: 70,
  /** Stopped by SIGHUP (terminal closed), SIGINT (Ctrl-C), SIGTERM (timeout, docker stop, CI cancel). */
  hangup: 129,
  interrupted: 130,
  terminated: 143,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export class ChatproofError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.badInput,
  ) {
    super(message);
  }
}

/** The error codes of the file system that say "this output cannot be written", in words. */
const FILE_SYSTEM_PROBLEMS: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exhausted',
  EFBIG: 'the file grew past the size this process may write (ulimit -f)',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'the file system is read-only',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOENT: 'a part of the path does not exist and cannot be created',
  EEXIST: 'it already exists',
  ENAMETOOLONG: 'the name is too long',
  EMFILE: 'too many open files (raise ulimit -n)',
  ENFILE: 'too many open files on the system',
  EIO: 'an input/output error of the device',
  ELOOP: 'too many symbolic links in the path',
  EBUSY: 'the device or file is busy',
};

/** The errno code of a Node file-system error ("ENOSPC"), or undefined for any other error. */
export function fileSystemCode(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return typeof code === 'string' && code in FILE_SYSTEM_PROBLEMS ? code : undefined;
}

/** "no space left on the device (ENOSPC)" for a file-system error, its message otherwise. */
export function describeFileSystemError(error: unknown): string {
  const code = fileSystemCode(error);
  if (code) return `${FILE_SYSTEM_PROBLEMS[code]} (${code})`;
  return (error as Error | undefined)?.message ?? String(error);
}

/**
 * `chatproof serve` and `chatproof doctor`: the server could not start (model, address), or the
 * GPU backend asked for explicitly failed its probe (`--gpu cuda` never falls back silently).
 */
export const SERVE_EXIT = { cannotStart: 1, backendFailed: 6 } as const;
