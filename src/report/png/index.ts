// The report's charts as PNG files (charts/<id>.png) for slides and CI summaries.
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Results } from '../../core/types.js';
import { buildCharts } from '../html/charts/index.js';
import { buildLoadCharts } from '../html/charts/load.js';
import type { ReportLang } from '../i18n/strings.js';
import { type PngOptions, renderChartPng } from './render.js';

export interface PngChartsOptions extends PngOptions {
  lang?: ReportLang;
  baseline?: Results;
  /** Folder under outDir (a second language writes beside the first: charts.zh-CN). */
  folder?: string;
}

/** Write every chart to `<outDir>/<folder>/<id>.png` (folder `charts` by default); returns the paths written. */
export async function writePngCharts(
  results: Results,
  outDir: string,
  options: PngChartsOptions = {},
): Promise<string[]> {
  const dir = join(outDir, options.folder ?? 'charts');
  await mkdir(dir, { recursive: true });
  const paths: string[] = [];
  const lang = options.lang ?? 'en';
  const specs = [...buildCharts(results, lang, options.baseline), ...buildLoadCharts(results, lang)];
  // A chart with nothing to draw is one line of text in the report, and no file.
  for (const spec of specs.filter((c) => c.empty === undefined)) {
    const path = join(dir, `${spec.id}.png`);
    await writeFile(path, renderChartPng(spec, options));
    paths.push(path);
  }
  return paths;
}
