// The frame of the transcripts; the page script fills it from the embedded data, so a
// thousand conversations cost one JSON block instead of megabytes of markup. Without
// JavaScript, a plain copy of the conversations (failing ones first, up to a cap) stays readable.
import type { Results } from '../../../core/types.js';
import { pageText } from '../../i18n/page-text.js';
import { fill, type ReportLang, strings } from '../../i18n/strings.js';
import { escapeHtml } from '../escape.js';
import { isFailedConversation, type TranscriptData } from '../transcript-data.js';

const STATIC_MAX = 60;

function staticTranscripts(data: TranscriptData, lang: ReportLang): string {
  const s = strings(lang);
  const t = pageText(lang);
  const str = data.str;
  const order = [...data.list].sort(
    (a, b) => Number(b.f > 0 || b.st !== 'completed') - Number(a.f > 0 || a.st !== 'completed'),
  );
  const shown = order.slice(0, STATIC_MAX).map((conv) => {
    const index = data.list.indexOf(conv);
    const turns = conv.t.map((turn) => {
      const checks = turn.k
        .filter((k) => !k[1])
        .map(
          (k) =>
            `<li class="check check-fail">✗ ` +
            `${k[4] ? `<span class="memory-mark">${escapeHtml(t.memoryMark)}</span> ` : ''}` +
            `${escapeHtml(str[k[0]]!)} <span class="why">` +
            `${escapeHtml(fill(t.expectedGot, { expected: str[k[2]]!, got: str[k[3]]! }))}</span></li>`,
        )
        .join('');
      return (
        `<div class="turn" id="t-${index}-${turn.n}">` +
        `<div class="turn-head">${escapeHtml(fill(s.turnN, { n: turn.n }))}</div>` +
        `<div class="msg msg-user"><span class="who">${escapeHtml(s.user)}</span>` +
        `<p class="text">${escapeHtml(str[turn.u]!)}</p></div>` +
        `<div class="msg msg-assistant"><span class="who">${escapeHtml(s.assistant)}</span>` +
        `<p class="text">${escapeHtml(str[turn.a] || s.emptyReply)}</p></div>` +
        (checks ? `<ul class="checks">${checks}</ul>` : '') +
        '</div>'
      );
    });
    const failed = conv.f > 0 || conv.st !== 'completed';
    return (
      `<details class="conv${failed ? ' conv-fail' : ''}"${failed ? ' open' : ''}>` +
      `<summary>${escapeHtml(str[conv.id]!)}</summary>${turns.join('')}</details>`
    );
  });
  const more =
    data.list.length > STATIC_MAX
      ? `<p class="help">${escapeHtml(fill(t.transcriptStaticMore, { n: data.list.length - STATIC_MAX }))}</p>`
      : '';
  return `<noscript><div class="static-transcripts">${shown.join('\n')}${more}</div></noscript>`;
}

export function renderTranscripts(results: Results, lang: ReportLang, data?: TranscriptData): string {
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
${data ? staticTranscripts(data, lang) : `<noscript><p class="help">${escapeHtml(s.noScript)}</p></noscript>`}
</section>`;
}
