/**
 * Patient voice in a real browser: a practice user opens their practice page, sends PPG feedback with an NHS
 * number in the summary and is shown the error summary linking to the summary field (nothing is stored), then
 * sends it without and sees it in the practice's list and counts. Every state passes axe-core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { TEST_PASSWORD } from '../api/sessions.js';
import { fillDate, HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

const PRACTICE_USER = 'ppg@z10001.test.lantern.invalid';

describe.runIf(HAVE_BROWSER)('browser: a practice records its PPG’s feedback', () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    rig = await startRig(async (db) => {
      const u = await createLocalUser(db, { email: PRACTICE_USER, password: TEST_PASSWORD });
      await addGrant(db, u.id, 'practice_user', 'Z10001');
    });
    ({ browser, base } = rig);
  });
  afterAll(async () => {
    await rig?.close();
  });

  it('refuses an NHS number with a linked error, then records the feedback and shows it on the practice page', async () => {
    const path = '/practices/Z10001';
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/sign-in?returnTo=${encodeURIComponent(path)}`);
    await page.getByLabel('E-mail').fill(PRACTICE_USER);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}${path}`);
    const form = page.locator('form[aria-labelledby="voice-form-heading"]');
    await form.waitFor();
    // the warning, and only the PPG as a source for a practice
    expect(await form.locator('.nhsuk-warning-callout').textContent()).toContain('Do not include names');
    expect(await form.locator('#voice-source option').allTextContents()).toEqual([
      'Patient participation group',
    ]);
    const today = new Date().toISOString().slice(0, 10);
    await fillDate(form, 'Date received', today);
    await fillDate(form, 'Period covered: from', '2026-01-01');
    await fillDate(form, 'Period covered: to', today);
    await form.getByLabel('Access and appointments').selectOption('negative');
    await form.getByLabel('Dignity and respect').selectOption('positive');
    await form
      .getByLabel('Summary')
      .fill('A member mentioned 943 476 5919 while describing the phone queue.');
    await form.getByRole('button', { name: 'Record the feedback' }).click();
    const summary = form.locator('.nhsuk-error-summary');
    await summary.waitFor();
    const link = summary.getByRole('link');
    expect(await link.textContent()).toContain('NHS number');
    expect(await link.getAttribute('href')).toBe('#voice-summary');
    await link.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('voice-summary');
    expect(await seriousViolations(page)).toEqual([]);
    // nothing was stored
    await page.getByText('No feedback that you can read has been recorded.').waitFor();

    await form
      .getByLabel('Summary')
      .fill('Members found the morning phone queue long; reception staff were kind.');
    await form.getByRole('button', { name: 'Record the feedback' }).click();
    await page.getByRole('status').filter({ hasText: 'The feedback has been recorded' }).waitFor();
    const item = page.locator('section[aria-labelledby="patient-voice-heading"] li', {
      hasText: 'Members found the morning phone queue long',
    });
    await item.waitFor();
    expect(await item.textContent()).toContain('Access and appointments (negative)');
    // counted in full for the practice's own user
    const row = page.locator('section[aria-labelledby="patient-voice-heading"] tr', {
      hasText: 'Access and appointments',
    });
    expect((await row.locator('td').allTextContents()).map((s) => s.trim())).toEqual(['0', '0', '1']);
    expect(await seriousViolations(page)).toEqual([]);
    await page.context().close();
  });
});
