/**
 * Proactive care in a real browser, on SYNTHETIC patients of the smallest practice in the synthetic area: its
 * clinician reaches the lists from the practice's page, gives a purpose before any patient row is fetched, pages
 * the list of patients aged 75 and over, opens a patient from the highest-risk list, records a named GP and a care
 * plan (the server's refusals shown against their fields), and sees them in the list; every view is audited with the
 * purpose. A practice user of the same practice and a commissioner receive no patient row, and the commissioner
 * reaches the practice aggregate as an indicator instead. Every page passes axe-core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { searchAudit } from '../../src/auth/audit.js';
import { PatientKeys } from '../../src/concerns/nhs-number.js';
import { today } from '../../src/domain/clock.js';
import { generateForPractice, scorePatients } from '../../src/population/service.js';
import { publishAggregates } from '../../src/population/aggregates.js';
import { TEST_PASSWORD } from '../api/sessions.js';
import { fillDate, HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

/**
 * The synthetic area's smallest practice (about 3,000 patients, a suburban list), and the next two smallest of its
 * CCG (9Z2): a funnel needs three practices with counts.
 */
const PRACTICE = 'Z10020';
const NEIGHBOURS = ['Z10036', 'Z10035'];
/** A practice with no patient list. */
const EMPTY = 'Z10001';
const USERS = {
  clinician: ['clinician@z10020.test.lantern.invalid', 'practice_clinician', PRACTICE],
  emptyClinician: ['clinician@z10001.test.lantern.invalid', 'practice_clinician', EMPTY],
  practice: ['practice@z10020.test.lantern.invalid', 'practice_user', PRACTICE],
  lead: ['lead@qzz.test.lantern.invalid', 'commissioner_lead', 'QZZ'],
} as const;
/** Screenshots of each page, as the other browser tests keep them (git-ignored). */
const SHOTS = 'test-results';
/** The staff label recorded as the named GP (no names of people). */
const NAMED_GP = 'GP partner 3';

