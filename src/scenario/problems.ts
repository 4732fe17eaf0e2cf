// Problems found in a scenario, and the error that carries all of them at once.
import { ChatproofError } from '../core/errors.js';

/**
 * One problem, located in the YAML source. `line`/`column` are 1-based and absent when the
 * problem comes from a `--set` override rather than the file (then `file` names the flag).
 * `path` is the data path of the offending field, with 0-based list indices: `turns[1].checks[0]`.
 */
export interface ScenarioProblem {
  file: string;
  line?: number;
  column?: number;
  path: string;
  message: string;
}

/** "file:line:col: path: message", the shape compilers and editors link to. */
export function formatProblem(problem: ScenarioProblem): string {
  const where = problem.line === undefined ? problem.file : `${problem.file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path ? `${where}: ${problem.path}: ${problem.message}` : `${where}: ${problem.message}`;
}

/** File problems by position first; override and whole-file problems (no line) come first. */
export function sortProblems(problems: ScenarioProblem[]): ScenarioProblem[] {
  return [...problems].sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));
}

/** A scenario that cannot be used: every problem found, one per line in `.message`. */
export class ScenarioError extends ChatproofError {
  readonly problems: ScenarioProblem[];

  constructor(problems: ScenarioProblem[]) {
    const sorted = sortProblems(problems);
    super(sorted.map(formatProblem).join('\n'));
    this.name = 'ScenarioError';
    this.problems = sorted;
  }
}

/** Data path from segments: ["turns", 1, "checks", 0] -> "turns[1].checks[0]". */
export function formatPath(segments: readonly (string | number)[]): string {
  let out = '';
  for (const segment of segments) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else if (/^[\p{L}\p{N}_-]+$/u.test(segment)) out += out ? `.${segment}` : segment;
    else out += `[${JSON.stringify(segment)}]`;
  }
  return out;
}
