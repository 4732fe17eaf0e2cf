// Debian's Chromium driven by playwright-core, opening a report from file:// as a PM would,
// with every console error, page error and network request recorded. Same flags and ready
// signal (window.__reportReady) for every report test.
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
    timeout: 60_000,
  });
}

export interface OpenedReport {
  page: Page;
  /** Console errors and warnings (CSP violations among them) and uncaught page errors. */
  errors: string[];
  /** Anything fetched that is not the file itself or a data: URL. */
  requests: string[];
}

/** Open an index.html and wait until the page script has rendered the transcripts. */
export async function openReport(browser: Browser, path: string): Promise<OpenedReport> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' || m.type() === 'warning') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url());
  });
  await page.goto(pathToFileURL(path).href);
  await page.waitForFunction(() => (window as unknown as { __reportReady?: boolean }).__reportReady === true, null, {
    timeout: 30_000,
  });
  return { page, errors, requests };
}

/** Errors the page script itself caught (chart or transcript failures). */
export async function reportErrors(page: Page): Promise<string[]> {
  return page.evaluate(() => (window as unknown as { __reportErrors: string[] }).__reportErrors);
}
