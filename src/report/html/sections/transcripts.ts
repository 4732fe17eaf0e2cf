// The frame of the transcripts; the page script fills it from the embedded data, so a
// thousand conversations cost one JSON block instead of megabytes of markup.
import type { Results } from '../../../core/types.js';
import { fill, type ReportLang, strings } from '../../i18n/strings.js';
import { escapeHtml } from '../escape.js';
import { isFailedConversation } from '../transcript-data.js';

export function renderTranscripts(results: Results, lang: ReportLang): string {
  const s = strings(lang);
  const total = results.conversations.length;
  const failures = results.conversations.filter((c) => isFailedConversation(c, results)).length;
  return `<section class="transcripts" id="transcripts">
<h2>${escapeHtml(s.transcripts)}</h2>
<p class="help">${escapeHtml(s.transcriptsHelp)}</p>
<div class="filters" role="group">
<button type="button" class="filter" data-filter="all" aria-pressed="false">
${escapeHtml(fill(s.filterAll, { n: total }))}</button>
<button type="button" class="filter filter-failures" data-filter="failures" aria-pressed="false">
${escapeHtml(fill(s.filterFailures, { n: failures }))}</button>
<span class="count" id="conv-count"></span>
</div>
<div id="conversations"><p class="loading">${escapeHtml(s.loading)}</p></div>
<button type="button" id="show-more" hidden>${escapeHtml(s.showMore)}</button>
<noscript><p class="help">${escapeHtml(s.noScript)}</p></noscript>
</section>`;
}
