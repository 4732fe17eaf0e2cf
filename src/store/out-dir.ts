// Where a command's files go, and the rule that keeps every earlier output: a folder is claimed
// before anything is measured or written, atomically (mkdir, then an exclusive marker file: of
// two commands racing for one folder exactly one wins), and only a new or empty folder can be
// claimed. No command (eval, load, merge, report --out) ever writes into a folder it did not claim.
import {
  accessSync,
  closeSync,
  constants,
  mkdirSync,
  openSync,
  readdirSync,
  rmdirSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { ChatproofError, describeFileSystemError, EXIT, fileSystemCode } from '../core/errors.js';
import type { Scenario } from '../core/types.js';

/** The marker that says which command claimed the folder (hidden; a later claim fails on it). */
export const CLAIM_FILE = '.chatproof-claim';

/** Folders this process created by claiming them (only those are removed again on release). */
const createdByClaim = new Set<string>();

/** reports/<UTC timestamp>-<scenario names>: sorts by time, says what ran. */
export function defaultOutDir(scenarios: Pick<Scenario, 'name'>[], now: Date, root = 'reports'): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', '-');
  const names = scenarios
    .map((s) => s.name)
    .join('+')
    .replace(/[^\p{L}\p{N}_.+-]/gu, '_')
    .slice(0, 60);
  return path.join(root, `${stamp}-${names}`);
}

export interface ClaimOptions {
  /** "chatproof merge --out": how the folder was named, for the messages. */
  flag: string;
  /** A default name (not chosen by the user): on a clash, try "<dir>-2", "<dir>-3"... instead of failing. */
  numberOnClash?: boolean;
}

function usage(flag: string, dir: string, problem: string): ChatproofError {
  return new ChatproofError(`${flag} ${JSON.stringify(dir)}: ${problem}`, EXIT.badInput);
}

function cannotCreate(flag: string, dir: string, error: unknown): ChatproofError {
  return usage(
    flag,
    dir,
    `the folder cannot be created: ${describeFileSystemError(error)}. Choose a path you can write to` +
      (flag.includes('--out') ? ', e.g. "--out reports/my-run".' : '.'),
  );
}

/**
 * Create `dir`'s missing parents one level at a time. (Node 20's recursive mkdir spins forever
 * on some paths, e.g. under /proc, instead of failing.)
 */
function makeParents(flag: string, dir: string): void {
  const missing: string[] = [];
  for (let p = path.dirname(dir); p !== path.dirname(p); p = path.dirname(p)) {
    try {
      if (statSync(p).isDirectory()) break;
      throw usage(flag, dir, `${p} is a file, not a folder. Choose another folder.`);
    } catch (error) {
      if (error instanceof ChatproofError) throw error;
      if (fileSystemCode(error) !== 'ENOENT') throw cannotCreate(flag, dir, error);
      missing.unshift(p);
    }
  }
  for (const p of missing) {
    try {
      mkdirSync(p);
    } catch (error) {
      if (fileSystemCode(error) !== 'EEXIST') throw cannotCreate(flag, dir, error);
    }
  }
}

/** Claim one folder exactly as named, or explain why not. */
function claimExactly(dir: string, flag: string, command: string): void {
  makeParents(flag, dir);
  try {
    mkdirSync(dir);
    createdByClaim.add(path.resolve(dir));
  } catch (error) {
    if (fileSystemCode(error) !== 'EEXIST') throw cannotCreate(flag, dir, error);
    if (!statSync(dir).isDirectory()) {
      throw usage(flag, dir, 'this is a file, not a folder. Give a new folder for the outputs.');
    }
    const held = readdirSync(dir);
    if (held.length > 0) {
      const shown = held.slice(0, 3).join(', ') + (held.length > 3 ? `, and ${held.length - 3} more` : '');
      throw usage(
        flag,
        dir,
        `this folder already holds files (${shown}); chatproof never overwrites earlier outputs. Give a new or ` +
          'empty folder.',
      );
    }
  }
  let fd: number;
  try {
    fd = openSync(path.join(dir, CLAIM_FILE), 'wx');
  } catch (error) {
    if (fileSystemCode(error) === 'EEXIST') {
      throw usage(flag, dir, 'another chatproof command claimed this folder at the same moment. Give another folder.');
    }
    throw cannotCreate(flag, dir, error);
  }
  try {
    writeSync(fd, `${JSON.stringify({ command, pid: process.pid, claimedAt: new Date().toISOString() })}\n`);
  } catch (error) {
    throw cannotCreate(flag, dir, error);
  } finally {
    closeSync(fd);
  }
}

