// What was tested: enough to tell two reports apart and to rerun the same thing.

import { isSecretName, redactUrl } from '../../../core/redact.js';
import type { ModelParams, Results } from '../../../core/types.js';
import { pageText } from '../../i18n/page-text.js';
import { fill, type ReportLang, strings } from '../../i18n/strings.js';
import { escapeHtml } from '../escape.js';
import { formatDate, formatDuration, formatInt } from '../format.js';
import type { ThinkingCutSummary } from '../thinking-cut.js';

function paramsText(p: ModelParams, lang: ReportLang): string {
  const s = strings(lang);
  const parts = [
    `temperature = ${p.temperature ?? '—'}`,
    `enable_thinking = ${p.enable_thinking ?? '—'}`,
    `max_history_turns = ${p.max_history_turns ?? s.unlimited}`,
  ];
  if (p.top_p !== undefined) parts.push(`top_p = ${p.top_p}`);
  if (p.max_tokens !== undefined) parts.push(`max_tokens = ${p.max_tokens}`);
  if (p.seed !== undefined) parts.push(`seed = ${p.seed}`);
  return parts.join(' · ');
}

function formatValue(value: unknown): string {
  if (Array.isArray(value)) return value.map(formatValue).join(', ');
  if (value !== null && typeof value === 'object')
    return Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${k} ${formatValue(v)}`)
      .join(', ');
  return String(value);
}

/** "idleMs" -> "idle ms": a key no table knows still reads as words. */
function words(key: string): string {
  return key.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Run options in plain words: one row each, known ones named, no raw JSON, no file paths. */
function optionRows(options: Record<string, unknown>, lang: ReportLang): Array<[string, string]> {
  const o = pageText(lang).opt;
  const rows: Array<[string, string]> = [];
  for (const [key, value] of Object.entries(options ?? {})) {
    if (isSecretName(key)) {
      rows.push([words(key), 'REDACTED']);
      continue;
    }
    switch (key) {
      case 'modelPath':
        break; // where the generated model sits on the machine says nothing about the run
      case 'generatedModel':
        if (value) rows.push([o.generatedModel, o.generatedModelValue]);
        break;
      case 'bundledServer':
        if (value) rows.push([o.bundledServer, o.bundledServerValue]);
        break;
      case 'overrides':
        rows.push([o.overrides, formatValue(value)]);
        break;
      case 'timeouts': {
        const parts = Object.entries((value ?? {}) as Record<string, number>).map(([k, ms]) => {
          const name = (o as Record<string, unknown>)[k];
          return `${typeof name === 'string' ? name : words(k)} ${formatDuration(Number(ms), lang)}`;
        });
        rows.push([o.timeouts, parts.join(', ')]);
        break;
      }
      default:
        rows.push([
          typeof (o as Record<string, unknown>)[key] === 'string'
            ? ((o as Record<string, unknown>)[key] as string)
            : words(key),
          typeof value === 'boolean' ? (value ? o.yes : o.no) : formatValue(value),
        ]);
    }
  }
  return rows;
}

function row(label: string, value: string, attr = ''): string {
  return `<tr${attr}><th scope="row">${escapeHtml(label)}</th><td>${escapeHtml(value)}</td></tr>`;
}

/** Said where the run is described, so nobody reads cut thinking as the model's full output. */
function thinkingCutText(cut: ThinkingCutSummary, lang: ReportLang): string {
  const s = strings(lang);
  const { maxChars, maxFailedChars } = cut.limits;
  const failed =
    maxFailedChars === 0
      ? s.thinkingCutFailedAll
      : maxFailedChars > maxChars
        ? fill(s.thinkingCutFailed, { n: formatInt(maxFailedChars, lang) })
        : '';
  return fill(s.thinkingCutValue, {
    max: formatInt(maxChars, lang),
    failed,
    turns: formatInt(cut.turns, lang),
    withThinking: formatInt(cut.turnsWithThinking, lang),
    chars: formatInt(cut.omittedChars, lang),
  });
}

export function renderIdentity(
  results: Results,
  lang: ReportLang,
  baseline?: Results,
  thinkingCut?: ThinkingCutSummary,
): string {
  const s = strings(lang);
  const run = results.run;
  const rows: string[] = [];
  for (const sc of run.scenarios) {
    const name = sc.description ? `${sc.name} — ${sc.description}` : sc.name;
    rows.push(row(s.scenario, `${name} (${sc.turns.length} ${s.turnsUnit} × ${sc.runs}, ${sc.file})`));
    rows.push(row(s.params, paramsText(sc.params, lang)));
    rows.push(row(s.history, sc.history === 'live' ? s.historyLive : s.historyRecorded));
  }
  const model = run.target.model ?? run.scenarios.find((sc) => sc.params.model)?.params.model ?? '—';
  rows.push(row(s.model, model));
  rows.push(row(s.target, redactUrl(run.target.baseUrl), ' data-target'));
  rows.push(row(s.date, formatDate(run.startedAt)));
  rows.push(row(s.duration, formatDuration(run.durationMs, lang)));
  rows.push(
    row(
      s.harness,
      `${run.harness.name} ${run.harness.version} · Node ${run.harness.node} · ` +
        `${run.machine.platform}/${run.machine.arch}, ${run.machine.cpus} CPU`,
    ),
  );
  for (const [label, value] of optionRows(run.options, lang)) rows.push(row(label, value, ' data-option'));
  if (!run.target.stream) rows.push(row(pageText(lang).opt.stream, pageText(lang).opt.no, ' data-option'));
  if (thinkingCut && thinkingCut.turns > 0)
    rows.push(row(s.thinkingCutRow, thinkingCutText(thinkingCut, lang), ' data-thinking-cut'));
  if (baseline)
    rows.push(
      row(s.baseline, fill(s.baselineRun, { id: baseline.run.runId, date: formatDate(baseline.run.startedAt) })),
    );
  return `<section class="identity" id="identity">
<h2>${escapeHtml(s.identity)}</h2>
<table class="kv">${rows.join('\n')}</table>
</section>`;
}
