// The terminal summary, in the HTML report's order: the verdict, each SLO, the memory map, the
// failures grouped across conversations (memory first), then latency and paths.
import type { Distribution, Results, SloVerdict, Summary } from '../../core/types.js';
import { formatFigure } from '../../metrics/format.js';
import { figureLabel } from '../../metrics/registry.js';
import { formatMs, formatPercent, type Palette, padEnd, padStart } from '../text.js';
import { failureLines, memoryMapLines } from './memory.js';

const LATENCY_ROWS: Array<[keyof Summary['latency'], string]> = [
  ['ttftMs', 'time to first token'],
  ['e2eMs', 'end-to-end'],
  ['itlMs', 'inter-token (per chunk)'],
  ['tpotMs', 'time per output token'],
  ['ttfoMs', 'time to first thought'],
];

function sloLine(v: SloVerdict, summary: Summary, c: Palette): string {
  const status = v.passed === true ? c.green('PASS') : v.passed === false ? c.red('FAIL') : c.yellow('N/A ');
  let actual = formatFigure(v.metric, v.actual);
  if (v.metric === 'contextAccuracy' && summary.memoryChecks.ci95) {
    const { passed, total, ci95 } = summary.memoryChecks;
    actual += ` (${passed}/${total} checks, 95% CI ${formatPercent(ci95.low, 0)}–${formatPercent(ci95.high, 0)})`;
  } else if (v.metric === 'interruptionRate') {
    actual += ` (${summary.interruptions.passed}/${summary.interruptions.total} conversations)`;
  } else if (v.metric.startsWith('latency.')) {
    const root = v.metric.split('.')[1] as keyof Summary['latency'];
    actual += ` (n=${summary.latency[root]?.count ?? 0})`;
  }
  const goal = `${v.op} ${formatFigure(v.metric, v.threshold)}`;
  return `  ${status}  ${padEnd(figureLabel(v.metric), 28)} ${padEnd(goal, 12)} ${actual}`;
}

/** The one line that says how the run went: first in the summary, and all that --quiet prints. */
export function verdictLine(results: Results, c: Palette): string {
  const s = results.summary;
  const failed = s.slo.filter((v) => v.passed === false).length;
  const unknown = s.slo.filter((v) => v.passed === null).length;
  return s.verdict === 'pass'
    ? c.green(c.bold(`PASS — all ${s.slo.length} SLOs met`))
    : s.verdict === 'fail'
      ? c.red(c.bold(`FAIL — ${failed} of ${s.slo.length} SLOs missed`))
      : c.yellow(c.bold(`UNKNOWN — ${unknown} SLO(s) could not be measured`));
}

/** --quiet: the verdict and where to read more, nothing else. */
export function renderQuietSummary(results: Results, options: TerminalSummaryOptions): string {
  const lines = [`${verdictLine(results, options.palette)} · ${results.run.scenarios.map((x) => x.name).join(', ')}`];
  if (options.reportPath) lines.push(`report:  ${options.reportPath}`);
  if (options.resultsPath) lines.push(`results: ${options.resultsPath}`);
  return `${lines.join('\n')}\n`;
}

// A reply that is not streamed arrives whole: it has no first token and no gaps between tokens.
const NEEDS_STREAM = new Set<keyof Summary['latency']>(['ttftMs', 'itlMs', 'tpotMs', 'ttfoMs']);

function latencyTable(summary: Summary, c: Palette, streamed: boolean): string[] {
  const cols = ['p50', 'p90', 'p95', 'p99', 'max'] as const;
  const head = `  ${padEnd('latency (ms)', 26)}${cols.map((k) => padStart(k, 9)).join('')}${padStart('n', 7)}`;
  const rows = LATENCY_ROWS.filter(([key]) => summary.latency[key].count > 0 || key !== 'ttfoMs').map(
    ([key, label]) => {
      const d: Distribution = summary.latency[key];
      if (!streamed && NEEDS_STREAM.has(key))
        return `  ${padEnd(label, 26)}${c.yellow('not measured (replies not streamed)')}`;
      return (
        `  ` +
        `${padEnd(label, 26)}${cols.map((k) => padStart(formatMs(d[k]), 9)).join('')}${padStart(String(d.count), 7)}`
      );
    },
  );
  return [c.dim(head), ...rows];
}

export interface TerminalSummaryOptions {
  palette: Palette;
  resultsPath?: string;
  reportPath?: string;
  maxFailures?: number;
}

export function renderTerminalSummary(results: Results, options: TerminalSummaryOptions): string {
  const c = options.palette;
  const s = results.summary;
  const lines: string[] = [];
  const names = results.run.scenarios.map((x) => x.name).join(', ');
  lines.push('');
  lines.push(
    c.bold(`chatproof · ${names}`) +
      c.dim(
        ` · ${s.conversations.total} conversations · ${s.turns.total} turns · ${results.run.target.baseUrl}` +
          (results.run.target.model ? ` (${results.run.target.model})` : ''),
      ),
  );
  if (results.run.options.generatedModel) {
    lines.push(c.yellow('  ⚠ generated test model: these figures show plumbing and latency only, never model quality'));
  }
  lines.push('');
  lines.push(`  ${verdictLine(results, c)}`);
  for (const v of s.slo) lines.push(sloLine(v, s, c));
  lines.push(...memoryMapLines(results, c));
  lines.push(...failureLines(results, c, options.maxFailures ?? 6));
  lines.push('');
  lines.push(...latencyTable(s, c, results.run.target.stream !== false));
  lines.push('');
  const tokenSources = Object.entries(s.tokenCountSource)
    .map(([k, n]) => `${n} from ${k}`)
    .join(', ');
  lines.push(
    `  output tokens ${s.outputTokens} (${tokenSources || 'none'}) · throughput ` +
      `${s.outputTokensPerSecond === null ? '–' : s.outputTokensPerSecond.toFixed(1)} tok/s` +
      ` · tokens/s per reply p50 ${s.tokensPerSecond.p50 === null ? '–' : s.tokensPerSecond.p50.toFixed(1)}` +
      (s.tokensPerChunk === null ? '' : ` · ${s.tokensPerChunk.toFixed(2)} tokens/chunk`),
  );
  if (s.conversations.incomplete > 0) {
    lines.push(
      c.yellow(
        `  ${s.conversations.incomplete} conversation(s) incomplete (run stopped before they finished; not counted)`,
      ),
    );
  }
  lines.push('');
  if (options.resultsPath) lines.push(c.dim(`  results: ${options.resultsPath}`));
  if (options.reportPath) lines.push(c.dim(`  report:  ${options.reportPath}`));
  return `${lines.join('\n')}\n`;
}
