// Right under the verdict: the memory map (fact x probe turn, passed/total, coloured, each cell a
// link to the first failing reply) and the three or four things a PM should look at first.
import type { Results } from '../../../core/types.js';
import { type Finding, findings, type MemoryCell, memoryMaps } from '../../findings.js';
import { pageText } from '../../i18n/page-text.js';
import { causeLabel, fill, type ReportLang } from '../../i18n/strings.js';
import { escapeHtml } from '../escape.js';
import { formatMetric, metricLabel } from '../metrics.js';

/** The page id of a turn in the transcripts (the page script gives turns the same id). */
export function turnAnchor(results: Results, conversationId: string, turn: number): string {
  const index = results.conversations.findIndex((c) => c.id === conversationId);
  return `t-${index}-${turn}`;
}

function replyOf(results: Results, conversationId: string, turn: number): string {
  return results.turns.find((t) => t.conversationId === conversationId && t.turn === turn)?.content ?? '';
}

function cellClass(cell: MemoryCell): string {
  if (cell.total === 0) return 'mm-none';
  if (cell.passed === cell.total) return 'mm-pass';
  return cell.passed === 0 ? 'mm-fail' : 'mm-some';
}

function cellHtml(results: Results, lang: ReportLang, name: string, cell: MemoryCell | undefined): string {
  const t = pageText(lang);
  if (!cell) return `<td class="mm-cell mm-empty" title="${escapeHtml(t.notProbed)}">·</td>`;
  if (cell.total === 0) return `<td class="mm-cell mm-none" data-turn="${cell.turn}">${escapeHtml(t.notJudged)}</td>`;
  const count = `${cell.passed}/${cell.total}`;
  const failing = cell.failedConversations[0];
  const title = fill(t.cellTitle, { name, passed: cell.passed, total: cell.total });
  const attrs =
    `class="mm-cell ${cellClass(cell)}" data-turn="${cell.turn}" ` +
    `data-passed="${cell.passed}" data-total="${cell.total}"`;
  if (failing === undefined) return `<td ${attrs} title="${escapeHtml(title)}">${count}</td>`;
  // The failing reply on hover too, so even a page without JavaScript shows what was said.
  const reply = replyOf(results, failing, cell.turn);
  const hover = `${title} — ${failing}: ${Array.from(reply).slice(0, 200).join('')}`;
  return (
    `<td ${attrs}><a class="mm-link" href="#${turnAnchor(results, failing, cell.turn)}" ` +
    `title="${escapeHtml(hover)}">${count}</a></td>`
  );
}

function findingText(f: Finding, lang: ReportLang): string {
  const t = pageText(lang);
  const turns = f.turns.join(t.listSep);
  const values = { failed: f.failed, total: f.total, turns, name: f.name, text: f.factText ?? '', fact: f.fact ?? '' };
  switch (f.kind) {
    case 'memory':
      return fill(f.factText === undefined ? t.findingMemoryCheck : t.findingMemory, values);
    case 'interruption':
      return fill(t.findingInterruption, { ...values, cause: causeLabel(f.name as never, lang) });
    case 'latency':
      return fill(t.findingLatency, {
        label: metricLabel(f.name, lang),
        actual: formatMetric(f.name, f.actual, lang),
        goal: formatMetric(f.name, f.goal, lang),
        turns,
      });
    default:
      return fill(t.findingCheck, values);
  }
}

/** At most four lines, memory first (findings() orders them). */
export function topFindings(results: Results, max = 4): Finding[] {
  return findings(results).slice(0, max);
}

function findingsHtml(results: Results, lang: ReportLang): string {
  const t = pageText(lang);
  const top = topFindings(results);
  const multi = results.run.scenarios.length > 1;
  const items = top.map((f) => {
    const link = f.first
      ? ` <a href="#${turnAnchor(results, f.first.conversationId, f.first.turn)}">${escapeHtml(t.readReply)}</a>`
      : '';
    const scenario = multi && f.scenario ? `${f.scenario}: ` : '';
    return `<li class="finding finding-${f.kind}">${escapeHtml(scenario + findingText(f, lang))}${link}</li>`;
  });
  const body = items.length
    ? `<ol class="findings">${items.join('')}</ol>`
    : `<p class="findings-none">${escapeHtml(t.noFindings)}</p>`;
  return `<div class="look-first" id="look-first"><h3>${escapeHtml(t.lookFirst)}</h3>${body}</div>`;
}

function mapsHtml(results: Results, lang: ReportLang): string {
  const t = pageText(lang);
  const maps = memoryMaps(results);
  if (maps.length === 0) return `<p class="help">${escapeHtml(t.memoryNone)}</p>`;
  return maps
    .map((map) => {
      const head = map.turns.map((n) => `<th scope="col">${escapeHtml(fill(t.turnCol, { n }))}</th>`).join('');
      const rows = map.rows.map((row) => {
        const about = [row.fact ?? '', row.statedAt === undefined ? '' : fill(t.statedAt, { n: row.statedAt })];
        const aboutText = about.filter(Boolean).join(' · ');
        const id = aboutText ? ` <small class="mm-id">${escapeHtml(aboutText)}</small>` : '';
        const cells = map.turns.map((n) =>
          cellHtml(
            results,
            lang,
            row.text,
            row.cells.find((c) => c.turn === n),
          ),
        );
        const fact = row.fact === undefined ? '' : ` data-fact="${escapeHtml(row.fact)}"`;
        return `<tr${fact}><th scope="row">${escapeHtml(row.text)}${id}</th>${cells.join('')}</tr>`;
      });
      const caption = maps.length > 1 ? `<caption>${escapeHtml(map.scenario)}</caption>` : '';
      return (
        `<div class="table-wrap"><table class="memory-map" data-scenario="${escapeHtml(map.scenario)}">${caption}` +
        `<thead><tr><th scope="col">${escapeHtml(t.memoryFact)}</th>${head}</tr></thead>` +
        `<tbody>${rows.join('')}</tbody></table></div>`
      );
    })
    .join('\n');
}

export function renderMemoryMap(results: Results, lang: ReportLang): string {
  const t = pageText(lang);
  return `<section class="memory" id="memory">
<h2>${escapeHtml(t.memoryMap)}</h2>
<p class="help">${escapeHtml(t.memoryMapHelp)}</p>
${mapsHtml(results, lang)}
${findingsHtml(results, lang)}
</section>`;
}
