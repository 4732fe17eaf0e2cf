// HTML report: one self-contained index.html (chart.js inlined, no network) that a product
// manager can open from an e-mail attachment and read without help.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../../core/types.js';
import { pageText } from '../i18n/page-text.js';
import { causeLabels, type ReportLang, strings } from '../i18n/strings.js';
import { buildCharts } from './charts/index.js';
import { buildLoadCharts } from './charts/load.js';
import { escapeHtml, jsonForScript } from './escape.js';
import { formatDate } from './format.js';
import { renderPage } from './page.js';
import { renderBanners } from './sections/banner.js';
import { renderCharts } from './sections/charts.js';
import { renderIdentity } from './sections/identity.js';
import { renderKeyFigures } from './sections/key-figures.js';
import { renderLanguageNav } from './sections/languages.js';
import { renderLoadSection } from './sections/load.js';
import { renderMemoryMap } from './sections/memory-map.js';
import { renderPerTurn } from './sections/per-turn.js';
import { renderTranscripts } from './sections/transcripts.js';
import { overallLine, renderGoals, renderVerdict, sloSentence } from './sections/verdict.js';
import { budgetLimits, resolveThinkingLimits } from './thinking-cut.js';
import { buildTranscriptData, embedTranscripts, summarizeThinkingCut } from './transcript-data.js';

export interface HtmlReportOptions {
  lang?: ReportLang;
  /** Another run to compare with: deltas beside figures, both distributions on charts. */
  baseline?: Results;
  /** Transcript JSON above this size is gzipped (default 1 MB). */
  compressAboveBytes?: number;
  /**
   * Characters of each turn's thinking kept in the report (0 = all); the rest is left out with
   * a note, results.json keeps it. Default: everything while the run's thinking fits a size
   * budget, else the per-turn limit that fits (1,000 x 6 turns of ~4,000-character thinking made
   * a 31.5 MB report with all of it). Replies are never cut.
   */
  maxThinkingChars?: number;
  /**
   * The same for failed turns, which a PM reads (2,000 when only maxThinkingChars is given, never below it, 0 = all).
   */
  maxFailedThinkingChars?: number;
  /** Folder of the PNG charts relative to the page (shown when JavaScript is off); none = no fallback. */
  pngDir?: string;
  /** The same report in other languages: file names relative to the page. */
  otherLanguages?: LanguageLink[];
}

export interface LanguageLink {
  lang: ReportLang;
  file: string;
}

const DEFAULT_COMPRESS_ABOVE = 1_000_000;

/** The whole report as one HTML string. Pure apart from reading the inlined scripts once. */
export function renderHtmlReport(results: Results, options: HtmlReportOptions = {}): string {
  const lang = options.lang ?? 'en';
  const s = strings(lang);
  const charts = buildCharts(results, lang, options.baseline);
  // Empty unless the results come from `chatproof load`.
  const loadCharts = buildLoadCharts(results, lang);
  const overall = overallLine(results, lang);
  const limits =
    options.maxThinkingChars === undefined && options.maxFailedThinkingChars === undefined
      ? budgetLimits(
          results.turns
            .filter((t) => t.reasoning)
            .map((t) => ({ chars: t.reasoning!.length, failed: !t.ok || t.checks.some((c) => !c.passed) })),
        )
      : resolveThinkingLimits(options.maxThinkingChars, options.maxFailedThinkingChars);
  const transcriptData = buildTranscriptData(results, limits, lang);
  const thinkingCut = summarizeThinkingCut(transcriptData, limits);
  const footer = [
    `${results.run.harness.name} ${results.run.harness.version}`,
    results.run.runId,
    formatDate(results.run.startedAt),
  ];
  if (thinkingCut.turns > 0) footer.push(s.thinkingCutFooter);
  const byTurnChart = charts.find((c) => c.id === 'latency-by-turn');
  const pngDir = options.pngDir;
  const body = [
    renderLanguageNav(lang, options.otherLanguages ?? []),
    renderBanners(results, lang),
    renderVerdict(results, lang),
    renderMemoryMap(results, lang),
    renderGoals(results, lang, options.baseline),
    renderKeyFigures(results, lang, options.baseline),
    renderPerTurn(results, lang, byTurnChart, pngDir),
    renderLoadSection(results, lang, loadCharts, pngDir),
    renderCharts(
      charts.filter((c) => c !== byTurnChart),
      lang,
      pngDir,
    ),
    renderTranscripts(results, lang, transcriptData),
    renderIdentity(results, lang, options.baseline, thinkingCut),
    `<footer>${escapeHtml(footer.join(' · '))}</footer>`,
  ].join('\n');
  const reportData = {
    lang,
    s: { ...s, ...pageText(lang) },
    causes: causeLabels(lang),
    charts: [...charts, ...loadCharts]
      .filter((c) => c.empty === undefined)
      .map((c) => ({ id: c.id, height: c.height, config: c.config, fullLabels: c.fullLabels })),
  };
  const transcripts = embedTranscripts(transcriptData, options.compressAboveBytes ?? DEFAULT_COMPRESS_ABOVE);
  return renderPage({
    lang,
    title: `${overall.text} · ${s.title} · ${results.run.scenarios.map((sc) => sc.name).join(', ')}`,
    description: results.summary.slo.map((v) => sloSentence(v, lang)).join('; '),
    body,
    reportJson: jsonForScript(reportData),
    transcriptJson: jsonForScript(transcripts),
  });
}

/** Write `<outDir>/<fileName>` (index.html by default); returns its path. */
export async function writeHtmlReport(
  results: Results,
  outDir: string,
  options: HtmlReportOptions & { fileName?: string } = {},
): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, options.fileName ?? 'index.html');
  await writeFile(path, renderHtmlReport(results, options), 'utf8');
  return path;
}
