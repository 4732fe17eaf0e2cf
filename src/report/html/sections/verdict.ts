// The top of the report: one overall line, then each SLO as a sentence a PM can repeat
// in a meeting ("Context accuracy 93% (goal ≥ 90%): met"), with its uncertainty and sample size.
import type { Proportion, Results, SloVerdict } from '../../../core/types.js';
import { metricValue } from '../../../metrics/slo.js';
import { pageText } from '../../i18n/page-text.js';
import { fill, type ReportLang, strings } from '../../i18n/strings.js';
import { escapeHtml } from '../escape.js';
import { formatInt, formatPercent } from '../format.js';
import { formatMetric, metricDelta, metricLabel, opSymbol } from '../metrics.js';

interface Evidence {
  ci?: Proportion['ci95'];
  n: number;
  unit: string;
}

/** Sample size (and interval when the metric is a proportion) behind one SLO figure. */
function evidence(results: Results, metric: string, lang: ReportLang): Evidence {
  const s = strings(lang);
  const sum = results.summary;
  if (metric === 'contextAccuracy' || metric === 'memoryChecks.rate')
    return { ci: sum.memoryChecks.ci95, n: sum.memoryChecks.total, unit: s.checksUnit };
  if (metric === 'allChecks.rate') return { ci: sum.allChecks.ci95, n: sum.allChecks.total, unit: s.checksUnit };
  if (metric === 'interruptionRate')
    return { ci: sum.interruptions.ci95, n: sum.interruptions.total, unit: s.conversationsUnit };
  const root = metric.slice(0, metric.lastIndexOf('.'));
  const dist = root.startsWith('latency.')
    ? sum.latency[root.slice(8) as keyof Results['summary']['latency']]
    : root === 'tokensPerSecond'
      ? sum.tokensPerSecond
      : undefined;
  return { n: dist?.count ?? sum.turns.ok, unit: s.repliesUnit };
}

function status(v: SloVerdict, lang: ReportLang): { cls: string; icon: string; word: string } {
  const s = strings(lang);
  if (v.passed === true) return { cls: 'pass', icon: '✓', word: s.met };
  if (v.passed === false) return { cls: 'fail', icon: '✗', word: s.notMet };
  return { cls: 'unknown', icon: '?', word: s.notMeasured };
}

function sloCard(v: SloVerdict, results: Results, lang: ReportLang, baseline?: Results): string {
  const s = strings(lang);
  const st = status(v, lang);
  const label = metricLabel(v.metric, lang);
  const goal = `${s.goal} ${opSymbol(v.op)} ${formatMetric(v.metric, v.threshold, lang)}`;
  const ev = evidence(results, v.metric, lang);
  const details = [
    ev.ci ? `${s.ci95} ${formatPercent(ev.ci.low, lang)} – ${formatPercent(ev.ci.high, lang)}` : '',
    `${fill(s.samples, { n: formatInt(ev.n, lang) })} ${ev.unit}`,
  ].filter(Boolean);
  // How far a missed goal is off, so "how bad" needs no arithmetic.
  let gap = '';
  if (v.passed === false && v.actual !== null) {
    const d = metricDelta(v.metric, v.actual, v.threshold, lang);
    if (d)
      gap =
        `<p class="slo-gap">` +
        `${escapeHtml(fill(v.actual > v.threshold ? s.gapAbove : s.gapBelow, { v: d.text.slice(1) }))}</p>`;
  }
  // A verdict whose interval straddles the goal could flip with more samples: the status says
  // so in one word ("met, not settled"), the reason sits under it once.
  const tentative =
    v.passed !== null && ev.ci !== undefined && ev.ci !== null && ev.ci.low < v.threshold && v.threshold < ev.ci.high;
  if (tentative) {
    st.word = v.passed ? pageText(lang).metTentative : pageText(lang).notMetTentative;
    st.cls += ' slo-tentative';
  }
  const caveat = tentative
    ? `<p class="slo-caveat">` +
      `${escapeHtml(fill(pageText(lang).tentativeWhy, { n: formatInt(ev.n, lang), unit: ev.unit }))}</p>`
    : '';
  let delta = '';
  if (baseline) {
    const before = metricValue(baseline.summary, v.metric);
    const d = metricDelta(v.metric, v.actual, before, lang);
    if (d)
      delta =
        `<p class="delta delta-${d.direction}" data-delta>` +
        `${escapeHtml(`${d.text} ${s.vsBaseline} (${formatMetric(v.metric, before, lang)}) · ${s[d.direction]}`)}</p>`;
  }
  return `<div class="slo slo-${st.cls}" role="group" aria-label="${escapeHtml(label)}">
<p class="slo-status"><span class="icon" aria-hidden="true">${st.icon}</span> ${escapeHtml(st.word)}</p>
<p class="slo-label">${escapeHtml(label)}</p>
<p class="slo-value">${escapeHtml(formatMetric(v.metric, v.actual, lang))}</p>
<p class="slo-goal">${escapeHtml(goal)}</p>
${gap}<p class="slo-detail">${escapeHtml(details.join(' · '))}</p>
${caveat}${delta}</div>`;
}

