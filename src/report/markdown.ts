// A Markdown summary for CI pages ($GITHUB_STEP_SUMMARY, GitLab MR notes): verdict first,
// SLOs, latency, then the comparison with its bounds and the reasons behind each verdict.
// Scenario and check names come from users and model text never appears, but names are still
// escaped so a "|" or "<" cannot break the table or inject markup.

import type { Comparison } from '../compare/types.js';
import type { Distribution, Results } from '../core/types.js';
import { levelReason } from '../gate/load-gate.js';
import type { LoadGate } from '../gate/types.js';
import { formatFigure } from '../metrics/format.js';
import { figureLabel } from '../metrics/registry.js';
import {
  levelCoverage,
  rowBounds,
  rowChange,
  rowLabel,
  rowSamples,
  rowValue,
  VERDICT_HEADLINE,
  VERDICT_WORD,
} from './compare/format.js';
import { byLoadOrder, gateScope, kneeText, STATUS_WORD, sloSummary } from './compare/load.js';
import { formatMs, formatPercent } from './text.js';

export function escapeMarkdown(text: string): string {
  return String(text)
    .replace(/[\r\n]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#!])/g, '\\$1');
}

const ICON: Record<string, string> = {
  pass: '✅',
  fail: '❌',
  unknown: '⚠️',
  invalid: '⚠️',
  regression: '❌',
  inconclusive: '⚠️',
  'no-data': '➖',
};

function latencyLine(label: string, d: Distribution): string {
  return (
    `| ${label} | ${formatMs(d.p50)} | ${formatMs(d.p95)} | ${formatMs(d.p99)} | ${formatMs(d.max)} | ` + `${d.count} |`
  );
}

export function renderMarkdownSummary(results: Results, comparison?: Comparison, loadGate?: LoadGate): string {
  const s = results.summary;
  const out: string[] = [];
  const names = results.run.scenarios.map((x) => escapeMarkdown(x.name)).join(', ');
  // A load run is judged per level (loadGate), not by the summary pooled over every level.
  const own = loadGate ? (loadGate.verdict === 'invalid' ? 'unknown' : loadGate.verdict) : s.verdict;
  const gate =
    own === 'fail' || comparison?.verdict === 'regression'
      ? 'fail'
      : own === 'unknown' || comparison?.verdict === 'inconclusive'
        ? 'unknown'
        : 'pass';
  out.push(`## ${ICON[gate]} chatproof: ${gate === 'pass' ? 'PASS' : gate === 'fail' ? 'FAIL' : 'CHECK'} · ${names}`);
  out.push('');
  out.push(
    `${s.conversations.total} conversations · ${s.turns.total} turns · target ` +
      `\`${escapeMarkdown(results.run.target.baseUrl).replace(/`/g, '')}\`` +
      (results.run.target.model ? ` · model ${escapeMarkdown(results.run.target.model)}` : '') +
      ` · chatproof ${escapeMarkdown(results.run.harness.version)}`,
  );
  out.push('');
  if (loadGate) {
    out.push(...loadSection(loadGate, results));
    if (comparison) out.push(...comparisonSection(comparison));
    return `${out.join('\n')}\n`;
  }
  if (s.slo.length) {
    out.push('| | SLO | goal | measured |', '|---|---|---|---|');
    for (const v of s.slo) {
      const icon = v.passed === true ? ICON.pass : v.passed === false ? ICON.fail : ICON.unknown;
      out.push(
        `| ${icon} | ${escapeMarkdown(figureLabel(v.metric))} | ${v.op} ${formatFigure(v.metric, v.threshold)} | ` +
          `${formatFigure(v.metric, v.actual)} |`,
      );
    }
    out.push('');
  }
  const acc = s.memoryChecks;
  out.push(
    `Context accuracy ${formatPercent(acc.rate)} (${acc.passed}/${acc.total} memory checks` +
      (acc.ci95 ? `, 95% CI ${formatPercent(acc.ci95.low, 0)}–${formatPercent(acc.ci95.high, 0)}` : '') +
      `) · interruption rate ${formatPercent(s.interruptionRate)} ` +
      `(${s.interruptions.passed}/${s.interruptions.total} conversations)`,
  );
  out.push('');
  out.push('| latency (ms) | P50 | P95 | P99 | max | n |', '|---|---:|---:|---:|---:|---:|');
  out.push(
    latencyLine('time to first token', s.latency.ttftMs),
    latencyLine('end-to-end', s.latency.e2eMs),
    latencyLine('inter-token (per chunk)', s.latency.itlMs),
  );
  out.push('');
  if (comparison) out.push(...comparisonSection(comparison));
  return `${out.join('\n')}\n`;
}

