/**
 * HTML to PDF with the machine's Chromium (Debian `chromium`, driven by playwright-core; never a downloaded
 * browser). LANTERN_CHROMIUM names another binary.
 *
 * playwright-core is imported when the first PDF is asked for, not with the server; one browser is launched then
 * and kept for later PDFs (a fresh context and page each, so no state passes between reports), and closed with
 * the server (closePdfBrowser, from its onClose hook). The browser belongs to the process: where one process runs
 * several servers (tests), closing any of them closes it, and the next PDF launches another.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM_PATH = () => process.env.LANTERN_CHROMIUM ?? '/usr/bin/chromium';

export class NoBrowserError extends Error {}

let browser: Promise<Browser> | null = null;
let launches = 0;

/** How many browsers this process has launched for PDFs (tests: one for many PDFs). */
export const pdfBrowserLaunches = () => launches;

function sharedBrowser(path: string): Promise<Browser> {
  if (!browser) {
    launches++;
    const launching = import('playwright-core').then(({ chromium }) =>
      chromium.launch({
        executablePath: path,
        headless: true,
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-sync',
        ],
      }),
    );
    browser = launching;
    // a browser that failed to start, or that has gone (crashed, killed), is launched afresh next time
    launching.then(
      (b) =>
        b.on('disconnected', () => {
          if (browser === launching) browser = null;
        }),
      () => {
        if (browser === launching) browser = null;
      },
    );
  }
  return browser;
}

export async function htmlToPdf(html: string): Promise<Buffer> {
  const path = CHROMIUM_PATH();
  if (!existsSync(path))
    throw new NoBrowserError(
      `PDFs need Chromium at ${path} (apt-get install -y chromium, or set LANTERN_CHROMIUM); the HTML report works without it.`,
    );
  const context = await (await sharedBrowser(path)).newContext();
  try {
    const page = await context.newPage();
    // The report is self-contained (inline SVG and styles); block any request so nothing is fetched.
    await page.route('**/*', (r) => r.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await context.close();
  }
}

/** Close the PDF browser if one was launched (the server's onClose). */
export async function closePdfBrowser(): Promise<void> {
  const open = browser;
  browser = null;
  if (!open) return;
  await open.then(
    (b) => b.close(),
    () => undefined,
  );
}