/** Plain sentence form, also used as the page's description and in alt texts. */
export function sloSentence(v: SloVerdict, lang: ReportLang): string {
  const s = strings(lang);
  const goal = `${s.goal} ${opSymbol(v.op)} ${formatMetric(v.metric, v.threshold, lang)}`;
  const value = `${metricLabel(v.metric, lang)} ${formatMetric(v.metric, v.actual, lang)}`;
  const word = status(v, lang).word;
  return lang === 'zh-CN' ? `${value}（${goal}）：${word}` : `${value} (${goal}) — ${word}`;
}

export function overallLine(results: Results, lang: ReportLang): { cls: string; text: string; missed: string } {
  const s = strings(lang);
  const slo = results.summary.slo;
  const failed = slo.filter((v) => v.passed === false);
  const unknown = slo.filter((v) => v.passed === null);
  const names = (list: SloVerdict[]) =>
    list.map((v) => metricLabel(v.metric, lang)).join(lang === 'zh-CN' ? '、' : ', ');
  if (slo.length === 0) return { cls: 'unknown', text: s.overallNoGoals, missed: '' };
  if (failed.length)
    return {
      cls: 'fail',
      text: `✗ ${fill(s.overallFail, { n: failed.length, total: slo.length })}`,
      missed: `${s.missed}${lang === 'zh-CN' ? '：' : ': '}${names(failed)}`,
    };
  if (unknown.length)
    return {
      cls: 'unknown',
      text: `? ${fill(s.overallUnknown, { n: unknown.length, total: slo.length })}`,
      missed: names(unknown),
    };
  return { cls: 'pass', text: `✓ ${s.overallPass}`, missed: '' };
}

export function renderVerdict(results: Results, lang: ReportLang): string {
  const s = strings(lang);
  const overall = overallLine(results, lang);
  const c = results.summary.conversations;
  const line = fill(s.conversationsLine, {
    done: formatInt(c.completed, lang),
    total: formatInt(c.total, lang),
    interrupted: formatInt(c.interrupted, lang),
  });
  // With several scenarios, each one's own verdict (against its own goals) under the overall one.
  const perScenario =
    (results.byScenario ?? []).length > 1
      ? `<ul class="per-scenario">${results.byScenario
          .map((b) => {
            const line = overallLine({ ...results, summary: b.summary }, lang);
            return (
              `<li class="verdict-${line.cls}"><strong>${escapeHtml(b.scenario)}</strong>: ` +
              `${escapeHtml(line.text)}${line.missed ? ` — ${escapeHtml(line.missed)}` : ''}</li>`
            );
          })
          .join('')}</ul>`
      : '';
  return `<section class="verdict verdict-${overall.cls}" id="verdict" aria-live="polite">
<h1 class="verdict-line" data-verdict="${escapeHtml(overall.cls)}">${escapeHtml(overall.text)}</h1>
${overall.missed ? `<p class="verdict-missed">${escapeHtml(overall.missed)}</p>` : ''}
<p class="verdict-sub">${escapeHtml(line)}</p>
${perScenario}</section>`;
}

/** One card per goal (SLO), after the memory map: the figures behind the verdict line. */
export function renderGoals(results: Results, lang: ReportLang, baseline?: Results): string {
  if (results.summary.slo.length === 0) return '';
  const cards = results.summary.slo.map((v) => sloCard(v, results, lang, baseline)).join('\n');
  return `<section class="goals" id="goals">
<h2>${escapeHtml(pageText(lang).goals)}</h2>
<div class="slos">${cards}</div>
</section>`;
}
