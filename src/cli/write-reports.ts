// After a run: the HTML report and PNG charts beside results.json. A report that fails to
// render is a warning, never a lost run: results.json and turns.jsonl are already on disk.

import type { Results } from '../core/types.js';
import { writeHtmlReport } from '../report/html/index.js';
import type { ReportLang } from '../report/i18n/strings.js';
import { writePngCharts } from '../report/png/index.js';

export interface WriteReportsOptions {
  lang: ReportLang;
  baseline?: Results;
  html: boolean;
  log: (line: string) => void;
}

export async function writeReports(
  results: Results,
  outDir: string,
  options: WriteReportsOptions,
): Promise<{ html?: string; charts: string[] }> {
  if (!options.html) return { charts: [] };
  let html: string | undefined;
  let charts: string[] = [];
  try {
    html = await writeHtmlReport(results, outDir, { lang: options.lang, baseline: options.baseline, pngDir: 'charts' });
  } catch (error) {
    options.log(
      `warning: the HTML report could not be written (${(error as Error).message}); results.json is complete.`,
    );
  }
  try {
    charts = await writePngCharts(results, outDir, { lang: options.lang, baseline: options.baseline });
  } catch (error) {
    options.log(`warning: the PNG charts could not be drawn (${(error as Error).message}); results.json is complete.`);
  }
  return { html, charts };
}
