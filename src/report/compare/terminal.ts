// The compare table in the terminal: one line per figure, the verdict last.
import type { Comparison } from '../../compare/types.js';
import { inertText, type Palette, padEnd, padStart } from '../text.js';
import {
  levelCoverage,
  rowBounds,
  rowChange,
  rowLabel,
  rowSamples,
  rowValue,
  VERDICT_HEADLINE,
  VERDICT_WORD,
} from './format.js';

/** "P50 bounds one-sided 99.1%, P95 99.7%, rates 99.4%": each row's level (weighted Bonferroni). */
export function boundsLevels(comparison: Comparison): string {
  const pct = (a: number): string => `${((1 - a) * 100).toFixed(1)}%`;
  const a = comparison.figureAlpha;
  const p50 = comparison.rows.find((r) => r.kind === 'latency' && r.metric.endsWith('.p50') && r.alpha);
  const p95 = comparison.rows.find((r) => r.kind === 'latency' && r.metric.endsWith('.p95') && r.alpha);
  const level = (r: typeof p50): number => (r && r.kind === 'latency' && r.alpha ? r.alpha : a);
  return `bounds one-sided: P50 ${pct(level(p50))}, P95 ${pct(level(p95))}, rates ${pct(a)}`;
}

export function renderCompareTable(comparison: Comparison, c: Palette): string {
  const lines: string[] = [];
  lines.push(
    c.bold(
      `chatproof compare · baseline ${inertText(comparison.baselineRunId, 60)} → candidate ` +
        `${inertText(comparison.candidateRunId, 60)}`,
    ),
  );
  lines.push(
    c.dim(
      `  scenarios: ${comparison.scenarios.map((s) => inertText(s, 40)).join(', ')} · tolerance ` +
        `+${(comparison.options.tolerance * 100).toFixed(0)}% · alpha ${comparison.options.alpha} over ` +
        `${Math.round(comparison.options.alpha / comparison.figureAlpha)} figures (${boundsLevels(comparison)})`,
    ),
  );
  const coverage = levelCoverage(comparison);
  if (coverage) lines.push(c.dim(`  ${coverage}`));
  const history = comparison.baselineHistory;
  if (history) {
    lines.push(
      c.dim(
        `  baseline history: ${history.runIds.length} runs pooled ` +
          `(${history.runIds.map((r) => inertText(r, 40)).join(', ')})` +
          (history.skipped.length ? `; ${history.skipped.length} skipped` : ''),
      ),
    );
  }
  for (const d of comparison.differences) {
    const line = `  ${d.severity === 'unfair' ? '⚠' : 'ℹ'} ${inertText(d.message, 200)}`;
    lines.push(d.severity === 'unfair' ? c.yellow(line) : c.dim(line));
  }
  // A figure not compared (ITL without turns.jsonl) is said up front, not left to a NO DATA row.
  for (const note of comparison.notes ?? []) lines.push(`  ℹ ${inertText(note, 600)}`);
  lines.push('');
  lines.push(
    c.dim(
      `  ` +
        `${padEnd('figure', comparison.load ? 44 : 30)}${padStart('baseline', 20)}${padStart('candidate', 20)}` +
        `${padStart('change', 11)}  ${padEnd('bounds', 22)}${padEnd('samples', 24)}verdict`,
    ),
  );
  for (const row of comparison.rows) {
    const word = VERDICT_WORD[row.verdict];
    const coloured =
      row.verdict === 'pass' ? c.green(word) : row.verdict === 'regression' ? c.red(word) : c.yellow(word);
    lines.push(
      `  ` +
        `${padEnd(rowLabel(row), comparison.load ? 44 : 30)}${padStart(rowValue(row, 'baseline'), 20)}` +
        `${padStart(rowValue(row, 'candidate'), 20)}` +
        `${padStart(rowChange(row), 11)}  ${padEnd(rowBounds(row), 22)}${padEnd(rowSamples(row), 24)}${coloured}`,
    );
  }
  const notes = comparison.rows.filter((r) => r.verdict === 'regression' || r.verdict === 'inconclusive');
  if (notes.length) {
    lines.push('');
    for (const r of notes)
      lines.push(`  ${r.verdict === 'regression' ? c.red('✗') : c.yellow('?')} ${rowLabel(r)}: ${r.reason}`);
  }
  lines.push('');
  const headline = `${comparison.verdict.toUpperCase()} — ${VERDICT_HEADLINE[comparison.verdict]}`;
  const colour = comparison.verdict === 'pass' ? c.green : comparison.verdict === 'regression' ? c.red : c.yellow;
  lines.push(`  ${colour(c.bold(headline))}`);
  return `${lines.join('\n')}\n`;
}
