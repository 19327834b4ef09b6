/**
 * The NHS.UK error pattern on a form, in a real browser: a date the calendar has not got (31/02) is refused
 * before anything is sent, a real one is sent as yyyy-mm-dd; a value the form lets through but the server refuses
 * marks its field, and the error summary (which takes the focus) links to the field and moves the focus there.
 * The page passes axe-core with the errors showing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page, Request } from 'playwright-core';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { setClock } from '../../src/domain/clock.js';
import { TEST_PASSWORD } from '../api/sessions.js';
import { fillDate, HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

const PRACTICE = 'practice@qzz.test.lantern.invalid';

describe.runIf(HAVE_BROWSER)('browser: a form says what is wrong, field by field', () => {
  let rig: BrowserRig;
  beforeAll(async () => {
    setClock('2026-12-22T09:00:00Z');
    rig = await startRig(async (db) => {
      const u = await createLocalUser(db, { email: PRACTICE, password: TEST_PASSWORD });
      await addGrant(db, u.id, 'practice_user', 'Z10001');
    });
  });
  afterAll(async () => {
    setClock(null);
    await rig?.close();
  });

  const focused = (page: Page) =>
    page.evaluate(() => document.activeElement?.id || document.activeElement?.className);

  it('refuses 31/02 before sending, sends a real date as ISO, and links a refused field from the summary', async () => {
    const page = await (await rig.browser.newContext()).newPage();
    await page.goto(`${rig.base}/sign-in?returnTo=${encodeURIComponent('/concerns/new')}`);
    await page.getByLabel('E-mail').fill(PRACTICE);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${rig.base}/concerns/new`);
    const sent: Request[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/api/concerns') sent.push(r);
    });

    await page.getByLabel('Provider (search by name or ODS code)').fill('RZ1');
    await page.locator('#provider option[value="RZ1"]').waitFor({ state: 'attached' });
    await page.getByLabel('Choose the provider').selectOption('RZ1');
    await page.getByLabel('What kind of concern').selectOption('discharge_summary_late');
    const summary = page.locator('.nhsuk-error-summary');

    // an impossible date: refused with a message at the group and in the summary, nothing sent
    await fillDate(page, 'Date it happened', '2026-02-31');
    await page.getByLabel('What happened').fill('Discharge summary arrived nine days after the stay.');
    await page.getByRole('button', { name: 'Submit the concern' }).click();
    const dateLink = summary.getByRole('link', {
      name: 'Date it happened must be a real date, for example 15 3 2026',
    });
    await dateLink.waitFor();
    expect(await summary.getAttribute('role')).toBe('alert');
    expect(await focused(page)).toBe('nhsuk-error-summary');
    expect(await page.locator('#eventDate-error').textContent()).toMatch(
      /Date it happened must be a real date/,
    );
    expect(await page.getByRole('group', { name: 'Date it happened' }).getAttribute('aria-describedby')).toBe(
      'eventDate-hint eventDate-error',
    );
    expect(await dateLink.getAttribute('href')).toBe('#eventDate-day');
    await dateLink.click();
    expect(await focused(page)).toBe('eventDate-day');
    expect(await seriousViolations(page)).toEqual([]);
    expect(sent).toHaveLength(0);
    // a part left out is named
    await page.getByLabel('Month', { exact: true }).fill('');
    await page.getByRole('button', { name: 'Submit the concern' }).click();
    await summary.getByRole('link', { name: 'Date it happened must include a month' }).waitFor();
    expect(sent).toHaveLength(0);

    // a real date, and a description the form lets through but the server refuses (under 10 characters)
    await fillDate(page, 'Date it happened', '2026-12-14');
    await page.getByLabel('What happened').fill('Too late');
    await page.getByRole('button', { name: 'Submit the concern' }).click();
    const descriptionLink = summary.getByRole('link', { name: /^What happened: must say what happened/ });
    await descriptionLink.waitFor();
    expect(sent).toHaveLength(1);
    expect(sent[0]!.postDataJSON()).toMatchObject({ eventDate: '2026-12-14', description: 'Too late' });
    expect(await page.locator('#eventDate-error').count()).toBe(0);
    expect(await page.locator('#description-error').textContent()).toMatch(/must say what happened/);
    expect(await page.locator('#description').getAttribute('aria-describedby')).toBe('description-error');
    expect(await page.locator('#description').getAttribute('class')).toContain('nhsuk-textarea--error');
    expect(await focused(page)).toBe('nhsuk-error-summary');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await descriptionLink.getAttribute('href')).toBe('#description');
    await descriptionLink.click();
    expect(await focused(page)).toBe('description');

    // put right: the concern is made, with the date as sent
    await page.keyboard.press('Control+A');
    await page.keyboard.type('Discharge summary arrived nine days after the stay.');
    await page.getByRole('button', { name: 'Submit the concern' }).click();
    await page.waitForURL(/\/concerns\/\d+$/);
    expect(sent).toHaveLength(2);
    expect(sent[1]!.postDataJSON()).toMatchObject({ eventDate: '2026-12-14' });
  });
});
