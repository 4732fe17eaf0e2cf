// The load gate in words, shared by the terminal, Markdown and JUnit: one row per level (sorted
// by load: a refined sweep runs levels out of order), the gate's decisions, the knee.

import { levelReason } from '../../gate/load-gate.js';
import type { LoadGate, LoadGateCheck } from '../../gate/types.js';
import type { LevelJudgement } from '../../load/judge-levels.js';
import { formatFigure } from '../../metrics/format.js';
import { figureLabel } from '../../metrics/registry.js';
import { type Palette, padEnd, padStart } from '../text.js';

export const STATUS_WORD: Record<LevelJudgement['status'] | LoadGateCheck['outcome'], string> = {
  pass: 'PASS',
  fail: 'FAIL',
  unknown: 'N/A',
  invalid: 'INVALID',
};

export function byLoadOrder(levels: readonly LevelJudgement[]): LevelJudgement[] {
  return [...levels].sort((a, b) => a.load - b.load || a.index - b.index);
}

/** "e2e.p95 <= 800ms: 912 ms" for each SLO, failed ones first. */
export function sloSummary(level: LevelJudgement): string {
  const sorted = [...level.slo].sort((a, b) => Number(a.passed !== false) - Number(b.passed !== false));
  return sorted
    .map(
      (v) =>
        `${v.passed === false ? '✗' : v.passed === null ? '?' : '✓'} ${figureLabel(v.metric)} ${v.op} ` +
        `${formatFigure(v.metric, v.threshold)}: ${formatFigure(v.metric, v.actual)}`,
    )
    .join(' · ');
}

export function kneeText(gate: LoadGate): string {
  return gate.knee.label !== null
    ? `${gate.knee.label} (level ${gate.knee.index})`
    : 'none: no level met every SLO with a valid harness';
}

/** What decides the gate, in one line: which levels, or the knee. */
export function gateScope(gate: LoadGate): string {
  const kinds = new Set(gate.checks.map((c) => c.kind));
  if (kinds.has('sweep-knee')) return 'a sweep passes when it found a knee (its failing levels are where it stopped)';
  if (kinds.has('every-level')) return 'every level must meet every SLO with a valid harness';
  return `only ${gate.checks.map((c) => c.name).join(', ')} decide${gate.checks.length === 1 ? 's' : ''}`;
}

function colour(word: string, status: string, c: Palette): string {
  return status === 'pass' ? c.green(word) : status === 'fail' ? c.red(word) : c.yellow(word);
}

export function renderLoadGateTerminal(gate: LoadGate, c: Palette): string[] {
  const lines: string[] = [];
  lines.push(
    c.bold(
      `Load gate (${gate.shape} loop${gate.sweep ? ', sweep' : ''}): ` +
        `${gate.slos.map((s) => s.source).join(', ') || 'no SLOs'}`,
    ),
  );
  lines.push(c.dim(`  ${gateScope(gate)}; a level whose harness fell behind never counts as a pass`));
  lines.push(c.dim(`  ${padStart('level', 5)}  ${padEnd('load', 12)}${padEnd('status', 9)}${padEnd('gated', 7)}SLOs`));
  for (const level of byLoadOrder(gate.levels)) {
    const word = colour(padEnd(STATUS_WORD[level.status], 9), level.status, c);
    lines.push(
      `  ${padStart(String(level.index), 5)}  ` +
        `${padEnd(level.label, 12)}${word}${padEnd(level.gated ? 'yes' : 'no', 7)}${sloSummary(level)}`,
    );
    if (level.status !== 'pass') lines.push(c.dim(`         ${levelReason(level)}`));
  }
  lines.push(`  knee: ${kneeText(gate)}`);
  for (const check of gate.checks) {
    lines.push(`  ${colour(STATUS_WORD[check.outcome], check.outcome, c)}  ${check.name}: ${check.message}`);
  }
  return lines;
}
