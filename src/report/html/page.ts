// Assembles the document. The Content-Security-Policy allows nothing but the page's own
// inline script and style (by hash): no network, no injected script could run even if
// escaping failed somewhere.
import { type ReportLang, strings } from '../i18n/strings.js';
import { chartJsSource, runtimeSource } from './assets.js';
import { cspHash, escapeHtml } from './escape.js';
import { STYLE } from './style.js';

export interface PageParts {
  lang: ReportLang;
  title: string;
  description: string;
  body: string;
  /** JSON already escaped for a script element (jsonForScript). */
  reportJson: string;
  transcriptJson: string;
}

export function contentSecurityPolicy(scripts: string[], styles: string[]): string {
  return [
    "default-src 'none'",
    `script-src ${scripts.map(cspHash).join(' ')}`,
    `style-src ${styles.map(cspHash).join(' ')}`,
    // chart.js sizes canvases through the CSSOM (element.style), which CSP does not govern.
    // 'self': the PNG charts beside the page, shown when JavaScript is off.
    "img-src data: 'self'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function renderPage(p: PageParts): string {
  const chartJs = chartJsSource();
  const runtime = runtimeSource();
  const csp = contentSecurityPolicy([chartJs, runtime], [STYLE]);
  return `<!DOCTYPE html>
<html lang="${strings(p.lang).htmlLang}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<meta name="description" content="${escapeHtml(p.description)}">
<title>${escapeHtml(p.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${p.body}
</main>
<script type="application/json" id="report-data">${p.reportJson}</script>
<script type="application/json" id="transcript-data">${p.transcriptJson}</script>
<script>${chartJs}</script>
<script>${runtime}</script>
</body>
</html>
`;
}