const daysAgo = (n: number) =>
  new Date(Date.parse(`${today()}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);
const dateGb = (d: string) => new Date(`${d}T12:00:00Z`).toLocaleDateString('en-GB', { dateStyle: 'medium' });

describe.runIf(HAVE_BROWSER)('browser: proactive care for a practice’s clinicians', () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  const keys = PatientKeys.random();
  beforeAll(async () => {
    rig = await startRig(
      async (db) => {
        for (const [email, role, org] of Object.values(USERS)) {
          const u = await createLocalUser(db, { email, password: TEST_PASSWORD });
          await addGrant(db, u.id, role, org);
        }
        for (const p of [PRACTICE, ...NEIGHBOURS])
          await generateForPractice(db, keys, p, { seed: 20, asAt: today() });
        await scorePatients(db);
        await publishAggregates(db);
      },
      { syntheticData: true, patientKeys: keys },
    );
    ({ browser, base } = rig);
  }, 300_000);
  afterAll(() => rig?.close());

  async function signedIn(who: keyof typeof USERS, path: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/sign-in?returnTo=${encodeURIComponent(path)}`);
    await page.getByLabel('E-mail').fill(USERS[who][0]);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}${path}`);
    return page;
  }
  /** What the API answers this page's session for a practice's patients (status only). */
  const apiStatus = (page: Page, url: string) =>
    page.evaluate(async (u) => (await fetch(u, { headers: { accept: 'application/json' } })).status, url);
  const rowsOf = (page: Page) => page.locator('table[data-list] tbody tr');

  it('the clinician gives a purpose, pages the lists, records a named GP and a care plan, and sees them listed', async () => {
    const page = await signedIn('clinician', `/practices/${PRACTICE}`);
    // from the practice's page (and the header) to the lists
    await page.getByRole('heading', { name: 'Proactive care', level: 2 }).waitFor();
    await page
      .locator('section[aria-labelledby="proactive-care-heading"]')
      .screenshot({ path: `${SHOTS}/proactive-care-practice-link.png` });
    expect(
      await page
        .getByRole('navigation', { name: 'Menu' })
        .getByRole('link', { name: 'Proactive care' })
        .count(),
    ).toBe(1);
    await page.getByRole('link', { name: /^Patients aged 75 and over and those at highest risk/ }).click();
    await page.getByRole('heading', { name: 'Proactive care', level: 1 }).waitFor();
    expect(await page.title()).toMatch(/^Proactive care – .+ – Lantern$/);

    // no patient row before a purpose: none chosen is refused, linked to the choice
    const form = page.locator('form[aria-labelledby="purpose-heading"]');
    await form.waitFor();
    expect(await page.locator('table[data-list]').count()).toBe(0);
    expect(await form.textContent()).toMatch(/recorded in the audit trail with the purpose you give/);
    await form.getByRole('button', { name: 'Continue' }).click();
    const summary = page.locator('.nhsuk-error-summary');
    await summary.waitFor();
    await summary.getByRole('link', { name: /Choose why you are opening/ }).click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('purpose-direct_care');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/proactive-care-purpose.png`, fullPage: true });
    await form.getByLabel('Case finding for those most at risk').check();
    await form.getByRole('button', { name: 'Continue' }).click();

    // the list of patients aged 75 and over: SYNTHETIC, headline counts, 50 a page, risk highest first
    await rowsOf(page).first().waitFor();
    expect(await page.locator('[data-synthetic]').textContent()).toMatch(
      /These patients are synthetic: generated from the practice’s published age\/sex list sizes and QOF registers; no real patient is shown/,
    );
    expect(await page.locator('[data-purpose]').getAttribute('data-purpose')).toBe('case_finding');
    const headline = await page.locator('[data-headline]').textContent();
    const over75 = Number(/Aged 75 and over([\d,]+)/.exec(headline!)![1]!.replace(/,/g, ''));
    expect(over75).toBeGreaterThan(50);
    expect(headline).toMatch(/Aged 75 and over with a named GP0 \(0\.0%\)/);
    expect(await page.locator('table[data-frailty] tbody tr').count()).toBe(4);
    expect(await page.locator('[data-model]').textContent()).toMatch(/^Risk from .+: .+ \(AUC \d\.\d\d\)\./);
    expect(await rowsOf(page).count()).toBe(50);
    const ages = (await rowsOf(page).locator('td:nth-child(2)').allTextContents()).map(Number);
    expect(ages.every((a) => a >= 75)).toBe(true);
    const risks = (await rowsOf(page).locator('td:nth-child(5)').allTextContents()).map(parseFloat);
    expect(risks).toEqual([...risks].sort((a, b) => b - a));
    expect(await rowsOf(page).first().locator('th').textContent()).toMatch(/^999 \d{3} \d{4}$/);
    expect(await rowsOf(page).first().locator('[data-named-gp]').textContent()).toBe('None recorded');
    expect(await page.getByText(`Showing 1–50 of ${over75} patients.`).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/proactive-care-list.png`, fullPage: true });
    // at 375 px the page reflows (the table scrolls in its own box, not the page sideways)
    const wide = page.viewportSize()!;
    await page.setViewportSize({ width: 375, height: 800 });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await page.screenshot({ path: `${SHOTS}/proactive-care-list-narrow.png`, fullPage: true });
    await page.setViewportSize(wide);
    // the next page, by keyboard
    await page.getByRole('link', { name: /^Next page/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByText(`Showing 51–${Math.min(100, over75)} of ${over75} patients.`).waitFor();
    expect(new URL(page.url()).searchParams.get('page')).toBe('2');
    expect(await page.getByRole('link', { name: /^Previous page/ }).count()).toBe(1);

    // the highest-risk list: the top 2% of adults; open a patient from it
    await page.getByRole('link', { name: 'Highest risk (top 2% of adults)' }).click();
    await page.locator('table[data-list="high_risk"]').waitFor();
    expect(
      await page.getByRole('link', { name: 'Highest risk (top 2% of adults)' }).getAttribute('aria-current'),
    ).toBe('page');
    // the highest-risk patient aged 75 and over (so that the named GP counts in the practice's aggregate)
    const highAges = (await rowsOf(page).locator('td:nth-child(2)').allTextContents()).map(Number);
    expect(highAges.some((a) => a >= 75)).toBe(true);
    const first = rowsOf(page).nth(highAges.findIndex((a) => a >= 75));
    const nhs = (await first.locator('th').textContent())!;
    const id = await first.getAttribute('data-patient');
    await first.getByRole('link', { name: nhs }).click();

    // the patient: synthetic, conditions and deficits named, no care recorded yet
    await page.getByRole('heading', { name: `Patient ${nhs}`, level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/practices/${PRACTICE}/proactive-care/${id}`);
    expect(await page.title()).toMatch(/^Patient – Proactive care – .+ – Lantern$/);
    expect(await page.locator('[data-synthetic]').count()).toBe(1);
    expect(await page.locator('[data-deficits] li').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-patient-summary]').textContent()).toMatch(
      /Emergency admissions in the last 12 months\d+GP appointments in the last 12 months\d+/,
    );
    expect(await page.getByText('Nothing recorded yet.').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);

    // a named GP: one letter is refused against the field; a staff label is recorded
    const gpForm = page.locator('form[aria-labelledby="named-gp-heading"]');
    await gpForm.getByLabel('Named accountable GP').fill('x');
    await gpForm.getByRole('button', { name: 'Record named GP' }).click();
    const gpError = gpForm.getByRole('link', { name: /^Named accountable GP: must name the GP/ });
    await gpError.waitFor();
    expect(await page.locator('#named-gp-error').textContent()).toMatch(/must name the GP/);
    expect(await page.locator('#named-gp').getAttribute('aria-describedby')).toBe(
      'named-gp-hint named-gp-error',
    );
    await gpError.click();
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('named-gp');
    expect(await seriousViolations(page)).toEqual([]);
    await page.keyboard.press('Control+A');
    await page.keyboard.type(NAMED_GP);
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(`Named GP recorded: ${NAMED_GP}.`).waitFor();
    expect(await gpForm.locator('.nhsuk-error-summary').count()).toBe(0);
    await page.locator('[data-patient-summary]', { hasText: `Named GP${NAMED_GP}` }).waitFor();

    // a care plan: a review before any agreement is refused; a date in the future is refused against the date
    const planForm = page.locator('form[aria-labelledby="care-plan-heading"]');
    await planForm.getByLabel('Care plan reviewed').check();
    await fillDate(planForm, 'Date', daysAgo(3));
    await planForm.getByRole('button', { name: 'Record care plan' }).click();
    await planForm.getByText(/There is no agreed care plan to review/).waitFor();
    await planForm.getByLabel('Care plan agreed').check();
    await fillDate(planForm, 'Date', '2099-01-01');
    await planForm.getByRole('button', { name: 'Record care plan' }).click();
    await planForm.getByRole('link', { name: 'Date: must not be in the future' }).waitFor();
    expect(await page.locator('#care-plan-date-error').textContent()).toMatch(/must not be in the future/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/proactive-care-patient-errors.png`, fullPage: true });
    // the page's fetch of the patient after the save is held back, as a slow network would: "recorded" is said
    // only once the page shows what was saved, never beside a form still offering the agreement
    const patientApi = new RegExp(`/api/practices/${PRACTICE}/patients/${id}\\?`);
    await page.route(patientApi, async (r) => {
      await new Promise((done) => setTimeout(done, 600));
      await r.continue();
    });
    await fillDate(planForm, 'Date', daysAgo(30));
    await planForm.getByRole('button', { name: 'Record care plan' }).click();
    await page
      .getByRole('status')
      .getByText(`Care plan agreed on ${dateGb(daysAgo(30))} recorded.`)
      .waitFor();
    // then reviewed: the form now offers the review, after the agreement
    expect(await planForm.getByLabel('Care plan reviewed').isChecked()).toBe(true);
    expect(await planForm.locator('#care-plan-hint').textContent()).toBe(
      `The plan was agreed on ${dateGb(daysAgo(30))}; a review must be on or after that day.`,
    );
    await page.unroute(patientApi);
    await fillDate(planForm, 'Date', daysAgo(2));
    await planForm.getByRole('button', { name: 'Record care plan' }).click();
    await page
      .getByRole('status')
      .getByText(`Care plan reviewed on ${dateGb(daysAgo(2))} recorded.`)
      .waitFor();
    await page
      .locator('[data-patient-summary]', {
        hasText: `Care planCurrent agreed ${dateGb(daysAgo(30))}; last reviewed ${dateGb(daysAgo(2))}`,
      })
      .waitFor();
    const history = page.locator('table[data-history] tbody tr');
    expect(await history.locator('td:first-child').allTextContents()).toEqual([
      'Named GP',
      'Care plan agreed',
      'Care plan reviewed',
    ]);
    expect(await history.first().textContent()).toContain(USERS.clinician[0]);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/proactive-care-patient.png`, fullPage: true });

    // back in the highest-risk list: the patient with the named GP and a current plan; the purpose remembered
    await page.getByRole('link', { name: 'Proactive care', exact: true }).first().click();
    await page.getByRole('link', { name: 'Highest risk (top 2% of adults)' }).click();
    const row = page.locator(`table[data-list="high_risk"] tr[data-patient="${id}"]`);
    await row.waitFor();
    expect(await row.locator('[data-named-gp]').textContent()).toBe(NAMED_GP);
    expect(await row.locator('[data-care-plan]').textContent()).toMatch(
      /^Current agreed .+; last reviewed .+/,
    );
    expect(await page.locator('form[aria-labelledby="purpose-heading"]').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/proactive-care-high-risk.png`, fullPage: true });

    // every list and patient view was audited with the purpose given
    const views = await searchAudit(rig.db, { action: 'population.', limit: 100 });
    const viewed = views.filter((v) => /_viewed$/.test(v.action));
    expect(viewed.length).toBeGreaterThanOrEqual(6);
    expect(viewed.every((v) => (v.details as { purpose?: string }).purpose === 'case_finding')).toBe(true);
    expect(views.map((v) => v.action)).toEqual(
      expect.arrayContaining([
        'population.named_gp',
        'population.care_plan_agreed',
        'population.care_plan_reviewed',
      ]),
    );
    await page.context().close();
  });

  it('a practice with no patient list says how one is made', async () => {
    const page = await signedIn('emptyClinician', `/practices/${EMPTY}/proactive-care`);
    await page.getByLabel('Direct care of the patients listed').check();
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByText('There is no patient list for this practice yet.').waitFor();
    expect(await page.locator('main').textContent()).toContain(
      `lantern population generate --practice ${EMPTY}`,
    );
    expect(await page.locator('main').textContent()).toContain('lantern population import FILE');
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/proactive-care-empty.png`, fullPage: true });
    await page.context().close();
  });

  it('a practice user of the same practice receives no patient row', async () => {
    const page = await signedIn('practice', `/practices/${PRACTICE}`);
    await page.getByRole('heading', { name: 'Registered patients' }).waitFor();
    expect(await page.locator('#proactive-care-heading').count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Proactive care' }).count()).toBe(0);
    await page.goto(`${base}/practices/${PRACTICE}/proactive-care`);
    await page.locator('[data-refused]').waitFor();
    expect(await page.locator('[data-refused]').textContent()).toMatch(
      /You cannot see this practice’s patients/,
    );
    expect(await page.locator('table[data-list]').count()).toBe(0);
    expect(await page.locator('form[aria-labelledby="purpose-heading"]').count()).toBe(0);
    expect(await apiStatus(page, `/api/practices/${PRACTICE}/patients?list=over75&purpose=direct_care`)).toBe(
      404,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/proactive-care-refused.png`, fullPage: true });
    await page.context().close();
  });

  it('a commissioner receives no patient row, and reaches the practice aggregate as an indicator', async () => {
    // the aggregates again, after the clinician's named GP
    await publishAggregates(rig.db);
    const page = await signedIn('lead', `/practices/${PRACTICE}/proactive-care`);
    await page.locator('[data-refused]').waitFor();
    expect(await page.locator('table[data-list]').count()).toBe(0);
    const [{ id }] = await rig.db.query<{ id: number }>(
      'SELECT min(id)::int AS id FROM population_patients WHERE practice_code = $1',
      [PRACTICE],
    );
    expect(await apiStatus(page, `/api/practices/${PRACTICE}/patients/${id}?purpose=direct_care`)).toBe(404);
    expect(
      await apiStatus(page, `/api/practices/${PRACTICE}/patients?list=high_risk&purpose=case_finding`),
    ).toBe(404);
    // the practice's share of over-75s with a named GP, beside its neighbours', on the indicator's page: a local
    // indicator is drawn for the viewer's own area, which the page offers when none is named
    await page.goto(`${base}/indicators/pop_over75_named_gp`);
    await page.getByRole('link', { name: 'Show the practices of QZZ' }).waitFor();
    // …and from the area's overview page, where the practices' proactive-care figures are listed
    await page.goto(`${base}/icbs/QZZ`);
    await page.getByRole('heading', { name: 'Proactive care across the practices' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page
      .getByRole('region', { name: 'Proactive care across the practices' })
      .getByRole('link', { name: 'Patients aged 75 and over with a named accountable GP', exact: true })
      .click();
    await page.waitForURL(/\/indicators\/pop_over75_named_gp\?area=QZZ/);
    await page
      .getByRole('heading', { name: 'Patients aged 75 and over with a named accountable GP', level: 1 })
      .waitFor();
    const row = page.locator('tbody tr', { hasText: PRACTICE });
    await row.waitFor();
    // the one named GP recorded, of the practice's patients aged 75 and over
    const [{ over75 }] = await rig.db.query<{ over75: number }>(
      'SELECT count(*)::int AS over75 FROM population_patients WHERE practice_code = $1 AND age >= 75',
      [PRACTICE],
    );
    expect(await row.locator('td').nth(1).textContent()).toBe('1');
    expect(await row.locator('td').nth(2).textContent()).toBe(over75.toLocaleString('en-GB'));
    for (const n of NEIGHBOURS) expect(await page.locator('tbody tr', { hasText: n }).count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/proactive-care-indicator.png`, fullPage: true });
    await page.context().close();
  });
});
