/**
 * The hierarchy "as it is now" and "as it was then" on the real ODS files, through the API and on the pages that
 * showed closed organisations as current: Greater Manchester ICB's members, Pennine Acute (closed 2021), Central
 * and South Manchester CCGs (merged 2017) and the demo practice P84004's breadcrumb and parents.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import type { FastifyInstance } from 'fastify';
import { buildServer, WEB_DIST } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import type { Database } from '../../src/db/connect.js';
import { today } from '../../src/domain/clock.js';
import { openTestPglite } from '../db/databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';
import { HAVE_BROWSER, launchBrowser, seriousViolations } from './browser.js';

const FILES = [
  'ods/eccg_2016-01.csv',
  'ods/eccg_2018-11.csv',
  'ods/epraccur_2016-01.csv',
  'ods/epraccur_2021-11.csv',
  'ods/nhs_trusts_2023.csv',
  'ods/practice_pcn_ccg_stp_region_2020-21.csv',
  'ods/ccg_to_icb_2022.csv',
];

interface Related {
  code: string;
  type: string;
  relationship: string;
}

describe.runIf(HAS_SHARED_DATA)('the hierarchy as it is now, on real ODS files', () => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await openTestPglite();
    for (const f of FILES) await ingestFile(db, shared(f));
    app = await buildServer(db, { rateLimit: false });
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await db?.close();
  });

  const page = async (path: string) => {
    const r = await app.inject({ method: 'GET', url: `/api/organisations/${path}` });
    expect(r.statusCode).toBe(200);
    return r.json() as { at: string; parents: Related[]; children: Related[] };
  };

  it('GET /api/icbs/QOP lists 14L and open trusts as members now, not 00W, 01M, 01N or RW6', async () => {
    const qop = await page('QOP');
    expect(qop.at).toBe(today());
    const members = qop.children.map((c) => c.code);
    expect(members).toEqual(expect.arrayContaining(['14L', 'R0A']));
    for (const closed of ['00W', '01M', '01N', 'RW6']) expect(members).not.toContain(closed);
  });

  it('GET /api/trusts/RW6 gives a trust closed in 2021 no ICB or region now, and its ICB is not back-dated', async () => {
    expect((await page('RW6')).parents).toEqual([]);
    expect((await page('RW6?at=2021-06-01')).parents.map((p) => p.relationship)).toEqual(['trust_region']);
  });

  it('GET /api/practices/P84004 gives one CCG, ICB and region now and the 2013 structure in 2016', async () => {
    const types = (ps: Related[]) => ps.map((p) => `${p.type}:${p.code}`).sort();
    expect(types((await page('P84004')).parents)).toEqual([
      'icb:QOP',
      'pcn:U49529',
      'region:Y62',
      'sub_icb:14L',
    ]);
    expect(types((await page('P84004?at=2016-06-01')).parents)).toEqual([
      'area_team:Q73',
      'region:Y54',
      'sub_icb:01M',
    ]);
  });

  describe.runIf(HAVE_BROWSER)('in the browser', () => {
    let browser: Browser;
    let tab: Page;
    let base: string;
    beforeAll(async () => {
      if (!existsSync(WEB_DIST)) throw new Error('the web UI is not built: run `npm run build:web`');
      base = await app.listen({ port: 0, host: '127.0.0.1' });
      browser = await launchBrowser();
      tab = await browser.newPage();
      // fonts come from assets.nhs.uk, which this machine cannot reach
      await tab.route(/^https:\/\/assets\.nhs\.uk\//, (r) => r.abort());
    });
    afterAll(() => browser?.close());

    const open = async (path: string, heading: string) => {
      await tab.goto(base + path);
      await tab.getByRole('heading', { level: 1, name: heading }).waitFor();
      await tab.waitForLoadState('networkidle');
    };
    const crumbs = () =>
      tab.getByRole('navigation', { name: 'Breadcrumb' }).getByRole('link').allTextContents();
    const keys = () => tab.locator('dl.nhsuk-summary-list dt').allTextContents();

    it("the ICB's members now are open CCGs and trusts", async () => {
      await open('/icbs/QOP', 'NHS Greater Manchester Integrated Care Board');
      const members = tab.getByRole('region', { name: /^Members on/ });
      await members.getByRole('link', { name: 'NHS Manchester CCG' }).waitFor();
      const names = await members.getByRole('link').allTextContents();
      expect(names).not.toContain('NHS CENTRAL MANCHESTER CCG');
      expect(names).not.toContain('NHS NORTH MANCHESTER CCG');
      expect(names).not.toContain('NHS SOUTH MANCHESTER CCG');
      expect(names).not.toContain('Pennine Acute Hospitals NHS Trust');
    });

    it('a closed trust is shown closed, in no ICB; a merged CCG with its successor', async () => {
      await open('/trusts/RW6', 'Pennine Acute Hospitals NHS Trust');
      expect(await tab.locator('.lantern-closed').textContent()).toMatch(
        /^Closed on 2021-09-30\. After that date/,
      );
      expect(await keys()).not.toContain('ICB');
      expect(await seriousViolations(tab)).toEqual([]);
      await open('/ccgs/00W', 'NHS CENTRAL MANCHESTER CCG');
      expect(await tab.locator('.lantern-closed').textContent()).toMatch(
        /^Closed on 2017-03-31: merged into NHS Manchester CCG \(14L\) on 2017-04-01\./,
      );
      expect(await crumbs()).toEqual(['Home']);
      // South Manchester has no practices in the shared data: its close is read from the CCG registers
      await open('/ccgs/01N', 'NHS SOUTH MANCHESTER CCG');
      expect(await tab.locator('.lantern-closed').textContent()).toMatch(
        /^Closed on 2017-03-31: merged into NHS Manchester CCG \(14L\) on 2017-04-01\./,
      );
      expect(await keys()).not.toContain('ICB');
    });

    it("practice P84004's breadcrumb and parents are today's structure, and 2016's on 2016-06-01", async () => {
      await open('/practices/P84004', 'FIVE OAKS FAMILIY PRACTICE');
      expect(await crumbs()).toEqual([
        'Home',
        'North West',
        'NHS Greater Manchester Integrated Care Board',
        'NHS Manchester CCG',
      ]);
      const now = await keys();
      expect(now.filter((k) => k === 'Region')).toHaveLength(1);
      expect(now).not.toContain('Area team');
      await open('/practices/P84004?at=2016-06-01', 'FIVE OAKS FAMILIY PRACTICE');
      expect(await crumbs()).toEqual(['Home', 'Y54', 'Q73', 'NHS NORTH MANCHESTER CCG']);
    });
  });
});
