// The terminal summary: SLO verdicts first, then the latency table, then what failed.
import type { Distribution, Results, SloVerdict, Summary } from '../../core/types.js';
import { formatFigure } from '../../metrics/format.js';
import { figureLabel } from '../../metrics/registry.js';
import { formatMs, formatPercent, inertText, type Palette, padEnd, padStart } from '../text.js';

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

function latencyTable(summary: Summary, c: Palette): string[] {
  const cols = ['p50', 'p90', 'p95', 'p99', 'max'] as const;
  const head = `  ${padEnd('latency (ms)', 26)}${cols.map((k) => padStart(k, 9)).join('')}${padStart('n', 7)}`;
  const rows = LATENCY_ROWS.filter(([key]) => summary.latency[key].count > 0 || key !== 'ttfoMs').map(
    ([key, label]) => {
      const d: Distribution = summary.latency[key];
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
  for (const v of s.slo) lines.push(sloLine(v, s, c));
  lines.push('');
  lines.push(...latencyTable(s, c));
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
  const causes = Object.entries(s.interruptionsByCause);
  if (causes.length > 0) lines.push(`  interruptions by cause: ${causes.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  if (s.conversations.incomplete > 0) {
    lines.push(
      c.yellow(
        `  ${s.conversations.incomplete} conversation(s) incomplete (run stopped before they finished; not counted)`,
      ),
    );
  }
  lines.push(...failureLines(results, c, options.maxFailures ?? 8));
  lines.push('');
  const failed = s.slo.filter((v) => v.passed === false).length;
  const unknown = s.slo.filter((v) => v.passed === null).length;
  const verdict =
    s.verdict === 'pass'
      ? c.green(c.bold(`PASS — all ${s.slo.length} SLOs met`))
      : s.verdict === 'fail'
        ? c.red(c.bold(`FAIL — ${failed} of ${s.slo.length} SLOs missed`))
        : c.yellow(c.bold(`UNKNOWN — ${unknown} SLO(s) could not be measured`));
  lines.push(`  ${verdict}`);
  if (options.resultsPath) lines.push(c.dim(`  results: ${options.resultsPath}`));
  if (options.reportPath) lines.push(c.dim(`  report:  ${options.reportPath}`));
  return `${lines.join('\n')}\n`;
}

function failureLines(results: Results, c: Palette, max: number): string[] {
  const lines: string[] = [];
  for (const turn of results.turns) {
    if (!turn.ok && turn.error && turn.error.cause !== 'aborted') {
      lines.push(
        `  ${c.red('✗')} ${inertText(turn.conversationId, 40)} turn ${turn.turn}: ${turn.error.cause} — ` +
          `${inertText(turn.error.message, 120)}`,
      );
    }
    for (const check of turn.checks) {
      if (!check.passed) {
        lines.push(
          `  ${c.red('✗')} ${inertText(turn.conversationId, 40)} turn ${turn.turn} "${inertText(check.name, 40)}": ` +
            `${whyFailed(check)}`,
        );
      }
    }
  }
  if (lines.length === 0) return [];
  const shown = lines.slice(0, max);
  if (lines.length > max) shown.push(c.dim(`  … and ${lines.length - max} more (see the report)`));
  return ['', c.bold('  What failed'), ...shown];
}

/** A contains miss already names what it looked for ("none of X, Y found"); others need the goal too. */
function whyFailed(check: { expected: string; found: string }): string {
  if (check.found.startsWith('none of')) return inertText(check.found, 100);
  return `wanted ${inertText(check.expected, 50)}; got ${inertText(check.found, 60)}`;
}
