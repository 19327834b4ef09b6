/**
 * In a real browser, one walk as a practice user: from the practice's page to its area's documents and meetings; a
 * file that is HTML inside a .pdf name is refused with an error summary linked to the file field; a PDF is shared
 * and downloads byte for byte; a meeting is recorded with a decision and an action already past its due date, found
 * by a word of its minutes, and the action is in the practice's inbox. Each page is checked with axe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { setClock } from '../../src/domain/clock.js';
import { TEST_PASSWORD } from '../api/sessions.js';
import { fillDate, HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

const PRACTICE = 'practice@z10001.test.lantern.invalid';
const PDF = Buffer.from('%PDF-1.4\n% Locality prescribing review\n%%EOF\n');

describe.runIf(HAVE_BROWSER)('browser: documents and meetings', () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  const dir = mkdtempSync(join(tmpdir(), 'lantern-doc-e2e-'));
  beforeAll(async () => {
    setClock('2026-12-01T09:00:00Z');
    rig = await startRig(
      async (db) => {
        const u = await createLocalUser(db, { email: PRACTICE, password: TEST_PASSWORD });
        await addGrant(db, u.id, 'practice_user', 'Z10001');
      },
      { syntheticData: true, documents: { dir } },
    );
    ({ browser, base } = rig);
  });
  afterAll(async () => {
    setClock(null);
    await rig?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shares a document, records a meeting, finds it by its minutes, and the overdue action reaches the inbox', async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/sign-in?returnTo=/practices/Z10001`);
    await page.getByLabel('E-mail').fill(PRACTICE);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}/practices/Z10001`);
    // the practice shares its ICB's documents as well as its sub-ICB's: both are reachable from its page
    await page.getByRole('link', { name: 'Documents and meetings of QZZ' }).waitFor();
    await page.getByRole('link', { name: 'Documents and meetings of 9Z1' }).click();
    await page.waitForURL(`${base}/areas/9Z1/documents`);
    await page.getByText('No documents yet.').waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // HTML named .pdf: refused, the summary links to the file field
    await page.setInputFiles('#doc-file', {
      name: 'review.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('<!DOCTYPE html><html><body>not a pdf</body></html>'),
    });
    await page.getByLabel('Title', { exact: true }).fill('Prescribing review');
    await page.getByRole('button', { name: 'Share the document' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toMatch(/its content is HTML/);
    expect(await summary.locator('a').first().getAttribute('href')).toBe('#doc-file');
    expect(await seriousViolations(page)).toEqual([]);

    await page.setInputFiles('#doc-file', { name: 'review.pdf', mimeType: 'application/pdf', buffer: PDF });
    await page.getByRole('button', { name: 'Share the document' }).click();
    await page.waitForURL(/\/documents\/\d+$/);
    await page.getByRole('heading', { name: 'Prescribing review', level: 1 }).waitFor();
    const href = await page.getByRole('link', { name: /^Version 1 \(PDF/ }).getAttribute('href');
    const download = await page.request.get(`${base}${href}`);
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body())).toEqual(PDF);
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('link', { name: 'Documents and meetings of 9Z1' }).click();
    await page.waitForURL(`${base}/areas/9Z1/documents`);
    await page.getByLabel('Meeting', { exact: true }).fill('Locality quality meeting');
    await fillDate(page, 'Held on', '2026-11-20');
    await page.getByLabel('Attendees by role', { exact: true }).fill('Practice manager\nCommissioner lead');
    await page.getByLabel('Minutes', { exact: true }).fill('We discussed the spirometry audits.');
    await page.getByLabel('Decisions', { exact: true }).fill('Adopt the prescribing review');
    await page.getByLabel('What is to be done', { exact: true }).fill('Send the audit results');
    await page.getByLabel('Owner’s organisation (ODS code)', { exact: true }).fill('Z10001');
    await page.getByLabel('Owner’s role', { exact: true }).fill('Practice manager');
    await fillDate(page, 'Due by', '2026-11-27');
    await page.getByRole('button', { name: 'Record the meeting' }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    await page.getByRole('heading', { name: 'Locality quality meeting', level: 1 }).waitFor();
    expect(await page.locator('ol li').allTextContents()).toEqual(['Adopt the prescribing review']);
    expect(await page.locator('tbody tr td').first().textContent()).toBe('Send the audit results');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${base}/areas/9Z1/documents?q=spirometry`);
    await page.getByRole('heading', { name: 'Meetings matching “spirometry”' }).waitFor();
    await page.getByRole('link', { name: 'Locality quality meeting' }).waitFor();
    await page.getByText('No documents match.').waitFor();

    await page.goto(`${base}/inbox`);
    await page
      .getByRole('link', { name: /Action overdue \(due 2026-11-27\).*Send the audit results/ })
      .waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    // the alert leads to the meeting it came from
    await page.getByRole('link', { name: /Action overdue \(due 2026-11-27\)/ }).click();
    await page.waitForURL(/\/meetings\/\d+$/);
    await page.getByRole('heading', { name: 'Locality quality meeting', level: 1 }).waitFor();
  });
});
