// One run folder, several report languages, nothing overwritten: the first report is index.html
// (with charts/), another language gets index.<lang>.html (with charts.<lang>/), and every page
// links to the others through its language nav, the one part of an existing page rewritten.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isReportLang, type ReportLang } from '../i18n/strings.js';
import { renderLanguageNav } from './sections/languages.js';

const HTML_LANG = /<html lang="([^"]+)"/;
const NAV = /<nav class="langs" id="langs"[^>]*>[\s\S]*?<\/nav>/;

export interface ReportFile {
  lang: ReportLang;
  file: string;
}

/** The report language of an existing page, from its <html lang>. */
function pageLang(path: string): ReportLang | undefined {
  const head = readFileSync(path, 'utf8').slice(0, 2000);
  const lang = HTML_LANG.exec(head)?.[1];
  return isReportLang(lang) ? lang : undefined;
}

/** Every report page in the folder with its language. */
export function reportFiles(dir: string): ReportFile[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f === 'index.html' || /^index\.[A-Za-z-]+\.html$/.test(f))
    .flatMap((file) => {
      const lang = pageLang(join(dir, file));
      return lang ? [{ lang, file }] : [];
    });
}

/** Where a report in `lang` goes: its own page if there is one, else index.html if free, else index.<lang>.html. */
export function reportFileFor(dir: string, lang: ReportLang): { file: string; pngDir: string } {
  const existing = reportFiles(dir).find((r) => r.lang === lang);
  const file = existing?.file ?? (existsSync(join(dir, 'index.html')) ? `index.${lang}.html` : 'index.html');
  return { file, pngDir: file === 'index.html' ? 'charts' : `charts.${lang}` };
}

/** The other languages a page in `lang` should link to. */
export function otherLanguages(dir: string, lang: ReportLang, file: string): ReportFile[] {
  return reportFiles(dir).filter((r) => r.lang !== lang && r.file !== file);
}

/** After writing `written`, give every other page in the folder a link to it (only their nav changes). */
export async function linkLanguages(dir: string, written: ReportFile): Promise<void> {
  const all = reportFiles(dir);
  for (const page of all) {
    if (page.file === written.file) continue;
    const path = join(dir, page.file);
    const html = readFileSync(path, 'utf8');
    if (!NAV.test(html)) continue; // a page from before language links: left as it is
    const nav = renderLanguageNav(
      page.lang,
      all.filter((o) => o.file !== page.file),
    );
    const tmp = `${path}.tmp-${process.pid}`;
    await writeFile(
      tmp,
      html.replace(NAV, () => nav),
      'utf8',
    );
    await rename(tmp, path);
  }
}
