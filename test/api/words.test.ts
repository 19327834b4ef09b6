/**
 * Words for people, not codes, on the real sample data (issue 15 item 5): what the API hands the pages names a
 * service by its treatment function name, a provider by its name, a measure or indicator by its title, a tier by its
 * label and a buddy practice by its name; each expected name is read from the loaded data or the one table of names.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { demoScope } from '../../src/auth/accounts-setup.js';
import { seedDemoConcerns } from '../../src/concerns/demo.js';
import { PatientKeys } from '../../src/concerns/nhs-number.js';
import { SERVICES } from '../../src/concerns/taxonomy.js';
import { TIER_LABEL } from '../../src/variation/rules.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { describeEachDatabase } from '../db/databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';
import { call, signIn, TEST_PASSWORD, type TestSession } from './sessions.js';

const FILES = [
  'ods/eccg_2018-11.csv',
  'ods/epraccur_2021-11.csv',
  'ods/ccg_to_icb_2022.csv',
  'ods/nhs_trusts_2023.csv',
  'prescribing/manchester_antibacterial_items_cost_listsize_2014-10_2019-09.csv',
  'provider/healthyr_snapshots/rtt_waiting_times_by_trust_2022_single_month.csv',
  'provider/healthyr_snapshots/diagnostic_waiting_times_by_trust_2022_single_month.csv',
  'provider/healthyr_snapshots/ae_attendances_by_trust_2022_single_month.csv',
  'provider/healthyr_snapshots/outpatient_referrals_by_trust_2022_single_month.csv',
];

if (HAS_SHARED_DATA)
  describeEachDatabase('names instead of codes on the real sample data', (t) => {
    let db: Database;
    let app: FastifyInstance;
    let lead: TestSession;
    const nameOf = async (code: string) =>
      (await db.query<{ name: string }>(`SELECT name FROM organisations WHERE code = $1`, [code]))[0]?.name;
    const titleOf = async (code: string) =>
      (
        await db.query<{ title: string }>(
          `SELECT title FROM indicators WHERE code = $1 ORDER BY version DESC LIMIT 1`,
          [code],
        )
      )[0]?.title;

    beforeAll(async () => {
      db = await t.open();
      for (const f of FILES) await ingestFile(db, shared(f));
      const scope = (await demoScope(db))!;
      expect(scope.icb).toBe('QOP');
      expect(await seedDemoConcerns(db, PatientKeys.random(), scope)).toBeGreaterThan(100);
      app = await buildServer(db, { rateLimit: false });
      const u = await createLocalUser(db, { email: 'lead@test.lantern.invalid', password: TEST_PASSWORD });
      await addGrant(db, u.id, 'commissioner_lead', 'QOP');
      lead = await signIn(app, 'lead@test.lantern.invalid', 'commissioner_lead');
    }, 600_000);
    afterAll(async () => {
      await app?.close();
      if (db) await t.dispose(db);
    });

    it('themes name each service by its treatment function (340 Respiratory medicine, 430 Elderly medicine) and each signal’s provider by name', async () => {
      const r = await call(app, lead, { method: 'GET', url: '/api/concerns/themes' });
      expect(r.statusCode).toBe(200);
      const { rows, signals } = r.json();
      const byService = new Map<string, string>(
        rows.map((x: { service: string; serviceLabel: string }) => [x.service, x.serviceLabel]),
      );
      expect(byService.get('340')).toBe('Respiratory medicine');
      expect(byService.get('430')).toBe('Elderly medicine');
      for (const x of rows) if (x.service) expect(x.serviceLabel).toBe(SERVICES[x.service]);
      expect(signals.length).toBeGreaterThan(0);
      for (const s of signals) {
        expect(s.providerName).toBe(await nameOf(s.providerCode));
        expect(s.providerName).not.toBe(s.providerCode);
      }
    });

    it('one concern names its service', async () => {
      const [c] = await db.query<{ id: number; service: string }>(
        `SELECT id, service FROM concerns WHERE service = '340' AND status <> 'draft' ORDER BY id LIMIT 1`,
      );
      const r = await call(app, lead, { method: 'GET', url: `/api/concerns/${c!.id}` });
      expect(r.statusCode).toBe(200);
      expect(r.json()).toMatchObject({ service: '340', serviceLabel: 'Respiratory medicine' });
    });

    it('choosing where to refer heads each measure’s column with its title, whichever provider comes first', async () => {
      const r = await call(app, lead, { method: 'GET', url: '/api/referral-choice?service=340' });
      expect(r.statusCode).toBe(200);
      const { columns, service } = r.json();
      expect(service).toEqual({ code: '340', label: 'Respiratory medicine' });
      expect(columns.map((c: { code: string }) => c.code)).toEqual([
        'rtt_incomplete_18w',
        'rtt_incomplete_52w',
        'diagnostics_6w',
        'ae_within_4h_all',
      ]);
      for (const c of columns) {
        expect(c.title).toBe(await titleOf(c.code));
        expect(c.title).not.toBe(c.code);
      }
    });

    it('an improvement case names its indicators by title, its tier by label and its buddy practice by name', async () => {
      // a case on a Greater Manchester practice about its antibacterial prescribing, with a buddy chosen
      const [pick] = await db.query<{ practice: string; buddy: string }>(
        `SELECT min(org_code) AS practice, max(org_code) AS buddy FROM indicator_values
          WHERE indicator_code = 'antibacterial_cost_per_1000' AND current`,
      );
      const [{ id }] = await db.query<{ id: number }>(
        `INSERT INTO improvement_cases (practice_code, stage, indicators, rule_version, tier_at_opening, buddy_code,
           review_due, opened_by, opened_at)
         VALUES ($1, 'buddied', $2, 1, 'could_do_better', $3, '2027-01-29', 'lead@test.lantern.invalid', now())
         RETURNING id`,
        [pick!.practice, JSON.stringify(['antibacterial_cost_per_1000']), pick!.buddy],
      );
      const r = await call(app, lead, { method: 'GET', url: `/api/improvement/${id}` });
      expect(r.statusCode, r.body).toBe(200);
      const c = r.json().case;
      expect(c.indicatorTitles).toEqual({
        antibacterial_cost_per_1000: await titleOf('antibacterial_cost_per_1000'),
      });
      expect(c.indicatorTitles.antibacterial_cost_per_1000).toBe(
        'Antibacterial cost per 1,000 registered patients',
      );
      expect(c.tierAtOpeningLabel).toBe(TIER_LABEL.could_do_better);
      expect(c.buddyName).toBe(await nameOf(pick!.buddy));
      expect(c.buddyName).toMatch(/[a-z]/i);
    });
    it('the ICB’s tier table lists every open member practice by name: those without counts with no tier and why, closed ones never', async () => {
      const r = await call(app, lead, { method: 'GET', url: '/api/tiers?area=QOP' });
      expect(r.statusCode, r.body).toBe(200);
      const body = r.json() as {
        noTier: number;
        practices: Array<{ code: string; name: string; tier: string | null; reason: string }>;
      };
      // the members as the 2021 practice file and the 2022 CCG-to-ICB file have them, open and in a QOP sub-ICB
      const members = await db.query<{ code: string; name: string }>(
        `SELECT o.code, o.name FROM organisations o
          WHERE o.type = 'practice' AND o.status = 'active' AND o.close_date IS NULL
            AND EXISTS (SELECT 1 FROM organisation_links p JOIN organisation_links i
                          ON i.child_code = p.parent_code AND i.relationship = 'sub_icb_icb' AND i.valid_to IS NULL
                         WHERE p.child_code = o.code AND p.relationship = 'practice_sub_icb' AND p.valid_to IS NULL
                           AND i.parent_code = 'QOP')`,
      );
      expect(members.length).toBeGreaterThan(300);
      const listed = new Map(body.practices.map((p) => [p.code, p]));
      for (const m of members) expect(listed.get(m.code)?.name, m.code).toBe(m.name);
      // and no one else without a tier: not a walk-in centre, prison or out-of-hours service (other prescribing settings)
      const memberCodes = new Set(members.map((m) => m.code));
      expect(body.practices.filter((p) => p.tier === null && !memberCodes.has(p.code))).toEqual([]);
      // only Manchester has prescribing counts: its practices have tiers, the rest of the ICB has none, and says why
      const withTier = body.practices.filter((p) => p.tier !== null);
      expect(withTier.length).toBeGreaterThan(50);
      expect(body.noTier).toBe(body.practices.length - withTier.length);
      expect(body.noTier).toBeGreaterThan(200);
      for (const p of body.practices.filter((x) => x.tier === null))
        expect(p.reason).toMatch(/^No counts for this practice on the adopted indicators/);
      const closed = await db.query<{ code: string }>(
        `SELECT code FROM organisations WHERE type = 'practice' AND close_date IS NOT NULL`,
      );
      expect(closed.length).toBeGreaterThan(0);
      for (const c of closed)
        if (!withTier.some((p) => p.code === c.code)) expect(listed.has(c.code)).toBe(false);
    });
  });
