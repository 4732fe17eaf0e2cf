// results.json on disk. Written atomically (a reader never sees half a file); read back, for a
// report or a comparison, with one clear error per way it can be wrong: a baseline downloaded
// from CI is often missing, truncated, or from another tool, and the gate must say which instead
// of failing on a stack trace.
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { ChatproofError, describeFileSystemError, EXIT } from '../core/errors.js';
import type { Results } from '../core/types.js';
import { describeRecovery, recoverResults } from './recover.js';

const SCHEMA_URL = new URL('../../schemas/results.schema.json', import.meta.url);
let validator: ValidateFunction | undefined;

function validateResults(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv({ allErrors: true, strict: false });
    // ajv-formats is CommonJS: its default export arrives wrapped under ESM.
    const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (
      a: Ajv,
    ) => void;
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(SCHEMA_URL, 'utf8')) as object);
  }
  return validator;
}

function fail(file: string, problem: string): never {
  throw new ChatproofError(`${file}: ${problem}`, EXIT.badInput);
}

function describe(error: ErrorObject): string {
  const where = error.instancePath ? error.instancePath.slice(1).replace(/\//g, '.') : '(top level)';
  if (error.keyword === 'additionalProperties')
    return `${where}: unexpected field "${(error.params as { additionalProperty: string }).additionalProperty}"`;
  if (error.keyword === 'required')
    return `${where}: missing field "${(error.params as { missingProperty: string }).missingProperty}"`;
  return `${where}: ${error.message ?? 'invalid'}`;
}

/** A run folder's results.json, or the file itself. */
export function resolveResultsPath(pathOrRunDir: string): string {
  let info: ReturnType<typeof statSync>;
  try {
    info = statSync(pathOrRunDir);
  } catch {
    // The results.json of a run stopped before writing it: rebuilt from turns.jsonl on reading.
    if (
      path.basename(pathOrRunDir) === 'results.json' &&
      existsSync(path.join(path.dirname(pathOrRunDir), 'turns.jsonl'))
    )
      return pathOrRunDir;
    fail(
      pathOrRunDir,
      'no such file or folder. Give a results.json or the run folder that holds it (e.g. ' +
        'reports/20261128-090000Z-breakup).',
    );
  }
  if (!info.isDirectory()) return pathOrRunDir;
  const file = path.join(pathOrRunDir, 'results.json');
  try {
    statSync(file);
  } catch {
    // A run stopped before results.json: readResultsFile rebuilds it from turns.jsonl.
    if (existsSync(path.join(pathOrRunDir, 'turns.jsonl'))) return file;
    fail(
      pathOrRunDir,
      'this folder holds no results.json. Give the folder of a finished chatproof run, or the results.json itself.',
    );
  }
  return file;
}

/** Where a results.json rebuilt from turns.jsonl is announced (stderr by default; tests pass their own). */
let noticeRecovery: (line: string) => void = (line) => process.stderr.write(`${line}\n`);

export function onRecoveryNotice(write: (line: string) => void): void {
  noticeRecovery = write;
}

export function readResultsFile(pathOrRunDir: string): Results {
  const file = resolveResultsPath(pathOrRunDir);
  const dir = path.dirname(file);
  if (path.basename(file) === 'results.json' && !existsSync(file) && existsSync(path.join(dir, 'turns.jsonl'))) {
    const recovered = recoverResults(dir);
    noticeRecovery(
      `note: ${dir} has no results.json (the run was stopped before writing it); its results were ` +
        `${describeRecovery(recovered)}. "chatproof recover ${dir}" saves them.`,
    );
    return recovered.results;
  }
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    fail(file, `cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const truncated = text.trim().length === 0 ? 'it is empty' : `${(error as Error).message}`;
    fail(
      file,
      `is not valid JSON (${truncated}); the file may be truncated or not a results.json. Re-download it or rerun ` +
        `the eval.`,
    );
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    fail(file, 'is not a chatproof results file: expected a JSON object.');
  const record = data as Record<string, unknown>;
  const harness = (record.run as { harness?: { name?: unknown } } | undefined)?.harness?.name;
  if (!('schemaVersion' in record) || harness !== 'chatproof') {
    fail(
      file,
      'is not a chatproof results file: it lacks "schemaVersion" and "run.harness.name": "chatproof". Point to the ' +
        'results.json written by "chatproof eval".',
    );
  }
  if (record.schemaVersion !== 1) {
    fail(
      file,
      `field "schemaVersion" is ${JSON.stringify(record.schemaVersion)}, but this chatproof reads version 1. Rerun ` +
        `the baseline with this chatproof version.`,
    );
  }
  const validate = validateResults();
  if (!validate(data)) {
    const problems = (validate.errors ?? []).slice(0, 3).map(describe).join('; ');
    const more = (validate.errors?.length ?? 0) > 3 ? ` (and ${(validate.errors?.length ?? 0) - 3} more)` : '';
    fail(
      file,
      `does not match schemas/results.schema.json: ${problems}${more}. It may have been edited or written by ` +
        `another chatproof version.`,
    );
  }
  return data as Results;
}

/** Write via a temporary file and rename, so a reader never sees half a results.json. */
export function writeResultsJson(path: string, results: Results): void {
  const tmp = `${path}.tmp-${process.pid}`;
  try {
    writeFileSync(tmp, `${JSON.stringify(results, null, 2)}\n`);
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw new ChatproofError(`${path}: cannot be written: ${describeFileSystemError(error)}.`, EXIT.writeFailed);
  }
}
