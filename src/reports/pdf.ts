/**
 * HTML to PDF with the machine's Chromium (Debian `chromium`, driven by playwright-core; never a downloaded
 * browser). LANTERN_CHROMIUM names another binary.
 */
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = () => process.env.LANTERN_CHROMIUM ?? '/usr/bin/chromium';

export class NoBrowserError extends Error {}

export async function htmlToPdf(html: string): Promise<Buffer> {
  const path = CHROMIUM_PATH();
  if (!existsSync(path))
    throw new NoBrowserError(
      `PDFs need Chromium at ${path} (apt-get install -y chromium, or set LANTERN_CHROMIUM); the HTML report works without it.`,
    );
  const browser = await chromium.launch({
    executablePath: path,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-sync',
    ],
  });
  try {
    const page = await browser.newPage();
    // The report is self-contained (inline SVG and styles); block any request so nothing is fetched.
    await page.route('**/*', (r) => r.abort());
    await page.setContent(html, { waitUntil: 'load' });
    return await page.pdf({
      format: 'A4',
      printBackground: true,
      margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' },
    });
  } finally {
    await browser.close();
  }
}
