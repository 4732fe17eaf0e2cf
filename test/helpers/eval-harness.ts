// Shared pieces for the eval end-to-end tests: temp folders, scenario files, running the CLI.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

export function tempDir(prefix = 'chatproof-test-'): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeScenario(dir: string, name: string, yaml: string): string {
  const file = path.join(dir, `${name}.yaml`);
  writeFileSync(file, yaml);
  return file;
}

/** A three-turn scenario whose turn-3 memory check looks for the city named at turn 1. */
export const MEMORY_SCENARIO = `
name: memory-mini
system: You are a helpful assistant.
params: { temperature: 0.2, max_tokens: 64 }
runs: 2
facts:
  city: { turn: 1, text: the user lives in Lisbon }
turns:
  - user: I live in Lisbon.
    assistant: Lisbon is lovely.
    checks:
      - contains: [Lisbon]
  - user: What should I pack for a weekend?
    assistant: Pack light layers.
  - user: Where do I live?
    checks:
      - fact: city
        contains: [Lisbon, Lisboa]
      - not_contains: [Porto]
`;

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * The environment for a child process run through tsx, untracked by tap's coverage: tsx
 * compiles a file to other lines than tap's own loader does, and merging the two source maps of
 * one file made the suite's coverage flip between ~85% and ~95% from run to run (by file
 * order). What children run is covered in-process by other tests.
 */
export function childEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  // tap's processinfo wraps spawn and copies its own variables into the child, except those the
  // child's env sets itself: "0" switches its coverage off (register-coverage.js).
  return { ...process.env, ...extra, _TAPJS_PROCESSINFO_COVERAGE_: '0' };
}

/** Run the real CLI in a child process (tsx), as a user would. */
export function runCli(
  args: string[],
  options: { env?: NodeJS.ProcessEnv; onSpawn?: (child: ReturnType<typeof spawn>) => void; timeoutMs?: number } = {},
): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'src/cli/main.ts'), ...args], {
      cwd: ROOT,
      env: childEnv({ NO_COLOR: '1', ...options.env }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
    options.onSpawn?.(child);
  });
}
