/**
 * The whole concern flow in a real browser: a practice user logs a concern; the commissioner acknowledges,
 * triages and sends it to the provider; a provider user responds (without seeing who reported it); the
 * commissioner reviews and closes it. The deadlines shown at each step are checked against the calendar,
 * and every page passes axe-core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { setClock } from '../../src/domain/clock.js';
import { TEST_PASSWORD } from '../api/sessions.js';
import { STATE_LABEL } from '../../src/concerns/workflow.js';
import { fillDate, HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

const USERS = {
  practice: ['practice@qzz.test.lantern.invalid', 'practice_user', 'Z10001'],
  lead: ['lead@qzz.test.lantern.invalid', 'commissioner_lead', 'QZZ'],
  provider: ['provider@rz1.test.lantern.invalid', 'provider_user', 'RZ1'],
} as const;

describe.runIf(HAVE_BROWSER)('browser: a concern from practice to provider and back', () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  beforeAll(async () => {
    setClock('2026-12-22T09:00:00Z');
    rig = await startRig(async (db) => {
      for (const [email, role, org] of Object.values(USERS)) {
        const u = await createLocalUser(db, { email, password: TEST_PASSWORD });
        await addGrant(db, u.id, role, org);
      }
    });
    ({ browser, base } = rig);
  });
  afterAll(async () => {
    setClock(null);
    await rig?.close();
  });

  async function signedIn(who: keyof typeof USERS, path: string): Promise<Page> {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${base}/sign-in?returnTo=${encodeURIComponent(path)}`);
    await page.getByLabel('E-mail').fill(USERS[who][0]);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${base}${path}`);
    return page;
  }
  const dueOf = async (page: Page, name: string) =>
    page.locator(`tr[data-deadline="${name}"] td[data-due]`).getAttribute('data-due');
  const step = async (page: Page, to: string, reason: string, outcome?: string) => {
    await page.getByLabel('Move the concern').selectOption(to);
    if (outcome) await page.getByLabel('Outcome').selectOption(outcome);
    await page.locator('#reason').fill(reason);
    await page.getByRole('button', { name: 'Record this step' }).click();
    await page.locator(`[data-status="${to}"]`).waitFor();
  };

  it('logs, triages, sends, answers and closes a concern with the right deadlines at each step', async () => {
    // 1. The practice reports a late discharge summary.
    const gp = await signedIn('practice', '/concerns/new');
    await gp.getByLabel('Provider (search by name or ODS code)').fill('RZ1');
    await gp.locator('#provider option[value="RZ1"]').waitFor({ state: 'attached' });
    await gp.getByLabel('Choose the provider').selectOption('RZ1');
    await gp.getByLabel('What kind of concern').selectOption('discharge_summary_late');
    await gp.getByLabel('Low').check();
    await fillDate(gp, 'Date it happened', '2026-12-14');
    await gp.getByLabel('What happened').fill('Discharge summary arrived nine days after an inpatient stay.');
    await gp.getByLabel('Patient’s NHS number (optional)').fill('943 476 5919');
    expect(await seriousViolations(gp)).toEqual([]);
    await gp.getByRole('button', { name: 'Submit the concern' }).click();
    await gp.locator('[data-status="submitted"]').waitFor();
    const id = /\/concerns\/(\d+)$/.exec(gp.url())![1];
    // Tuesday 22 Dec 2026: acknowledge by Thu 24 Dec; triage in 5 working days, past Christmas and the
    // Boxing Day substitute (Mon 28 Dec), by Thu 31 Dec.
    expect(await dueOf(gp, 'acknowledge')).toBe('2026-12-24');
    expect(await dueOf(gp, 'triage')).toBe('2026-12-31');
    expect(await gp.locator('tr[data-deadline="triage"]').textContent()).toContain('31 Dec 2026');
    expect(await seriousViolations(gp)).toEqual([]);

    // 2. The commissioner acknowledges, triages and sends it to the provider.
    const lead = await signedIn('lead', `/concerns/${id}`);
    await lead.getByRole('button', { name: 'Acknowledge receipt' }).click();
    await lead.locator('tr[data-deadline="acknowledge"]').getByText('Met').waitFor();
    await step(lead, 'triaged', 'Within the quality alert process; contract standard applies.');
    await step(lead, 'with_provider', 'Please review the discharge summary process on this ward.');
    // 10 working days from 22 Dec: 23, 24, 29, 30, 31 Dec, then 4–8 Jan (1 Jan is a bank holiday)
    expect(await dueOf(lead, 'providerResponse')).toBe('2027-01-08');
    expect(await seriousViolations(lead)).toEqual([]);

    // 3. The provider answers on 6 January, without learning who reported it or the NHS number.
    setClock('2027-01-06T10:00:00Z');
    const trust = await signedIn('provider', '/concerns');
    await trust.getByRole('link', { name: `#${id}` }).click();
    await trust.locator('[data-status="with_provider"]').waitFor();
    const text = await trust.locator('main').textContent();
    expect(text).toContain('Hidden from the provider');
    expect(text).not.toContain('practice@qzz');
    expect(text).not.toContain('Z10001');
    expect(text).not.toMatch(/NHS number/);
    expect(await trust.getByLabel('Move the concern').locator('option').allTextContents()).toEqual([
      'Choose…',
      'Record the provider’s response',
    ]);
    await step(trust, 'provider_responded', 'Ward clerk cover added; summaries now checked daily.');
    expect(await trust.locator('tr[data-deadline="providerResponse"]').textContent()).toContain(
      'Met 6 Jan 2027',
    );
    // the commissioner's review: 10 working days from Wed 6 Jan 2027
    expect(await dueOf(trust, 'commissionerReview')).toBe('2027-01-20');
    expect(await seriousViolations(trust)).toEqual([]);

    // 4. The commissioner reviews and closes it (signing in again: sessions idle out on the clock's time).
    const lead2 = await signedIn('lead', `/concerns/${id}`);
    await step(lead2, 'commissioner_review', 'Response reviewed with the contract team.');
    await step(lead2, 'closed', 'Action plan accepted; will watch the theme.', 'concern_upheld');
    const history = await lead2.locator('ol.lantern-timeline li').allTextContents();
    expect(
      history.map((h) => /: .+ → (.+?) by /.exec(h)?.[1] ?? /created|acknowledged/.exec(h)?.[0]),
    ).toEqual([
      'created',
      // each step in words, not state codes
      STATE_LABEL.submitted,
      'acknowledged',
      STATE_LABEL.triaged,
      STATE_LABEL.with_provider,
      STATE_LABEL.provider_responded,
      STATE_LABEL.commissioner_review,
      STATE_LABEL.closed,
    ]);
    expect(await lead2.locator('tr[data-deadline="commissionerReview"]').textContent()).toContain(
      'Met 6 Jan 2027',
    );
    expect(await seriousViolations(lead2)).toEqual([]);
    setClock('2026-12-22T09:00:00Z');
  });

  it('shows the provider scorecard with its surveillance status and the themes page', async () => {
    const lead = await signedIn('lead', '/trusts/RZ1');
    await lead.getByRole('heading', { name: 'Provider scorecard' }).waitFor();
    await lead.locator('[data-surveillance="routine"]').waitFor();
    await lead.locator('#level').selectOption('enhanced');
    await lead.getByLabel('Rationale').fill('Repeated discharge-letter concerns from several practices.');
    await lead.getByRole('button', { name: 'Record the change' }).click();
    await lead.locator('[data-surveillance="enhanced"]').waitFor();
    expect(await lead.locator('main').textContent()).toContain('Repeated discharge-letter concerns');
    expect(await seriousViolations(lead)).toEqual([]);
    await lead.goto(`${base}/concerns/themes`);
    await lead.getByRole('heading', { name: 'Concerns by provider, category and service' }).waitFor();
    expect(await seriousViolations(lead)).toEqual([]);
  });

  it('records serious incidents on a trust’s page, choosing the regime, and moves one on', async () => {
    const lead = await signedIn('lead', '/trusts/RZ1');
    const record = lead.getByRole('form', { name: 'Record a serious incident' });
    await record.waitFor();
    expect(await seriousViolations(lead)).toEqual([]);
    // under the 2015 framework: deadlines from the day it was identified (Tue 22 Dec 2026)
    await record.getByLabel('Title').fill('Delayed escalation of a deteriorating inpatient');
    await record
      .getByLabel('What happened (no patient identifiers)')
      .fill('Early warning score not acted on for six hours.');
    await fillDate(record, 'Identified on', '2026-12-22');
    await record.getByLabel('Harm (optional)').selectOption('severe');
    await record.getByLabel(/^Serious Incident Framework 2015/).check();
    await record.getByRole('button', { name: 'Record the incident' }).click();
    const table = lead.locator('table', { has: lead.getByRole('columnheader', { name: 'Regime' }) });
    const sif = table.locator('tr', { hasText: 'Delayed escalation of a deteriorating inpatient' });
    await sif.waitFor();
    expect(await sif.textContent()).toContain('Serious Incident Framework 2015');
    // reported within 2 working days: 23 and 24 Dec 2026
    expect(await sif.textContent()).toContain('Reported (StEIS) by 2026-12-24');
    // initial review 3 working days on, past Christmas and the Boxing Day substitute (Mon 28 Dec)
    expect(await sif.textContent()).toContain('Initial review by 2026-12-29');
    // under PSIRF: no fixed clock
    await record.getByLabel('Title').fill('Missed follow-up of an abnormal result');
    await record.getByLabel('What happened (no patient identifiers)').fill('Result filed without review.');
    await fillDate(record, 'Identified on', '2026-12-21');
    await record.getByLabel(/^PSIRF/).check();
    await record.getByRole('button', { name: 'Record the incident' }).click();
    const psirf = table.locator('tr', { hasText: 'Missed follow-up of an abnormal result' });
    await psirf.waitFor();
    expect(await psirf.textContent()).toContain('PSIRF (no fixed clock)');
    expect(await seriousViolations(lead)).toEqual([]);

    // the 2015 incident is reported and investigated: its status and the report deadline met
    const update = lead.getByRole('form', {
      name: 'Update: Delayed escalation of a deteriorating inpatient',
    });
    await update.getByLabel('Status').selectOption('investigating');
    await fillDate(update, 'Reported on StEIS on', '2026-12-23');
    await update.getByRole('button', { name: 'Update the incident' }).click();
    await sif.getByText('Investigating', { exact: true }).waitFor();
    // the initial review now runs from the day it was reported
    expect(await sif.textContent()).toContain('Initial review by 2026-12-30');
    expect(await seriousViolations(lead)).toEqual([]);
    await lead.screenshot({ path: 'test-results/trust-incidents.png', fullPage: true });

    // the provider's own users see the incidents but no form to record or change them
    const trust = await signedIn('provider', '/trusts/RZ1');
    await trust.getByRole('heading', { name: 'Provider scorecard' }).waitFor();
    await trust.getByRole('heading', { name: 'Serious incidents' }).waitFor();
    expect(await trust.getByRole('form', { name: 'Record a serious incident' }).count()).toBe(0);
    expect(await trust.getByRole('button', { name: 'Update the incident' }).count()).toBe(0);
  });
});
