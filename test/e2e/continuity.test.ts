/**
 * Access beside continuity in a real browser: a commissioner of CCG 9Z1 goes from a practice's page to its access
 * and continuity page, which is labelled SYNTHETIC, draws the scatter with the practice ringed, lists every practice
 * of the CCG with the practice marked, says which survey measures are absent, and passes axe-core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { publishContinuity } from '../../src/continuity/publish.js';
import { TEST_PASSWORD } from '../api/sessions.js';
import { HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

const PRACTICE = 'Z10002';
const LEAD = 'lead@9z1.test.lantern.invalid';

describe.runIf(HAVE_BROWSER)('browser: access beside continuity', () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    rig = await startRig(async (db) => {
      const u = await createLocalUser(db, { email: LEAD, password: TEST_PASSWORD });
      await addGrant(db, u.id, 'commissioner_lead', '9Z1');
      // five practices of 9Z1 (a few seconds): the rest of the CCG has survey figures only
      await publishContinuity(db, ['Z10001', 'Z10002', 'Z10003', 'Z10004', 'Z10005'], {
        seed: 19,
        yearEnding: 2024,
      });
    });
    ({ browser, base } = rig);
  }, 300_000);
  afterAll(() => rig?.close());

  it('from the practice page to the page: SYNTHETIC label, scatter with the practice ringed, table, axe', async () => {
    const page = await (await browser.newContext()).newPage();
    const path = `/practices/${PRACTICE}`;
    await page.goto(`${base}/sign-in?returnTo=${encodeURIComponent(path)}`);
    await page.getByLabel('E-mail').fill(LEAD);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}${path}`);
    await page.getByRole('link', { name: /survey access figures beside continuity/ }).click();
    await page.waitForURL(`${base}/practices/${PRACTICE}/access-continuity`);
    await page.getByRole('heading', { name: /Continuity is SYNTHETIC/ }).waitFor();
    const table = page.locator('table').filter({ hasText: 'SYNTHETIC SLICC' });
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(18);
    expect(await table.locator('tbody tr', { hasText: '(this practice)' }).innerText()).toContain(PRACTICE);
    // five practices with continuity and survey figures: four grey dots and the ringed one
    const svg = page.locator('figure svg[role="img"]');
    await svg.waitFor();
    expect(await svg.getAttribute('aria-label')).toMatch(/SYNTHETIC continuity/);
    expect(await svg.locator('circle').count()).toBe(5);
    expect(await svg.locator('g.lantern-selected-practice circle').count()).toBe(1);
    const text = await page.locator('main').innerText();
    expect(text).toMatch(/one is bought with the other/);
    expect(text).toMatch(/on the phone/);
    expect(text).toMatch(/preferred GP/);
    expect(await seriousViolations(page)).toEqual([]);
  });
});