function comparisonSection(comparison: Comparison): string[] {
  const out: string[] = [];
  out.push(`### ${ICON[comparison.verdict]} Against the baseline: ${VERDICT_HEADLINE[comparison.verdict]}`);
  out.push('');
  const coverage = levelCoverage(comparison);
  if (coverage) out.push(escapeMarkdown(coverage), '');
  out.push(
    `Baseline run \`${escapeMarkdown(comparison.baselineRunId).replace(/`/g, '')}\` · tolerance ` +
      `+${(comparison.options.tolerance * 100).toFixed(0)}% · alpha ${comparison.options.alpha} (Bonferroni: ` +
      `bounds one-sided ${((1 - comparison.figureAlpha) * 100).toFixed(1)}% each)`,
  );
  out.push('');
  out.push(
    '| figure | baseline | candidate | change | bounds | samples | verdict |',
    '|---|---:|---:|---:|---|---|---|',
  );
  for (const row of comparison.rows) {
    out.push(
      `| ${escapeMarkdown(rowLabel(row))} | ${escapeMarkdown(rowValue(row, 'baseline'))} | ` +
        `${escapeMarkdown(rowValue(row, 'candidate'))} | ${rowChange(row)} | ${rowBounds(row)} | ` +
        `${rowSamples(row)} | ${ICON[row.verdict]} ${VERDICT_WORD[row.verdict]} |`,
    );
  }
  out.push('');
  for (const row of comparison.rows.filter((r) => r.verdict === 'regression' || r.verdict === 'inconclusive')) {
    out.push(`- **${escapeMarkdown(rowLabel(row))}**: ${escapeMarkdown(row.reason)}`);
  }
  for (const note of comparison.notes ?? []) out.push(`- ℹ️ ${escapeMarkdown(note)}`);
  const unfair = comparison.differences.filter((d) => d.severity === 'unfair');
  if (unfair.length) {
    out.push('', '**The comparison may be unfair:**');
    for (const d of unfair) out.push(`- ⚠️ ${escapeMarkdown(d.message)}`);
  }
  const notes = comparison.differences.filter((d) => d.severity === 'note');
  if (notes.length) {
    out.push('', '<details><summary>Other differences between the runs</summary>', '');
    for (const d of notes) out.push(`- ${escapeMarkdown(d.message)}`);
    out.push('', '</details>');
  }
  out.push('', `<details><summary>Method</summary>\n\n${escapeMarkdown(comparison.method)}\n\n</details>`, '');
  return out;
}

function loadSection(gate: LoadGate, results: Results): string[] {
  const out: string[] = [];
  out.push(`### Load levels (${gate.shape} loop${gate.sweep ? ', sweep' : ''})`, '');
  out.push(
    `SLOs: ${gate.slos.map((x) => `\`${x.source.replace(/`/g, '')}\``).join(', ') || 'none'}. ` +
      `${escapeMarkdown(capitalize(gateScope(gate)))}; a level whose harness fell behind never counts as a pass.`,
    '',
  );
  out.push('| | level | load | status | gated | SLOs | why |', '|---|---:|---|---|---|---|---|');
  for (const level of byLoadOrder(gate.levels)) {
    out.push(
      `| ${ICON[level.status]} | ${level.index} | ${escapeMarkdown(level.label)} | ${STATUS_WORD[level.status]} | ` +
        `${level.gated ? 'yes' : 'no'} | ${escapeMarkdown(sloSummary(level))} | ` +
        `${level.status === 'pass' ? '' : escapeMarkdown(levelReason(level))} |`,
    );
  }
  out.push('', `Knee: ${escapeMarkdown(kneeText(gate))}`, '');
  out.push(
    '| level | load | TTFT P50 | TTFT P95 | E2E P50 | E2E P95 (ms) | accuracy | interruptions | goodput |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  );
  const levels = results.load?.levels ?? [];
  for (const level of byLoadOrder(gate.levels)) {
    const f = levels.find((l) => l.index === level.index)?.figures;
    if (!f) continue;
    out.push(
      `| ${level.index} | ${escapeMarkdown(level.label)} | ${formatMs(f.latency.ttftMs.p50)} | ` +
        `${formatMs(f.latency.ttftMs.p95)} | ${formatMs(f.latency.e2eMs.p50)} | ${formatMs(f.latency.e2eMs.p95)} | ` +
        `${formatPercent(f.contextAccuracy)} | ${formatPercent(f.interruptionRate)} | ${f.goodput.toFixed(2)}/s |`,
    );
  }
  out.push('');
  for (const check of gate.checks)
    out.push(`- ${ICON[check.outcome]} **${escapeMarkdown(check.name)}**: ${escapeMarkdown(check.message)}`);
  out.push('');
  return out;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
