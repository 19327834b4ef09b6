/**
 * The improvement process in a real browser: a commissioner goes from the ICB overview (tiers, movement, the
 * practices × indicators grid) to a practice, reads its evidence and shares the data; the practice replies with its
 * context; the commissioner chooses a suggested buddy and proposes a support plan, and the timeline shows each step.
 * Every page passes axe-core.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { currentRules, evaluateCached } from '../../src/variation/service.js';
import { listLifecycle, moveIndicator } from '../../src/variation/lifecycle.js';
import { listIndicators } from '../../src/db/repos/indicators.js';
import { today } from '../../src/domain/clock.js';
import { defineLocalIndicator, TEST_PASSWORD } from '../api/sessions.js';
import { fillDate, HAVE_BROWSER, seriousViolations, startRig, type BrowserRig } from './browser.js';

const LEAD = 'lead@qzz.test.lantern.invalid';
const PRACTICE = 'practice@qzz.test.lantern.invalid';

describe.runIf(HAVE_BROWSER)('browser: a commissioner and a practice through an improvement case', () => {
  let rig: BrowserRig;
  let browser: Browser;
  let base: string;
  let practice: { code: string; name: string };
  let worse: string[];
  let calm: { code: string; name: string };
  let titles: Record<string, string>;
  let openForComment: { title: string; closesOn: string };
  beforeAll(async () => {
    rig = await startRig(async (db) => {
      const lead = await createLocalUser(db, { email: LEAD, password: TEST_PASSWORD });
      await addGrant(db, lead.id, 'commissioner_lead', 'QZZ');
      // the practice the case is with: the first that could do better, as the overview lists them (by name)
      const e = await evaluateCached(db, (await currentRules(db))!);
      const [code, d] = [...e.decisions]
        .filter(([, d]) => d.tier === 'could_do_better')
        .sort(([, a], [, b]) => a.name.localeCompare(b.name))[0]!;
      practice = { code, name: d.name };
      titles = Object.fromEntries((await listIndicators(db)).map((x) => [x.code, x.title]));
      worse = [...new Set(d.evidence.filter((x) => x.worseWatch).map((x) => titles[x.indicator]!))];
      // a practice doing well: no indicator worse than expected
      const [calmCode, c] = [...e.decisions]
        .filter(([, d]) => d.tier === 'doing_well' && d.evidence.length > 0)
        .sort(([, a], [, b]) => a.name.localeCompare(b.name))[0]!;
      calm = { code: calmCode, name: c.name };
      // an indicator open for comment until a month from today
      await defineLocalIndicator(db);
      const candidate = (await listLifecycle(db)).find((r) => r.state === 'not_proposed')!;
      const closesOn = new Date(Date.parse(`${today()}T00:00:00Z`) + 30 * 86_400_000)
        .toISOString()
        .slice(0, 10);
      const actor = { email: LEAD, role: 'commissioner_lead' };
      await moveIndicator(db, candidate.code, actor, { to: 'proposed', why: 'Asked by practices' });
      await moveIndicator(db, candidate.code, actor, {
        to: 'open_for_comment',
        why: 'For comment',
        closesOn,
      });
      openForComment = { title: candidate.title, closesOn };
      const user = await createLocalUser(db, { email: PRACTICE, password: TEST_PASSWORD });
      await addGrant(db, user.id, 'practice_user', code);
    });
    ({ browser, base } = rig);
  });
  afterAll(() => rig?.close());

  async function signInAs(page: Page, email: string, returnTo: string) {
    await page.goto(`${base}/sign-in?returnTo=${encodeURIComponent(returnTo)}`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }
  async function takeStep(page: Page, step: string, why: string) {
    await page.getByLabel('Step', { exact: true }).selectOption({ label: step });
    await page.locator('#step-why').fill(why);
  }

  it('walks from the ICB overview to a support plan', async () => {
    const lead = await browser.newContext();
    const page = await lead.newPage();
    await signInAs(page, LEAD, '/icbs/QZZ');

    // the ICB overview: tiers with movement, the grid coloured by significance, the biggest changes
    await page.getByRole('heading', { name: 'Practice tiers' }).waitFor();
    const tiers = page.locator('section[aria-labelledby="tiers-heading"]');
    await tiers.getByRole('heading', { name: 'Practices and indicators' }).waitFor();
    expect(await tiers.textContent()).toMatch(/Since the period before: \d+ moved to a better tier/);
    const grid = tiers.locator('table.lantern-matrix');
    // the area's 36 practices, 25 to a page, worst first: the practice that could do better is on the first
    expect(await grid.locator('tbody tr').count()).toBe(25);
    expect(await tiers.getByText(/^Showing 1–25 of 36 practices\.$/).count()).toBe(1);
    const row = grid.locator('tbody tr', {
      has: page.getByRole('link', { name: practice.name, exact: true }),
    });
    // the practice that could do better has a cell worse than expected, said in words as well as colour
    expect(
      await row.locator('td.lantern-cell--worse_watch, td.lantern-cell--worse_strict').count(),
    ).toBeGreaterThan(0);
    expect(await row.textContent()).toMatch(/worse than expected beyond (95|99\.8)% limits/);
    await tiers.getByRole('heading', { name: 'Biggest changes since the period before' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/icb-overview.png', fullPage: true });

    // to the practice and its evidence, then share the data
    await row.getByRole('link', { name: practice.name, exact: true }).click();
    const evidence = page.locator('section[aria-labelledby="tier-heading"]');
    await evidence.getByRole('table').waitFor();
    expect(await evidence.textContent()).toMatch(/worse than expected beyond/);
    const improvement = page.locator('section[aria-labelledby="improvement-heading"]');
    await improvement.getByText('No improvement case with this practice.').waitFor();
    // the indicators worse than expected are chosen, by title
    const chosen = improvement.getByRole('group', { name: 'Indicators the case is about' });
    expect(worse.length).toBeGreaterThan(0);
    for (const title of worse)
      expect(await chosen.getByLabel(`${title} (worse than expected)`).isChecked()).toBe(true);
    await improvement.getByLabel('Why now (recorded in the case)').fill('Quarterly review of prescribing.');
    await improvement.getByRole('button', { name: 'Share the data and open a case' }).click();
    await page.getByRole('heading', { name: practice.name, level: 1 }).waitFor();
    expect(await page.locator('[data-stage]').textContent()).toBe('Data shared with the practice');
    expect(await page.locator('.lantern-timeline li').count()).toBe(1);
    // the commissioner cannot yet take anything beyond the commissioner and the practice
    const steps = await page.getByLabel('Step', { exact: true }).locator('option').allTextContents();
    expect(steps).toEqual(['Choose…', 'Practice reply (on its behalf)', 'Closed', 'Note']);
    expect(await seriousViolations(page)).toEqual([]);
    const caseUrl = new URL(page.url()).pathname;

    // the practice replies with its context
    const own = await browser.newContext();
    const p2 = await own.newPage();
    await signInAs(p2, PRACTICE, caseUrl);
    await p2.getByRole('heading', { name: practice.name, level: 1 }).waitFor();
    await takeStep(
      p2,
      'Practice reply',
      'A care home joined our list in the spring; we are reviewing its prescribing.',
    );
    await p2.getByRole('button', { name: 'Record this step' }).click();
    await p2.locator('[data-stage]', { hasText: 'Practice has replied' }).waitFor();
    expect(await seriousViolations(p2)).toEqual([]);
    // and adds context to one of its values on its own page
    await p2.goto(`${base}/practices/${practice.code}`);
    const context = p2.locator('section[aria-labelledby="context-heading"]');
    await context.getByLabel(/^Context \(seen by/).fill('Winter 2019: a flu outbreak in the care home.');
    await context.getByRole('button', { name: 'Add context' }).click();
    await context.getByText(/a flu outbreak in the care home/).waitFor();
    expect(await seriousViolations(p2)).toEqual([]);
    await own.close();

    // the commissioner chooses a suggested buddy, then proposes a support plan
    await page.reload();
    await page.locator('[data-stage]', { hasText: 'Practice has replied' }).waitFor();
    await page.getByLabel('Step', { exact: true }).selectOption({ label: 'Buddy' });
    const buddies = page.getByRole('group', { name: 'Suggested buddies' });
    await buddies.waitFor();
    const first = buddies.getByRole('radio').first();
    expect(await first.isChecked()).toBe(true);
    const label = await buddies.locator('label').first().textContent();
    expect(label).toMatch(/similarity rank \d+, mean z-score \d+\.\d\d on the better side/);
    const [, buddyName, buddyCode] = /^(.+?) \(([A-Z]\d{5})\)/.exec(label!)!;
    expect(buddyCode).not.toBe(practice.code);
    expect(await seriousViolations(page)).toEqual([]);
    await page.locator('#step-why').fill('Similar list, best on the indicator in question.');
    await page.getByRole('button', { name: 'Record this step' }).click();
    await page.locator('[data-stage]', { hasText: 'Buddy agreed' }).waitFor();

    await page.getByLabel('Step', { exact: true }).selectOption({ label: 'Support plan proposed' });
    await page.getByLabel('Action 1', { exact: true }).fill('Review prescribing for the care home residents');
    await page.getByLabel('Owner of action 1 (a role, not a name)').fill('Practice pharmacist');
    await fillDate(page, 'Review action 1 by', '2099-03-01');
    await page.getByRole('button', { name: 'Add another action' }).click();
    await page.getByLabel('Action 2', { exact: true }).fill('Visit the buddy practice');
    await page.getByLabel('Owner of action 2 (a role, not a name)').fill('Practice manager');
    await fillDate(page, 'Review action 2 by', '2099-02-01');
    await page.locator('#step-why').fill('Agreed at the practice visit.');
    await page.getByRole('button', { name: 'Record this step' }).click();
    await page.locator('[data-stage]', { hasText: 'Support plan' }).waitFor();

    // the timeline holds every step, with the reply and the plan's actions
    const timeline = page.locator('.lantern-timeline > li');
    expect(await timeline.count()).toBe(4);
    expect(await timeline.locator('strong').allTextContents()).toEqual([
      'Data shared',
      'Practice reply',
      'Buddy',
      'Support plan proposed',
    ]);
    expect(await timeline.nth(1).textContent()).toMatch(/A care home joined our list/);
    // the buddy by name, with its code beside it
    expect(await timeline.nth(2).textContent()).toContain(`Buddy: ${buddyName} (${buddyCode})`);
    expect(await timeline.nth(3).locator('tbody tr').count()).toBe(2);
    expect(await page.textContent('body')).toMatch(/Review due 1 Feb 2099/);
    expect(await page.textContent('body')).toMatch(/Awaiting the practice’s agreement/);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/improvement-case.png', fullPage: true });

    // the improvement list shows the case with its next date; the inbox says when alerts arrive
    await page.getByRole('link', { name: 'Improvement', exact: true }).click();
    await page.getByRole('heading', { name: 'Improvement cases' }).waitFor();
    await page.getByRole('link', { name: /^Case \d+$/ }).waitFor();
    expect(await page.locator('table tbody tr').first().textContent()).toMatch(
      /Support plan.*Review due 1 Feb 2099/,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Inbox', exact: true }).click();
    await page.getByText(/No alerts\. They appear here after results are computed/).waitFor();
    expect(await seriousViolations(page)).toEqual([]);

    // choosing indicators with the practices: the lead proposes nothing new here, but reads an adopted one's history
    await page.goto(`${base}/indicators/choosing`);
    await page.getByRole('heading', { name: 'Choosing indicators' }).waitFor();
    await page
      .locator('tbody tr', { hasText: 'Adopted' })
      .first()
      .getByRole('button', { name: /^Comments and moves/ })
      .click();
    await page.locator('#lifecycle-heading').waitFor();
    expect(await page.locator('section[aria-labelledby="lifecycle-heading"]').textContent()).toMatch(
      /Adopted\. Practices: 0 agree, 0 disagree, 0 commented only/,
    );
    expect(await page.getByLabel('To', { exact: true }).locator('option').allTextContents()).toEqual([
      'Choose…',
      'Retired',
    ]);
    expect(await seriousViolations(page)).toEqual([]);
    await lead.close();
  });

  it('opens a case with a practice that has no flags, on the indicators the commissioner names', async () => {
    const lead = await browser.newContext();
    const page = await lead.newPage();
    await signInAs(page, LEAD, `/practices/${calm.code}`);
    const improvement = page.locator('section[aria-labelledby="improvement-heading"]');
    const chosen = improvement.getByRole('group', { name: 'Indicators the case is about' });
    await chosen.waitFor();
    expect(await chosen.textContent()).toMatch(/No indicator is worse than expected/);
    const boxes = chosen.getByRole('checkbox');
    expect(await boxes.count()).toBeGreaterThan(0);
    for (const box of await boxes.all()) expect(await box.isChecked()).toBe(false);
    expect(await seriousViolations(page)).toEqual([]);
    // none chosen: the page says so and opens nothing
    await improvement.getByLabel('Why now (recorded in the case)').fill('A practice asked for a buddy.');
    await improvement.getByRole('button', { name: 'Share the data and open a case' }).click();
    // the summary takes the focus and links to the first box; the group says the same
    const summary = improvement.locator('.nhsuk-error-summary');
    await summary.getByRole('link', { name: 'Choose at least one indicator the case is about.' }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.className)).toBe('nhsuk-error-summary');
    expect(await chosen.locator('.nhsuk-error-message').textContent()).toContain(
      'Choose at least one indicator the case is about.',
    );
    expect(await seriousViolations(page)).toEqual([]);
    // one chosen by its title: the case opens about it
    const label = (await chosen.locator('label').first().textContent())!;
    const code = Object.entries(titles).find(([, t]) => t === label)![0];
    await chosen.getByLabel(label, { exact: true }).check();
    await improvement.getByRole('button', { name: 'Share the data and open a case' }).click();
    await page.getByRole('heading', { name: calm.name, level: 1 }).waitFor();
    expect(await page.locator('[data-stage]').textContent()).toBe('Data shared with the practice');
    // (by code or by title: the case page names it)
    expect(await page.locator('.lantern-timeline').textContent()).toMatch(
      new RegExp(`Indicators in question: (${code}|${label.replace(/[()]/g, '\\$&')})`),
    );
    expect(await seriousViolations(page)).toEqual([]);

    // an indicator open for comment cannot be adopted before its comments close: the option says from when
    await page.goto(`${base}/indicators/choosing`);
    await page.getByRole('heading', { name: 'Choosing indicators' }).waitFor();
    await page
      .locator('tbody tr', { hasText: openForComment.title })
      .getByRole('button', { name: /^Comments and moves/ })
      .click();
    await page.locator('#lifecycle-heading', { hasText: openForComment.title }).waitFor();
    const adopt = page.getByLabel('To', { exact: true }).locator('option', { hasText: /^Adopted/ });
    expect(await adopt.isDisabled()).toBe(true);
    const from = new Date(Date.parse(`${openForComment.closesOn}T00:00:00Z`) + 86_400_000)
      .toISOString()
      .slice(0, 10);
    expect(await adopt.textContent()).toBe(`Adopted (from ${from})`);
    expect(await page.locator('#to-hint').textContent()).toBe(
      `It can be adopted from ${from}: practices may comment until the end of ${openForComment.closesOn}.`,
    );
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: 'test-results/choosing-open-for-comment.png', fullPage: true });
    await lead.close();
  });
});
