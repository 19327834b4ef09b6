/**
 * The API reference page (/api/docs) works in a browser under the server's Content-Security-Policy: Swagger UI
 * starts, reads the OpenAPI document and lists the operations, with no policy violation and nothing fetched from
 * another host.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { openTestPglite } from '../db/databases.js';
import { HAVE_BROWSER, launchBrowser } from './browser.js';

describe.runIf(HAVE_BROWSER)('browser: the API reference page', () => {
  let db: Database;
  let app: FastifyInstance;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    db = await openTestPglite();
    app = await buildServer(db, { rateLimit: false });
    base = await app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
    await app?.close();
    await db?.close();
  });

  it('shows the operations from /api/openapi.json with no CSP violation or outside request', async () => {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(`console: ${m.text()}`);
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    page.on('request', (r) => {
      if (!r.url().startsWith(base) && !r.url().startsWith('data:'))
        problems.push(`outside request: ${r.url()}`);
    });
    await page.goto(`${base}/api/docs`);
    await page.locator('.swagger-ui .info .title').getByText('Lantern API').waitFor({ timeout: 30_000 });
    await page.locator('.opblock-summary-path', { hasText: '/api/health/ready' }).first().waitFor();
    expect(await page.title()).toBe('Lantern API reference');
    expect(problems).toEqual([]);
  }, 90_000);
});
