// The terminal view of a load run: one row per level, then the knee and harness health.
// Formatting only: every number comes from the load section.

import type { LoadLevel, LoadSection } from '../../core/types.js';
import { byLoad } from '../../load/knee.js';
import { loadLabel } from '../../load/levels.js';
import { formatMs, formatPercent, type Palette, padEnd, padStart } from '../text.js';

const COLUMNS: Array<[string, number, (l: LoadLevel) => string]> = [
  ['level', 6, (l) => String(l.index)],
  ['load', 10, (l) => loadLabel(l)],
  ['conv', 6, (l) => String(l.counts.conversations)],
  ['req/s', 8, (l) => l.figures.requestsPerSecond.toFixed(1)],
  ['tok/s', 8, (l) => l.figures.outputTokensPerSecond.toFixed(0)],
  ['goodput', 9, (l) => `${l.figures.goodput.toFixed(2)}/s`],
  ['TTFT p50', 9, (l) => formatMs(l.figures.latency.ttftMs.p50)],
  ['p95', 7, (l) => formatMs(l.figures.latency.ttftMs.p95)],
  ['p99', 7, (l) => formatMs(l.figures.latency.ttftMs.p99)],
  ['E2E p50', 8, (l) => formatMs(l.figures.latency.e2eMs.p50)],
  ['p95', 7, (l) => formatMs(l.figures.latency.e2eMs.p95)],
  ['p99', 7, (l) => formatMs(l.figures.latency.e2eMs.p99)],
  ['queue p99', 10, (l) => formatMs(l.figures.latency.queuedMs.p99)],
  ['accuracy', 9, (l) => formatPercent(l.figures.contextAccuracy)],
  ['interr.', 8, (l) => formatPercent(l.figures.interruptionRate)],
];

function verdictCell(level: LoadLevel, c: Palette): string {
  const invalid = level.health.some((h) => !h.valid);
  const v = level.verdict === 'pass' ? c.green('PASS') : level.verdict === 'fail' ? c.red('FAIL') : c.yellow('N/A');
  return (
    `${v}${invalid ? c.yellow(' (harness behind)') : ''}` +
    `${level.cut ? c.dim(` (${level.cut.replace('_', ' ')})`) : ''}`
  );
}

/** One line per level for live progress. */
export function levelLine(level: LoadLevel, c: Palette): string {
  const f = level.figures;
  return (
    `  level ${level.index} · ${loadLabel(level)} · ${level.counts.conversations} conversations · ` +
    `E2E p95 ${formatMs(f.latency.e2eMs.p95)} ms · TTFT p95 ${formatMs(f.latency.ttftMs.p95)} ms · ` +
    `goodput ${f.goodput.toFixed(2)}/s · ${verdictCell(level, c)}`
  );
}

export function renderLoadSummary(section: LoadSection, c: Palette, resultsPath?: string): string {
  const lines: string[] = [''];
  lines.push(
    c.bold(
      `Load (${section.shape} loop${section.shards.length > 1 ? `, ${section.shards.length} shards merged` : ''}; ` +
        `latency in ms)`,
    ),
  );
  lines.push(c.dim(`  ${COLUMNS.map(([h, w]) => padStart(h, w)).join('')}  SLOs`));
  // By load, not run order: a refined sweep runs 1, 2, 4, 8, 6, 5; the level column keeps the run order.
  const levels = byLoad(section.levels);
  for (const level of levels) {
    lines.push(`  ${COLUMNS.map(([, w, cell]) => padStart(cell(level), w)).join('')}  ${verdictCell(level, c)}`);
  }
  for (const level of levels) {
    for (const v of level.slo.filter((s) => s.passed === false)) {
      lines.push(
        c.dim(
          `  level ${level.index}: ${v.source} — actual ${v.actual === null ? 'no data' : Number(v.actual.toFixed(3))}`,
        ),
      );
    }
  }
  lines.push('');
  lines.push(c.bold('Harness health') + c.dim(' (the load generator itself; a level is invalid when it falls behind)'));
  for (const level of levels) {
    for (const h of level.health) {
      const status = h.valid ? c.green('ok') : c.red(`INVALID: ${h.problems.join('; ')}`);
      const suspect = h.timingSuspect;
      const stalls = suspect
        ? `timed through a stall > ${suspect.limitMs} ms: ${suspect.turns} of ${suspect.of} turns · `
        : '';
      lines.push(
        `  ${padEnd(`level ${level.index}`, 10)} ${stalls}event-loop p99 ${formatMs(h.eventLoopLagMs.p99)} ms · ` +
          `schedule lag p99 ${formatMs(h.scheduleLagMs.p99)} ms · CPU ${(h.cpuCores * 100).toFixed(0)}% of a core · ` +
          `${status}`,
      );
    }
  }
  lines.push('');
  const knee = section.knee;
  if (knee) {
    const level = section.levels.find((l) => l.index === knee.level);
    lines.push(
      level
        ? c.bold(`Knee: ${loadLabel(level)} (level ${level.index}) is the largest load meeting every SLO`) +
            c.dim(` — ${knee.reason}`)
        : c.red(`Knee: no level met every SLO`) + c.dim(` — ${knee.reason}`),
    );
  }
  if (section.raw) {
    const r = section.raw;
    lines.push(
      `Raw capacity (autocannon, ${r.connections} connections, non-streaming): ${r.requestsPerSecond.toFixed(1)} ` +
        `req/s, ` +
        `latency p50 ${r.latencyMs.p50} ms p99 ${r.latencyMs.p99} ms, ${r.errors} errors, ${r.non2xx} non-2xx`,
    );
    if (r.chatproof) {
      lines.push(
        `  chatproof client, same request: ${r.chatproof.requestsPerSecond.toFixed(1)} req/s, E2E p50 ` +
          `${formatMs(r.chatproof.e2eMs.p50)} ms p99 ${formatMs(r.chatproof.e2eMs.p99)} ms`,
      );
    }
  }
  if (resultsPath) lines.push(c.dim(`Results: ${resultsPath}`));
  return `${lines.join('\n')}\n`;
}
