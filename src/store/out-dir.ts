// Where a run's files go.
import path from 'node:path';
import type { Scenario } from '../core/types.js';

/** reports/<UTC timestamp>-<scenario names>: sorts by time, says what ran. */
export function defaultOutDir(scenarios: Scenario[], now: Date, root = 'reports'): string {
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