/**
 * Claim an output folder for `command`: created if missing (parents too), accepted if empty,
 * refused (exit 2, one paragraph) if it holds anything or cannot be written. Returns the folder.
 */
export function claimOutDir(dir: string, command: string, options: ClaimOptions): string {
  if (dir.trim() === '')
    throw usage(options.flag, dir, 'the folder name is empty. Give a folder, e.g. "reports/run-1".');
  if (!options.numberOnClash) {
    claimExactly(dir, options.flag, command);
    return dir;
  }
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? dir : `${dir}-${n}`;
    try {
      claimExactly(candidate, options.flag, command);
      return candidate;
    } catch (error) {
      // Only a taken name moves on to the next number; any other problem is the user's to fix.
      if (
        n >= 100 ||
        !(error instanceof ChatproofError) ||
        !/already holds|claimed this folder|is a file/.test(error.message)
      ) {
        throw error;
      }
    }
  }
}

/**
 * A file output (--junit, --markdown, --html, --json) checked before any work: its folder exists
 * or is created, and can be written; the file itself, if present, is a writable file. Exit 2, one
 * paragraph, when not. These are reports derived from results.json, regenerated on purpose, so an
 * existing file is replaced (the measured run never is).
 */
export function checkOutputFile(flag: string, file: string | undefined): void {
  if (file === undefined) return;
  if (file.trim() === '') throw usage(flag, file, 'the file name is empty. Give a file, e.g. "reports/junit.xml".');
  const resolved = path.resolve(file);
  makeParents(flag, resolved);
  try {
    const info = statSync(resolved);
    if (info.isDirectory()) throw usage(flag, file, 'this is a folder; give a file name inside it.');
    accessSync(resolved, constants.W_OK);
  } catch (error) {
    if (error instanceof ChatproofError) throw error;
    if (fileSystemCode(error) !== 'ENOENT') throw cannotWriteFile(flag, file, error);
    try {
      accessSync(path.dirname(resolved), constants.W_OK);
    } catch (parentError) {
      throw cannotWriteFile(flag, file, parentError);
    }
  }
}

function cannotWriteFile(flag: string, file: string, error: unknown): ChatproofError {
  return usage(flag, file, `cannot be written: ${describeFileSystemError(error)}. Choose a writable path.`);
}

/** Create the folders above `file` (never with Node's recursive mkdir, which can spin forever). */
export function ensureParentFolder(file: string): void {
  makeParents('output', path.resolve(file));
}

/** A folder that exists after this call (for library callers that did not claim one). */
export function ensureFolder(dir: string): void {
  const resolved = path.resolve(dir);
  makeParents('output folder', resolved);
  try {
    mkdirSync(resolved);
  } catch (error) {
    if (fileSystemCode(error) !== 'EEXIST') throw cannotCreate('output folder', dir, error);
  }
}

/**
 * Give back a claimed folder nothing was written to (the target was unreachable, the model could
 * not be found): the marker goes, and the folder too when this process created it. Never throws.
 */
export function releaseOutDir(dir: string): void {
  try {
    if (readdirSync(dir).some((f) => f !== CLAIM_FILE)) return;
    unlinkSync(path.join(dir, CLAIM_FILE));
    if (createdByClaim.delete(path.resolve(dir))) rmdirSync(dir);
  } catch {
    // Best effort: a leftover empty folder costs nothing.
  }
}
