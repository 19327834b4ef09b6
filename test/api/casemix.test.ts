/**
 * Case-mix adjustment on real data: QOF hypertension prevalence 2019-20 for every practice in England, adjusted
 * by a Poisson model for age and sex structure (registered patients, 2016), deprivation (IMD 2019), need-weighted
 * list (payments) and list size. Older lists have more hypertension: the crude comparison flags them, the
 * adjusted one should not, and the answer says what it was adjusted for and how well the model fits.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { casemixCovariates } from '../../src/variation/casemix.js';
import { comparePractices } from '../../src/variation/comparison.js';
import { practiceValues } from '../../src/variation/funnel.js';
import { DATABASES } from '../db/databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';
import { ANON, call, signIn, type TestSession } from './sessions.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';

const FILES = [
  'ods/epraccur_2021-11.csv',
  'registered_patients/list_size_age_sex_quarterly_2014-2016/Patient_List_Size_2016_01-03.csv',
  'qof/2019-20/PREVALENCE_1920.csv',
  'deprivation/fingertips_export_93553_imd2019_gp.csv',
  'payments/nhs_payments_to_general_practice_2014-15_to_2022-23.csv',
  'ods/eccg_2018-11.csv',
  'prescribing/manchester_ktt9_antibiotic_items_per_starpu_2014-10_2019-09.csv',
];

interface Row {
  code: string;
  numerator: number;
  denominator: number;
  value: number;
  z_adjusted: number;
  flag_99_8: string;
}

for (const t of HAS_SHARED_DATA ? DATABASES : []) {
  describe(`case-mix adjustment on real data [${t.name}]`, () => {
    let db: Database;
    let app: FastifyInstance;
    let lead: TestSession;
    beforeAll(async () => {
      db = await t.open();
      for (const f of FILES) await ingestFile(db, shared(f));
      app = await buildServer(db, { rateLimit: false });
      const u = await createLocalUser(db, {
        email: 'lead@casemix.test.lantern.invalid',
        password: 'test-only lantern matrix passphrase',
      });
      await addGrant(db, u.id, 'commissioner_lead', '14L');
      lead = await signIn(app, 'lead@casemix.test.lantern.invalid', 'commissioner_lead');
    }, 600_000);
    afterAll(async () => {
      await app?.close();
      if (db) await t.dispose(db);
    });

    it('says what it adjusted for and how well the model fits', async () => {
      const r = await call(app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_hyp/funnel?period=2019-04&adjust=casemix',
      });
      expect(r.statusCode, r.body).toBe(200);
      const f = r.json();
      expect(f.type).toBe('ratio');
      expect(f.casemix.adjustedFor).toEqual(
        expect.arrayContaining(['share aged 75 and over', 'deprivation (IMD score)']),
      );
      expect(f.casemix.practices).toBeGreaterThan(5000);
      expect(f.casemix.devianceExplained).toBeGreaterThan(0.3);
      const older = f.casemix.terms.find((x: { name: string }) => x.name === 'age_65_74');
      expect(older.lower).toBeGreaterThan(1); // more hypertension where more patients are 65–74
      // the Poisson model with an intercept reproduces the total: Σ expected = Σ observed
      const rows: Row[] = f.rows;
      const o = rows.reduce((a, x) => a + x.numerator, 0);
      const e = rows.reduce((a, x) => a + x.denominator, 0);
      expect(e).toBeCloseTo(o, 3);
      expect(f.target).toBe(1);
    });

    it('leaves no pattern by age, sex, deprivation, need or list size: mean adjusted z within ±0.3 in every tenth of each (straight lines left −1.15 in the youngest tenth)', async () => {
      const r = await call(app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_hyp/funnel?period=2019-04&adjust=casemix',
      });
      const checks: Array<{ name: string; tenths: Array<{ practices: number; meanZ: number }> }> =
        r.json().casemix.residualCheck;
      expect(checks.map((c) => c.name)).toEqual([
        'age_65_plus',
        'age_0_14',
        'age_15_24',
        'age_65_74',
        'age_75_plus',
        'female',
        'imd',
        'need',
        'list_size',
      ]);
      for (const c of checks) {
        expect(c.tenths).toHaveLength(10);
        for (const t of c.tenths) {
          expect(t.practices).toBeGreaterThan(400);
          expect(Math.abs(t.meanZ), `${c.name}`).toBeLessThan(0.3);
        }
      }
      // the check can fail: the same facts as straight lines (the model before) leave the age pattern
      const rows = await practiceValues(db, 'qof_prevalence_hyp', '2019-04-01');
      const straight = comparePractices(
        { code: 'qof_prevalence_hyp', method: 'proportion', multiplier: 100, numeratorKind: 'events' },
        rows,
        {
          basis: () => true,
          adjust: 'casemix',
          covariates: await casemixCovariates(db, '2020-03-31'),
          model: { flexible: false },
        },
      )!;
      const youngest = straight.casemix!.residualCheck.find((c) => c.name === 'age_65_plus')!.tenths[0]!;
      expect(youngest.meanZ).toBeLessThan(-0.6);
      expect(straight.casemix!.devianceExplained).toBeLessThan(r.json().casemix.devianceExplained);
    });

    it('tiers judge on the adjusted comparison, and every number of the evidence is the funnel page’s for the same view (all of 14L)', async () => {
      const list = (await call(app, lead, { method: 'GET', url: '/api/tiers?area=14L' })).json();
      expect(list.practices.length).toBeGreaterThan(60);
      // the grid's figures are observed ÷ expected, and the answer says so (not items per STAR-PU)
      expect(list.indicators).toEqual([
        expect.objectContaining({ code: 'antibiotic_items_per_starpu', adjusted: true }),
      ]);
      const view = async (adjust: string) =>
        new Map(
          (
            await call(app, ANON, {
              method: 'GET',
              url: `/api/indicators/antibiotic_items_per_starpu/funnel?period=2019-09&window=4&adjust=${adjust}`,
            })
          )
            .json()
            .rows.map((r: { code: string }) => [r.code, r]),
        );
      const [adjusted, crude] = [await view('casemix'), await view('none')];
      let compared = 0;
      for (const p of list.practices.filter((x: { tier: string | null }) => x.tier !== null)) {
        const tier = (await call(app, lead, { method: 'GET', url: `/api/practices/${p.code}/tier` })).json();
        for (const e of tier.evidence) {
          compared++;
          expect(e).toMatchObject({
            adjustment: 'casemix',
            periodStart: '2019-09-01',
            windowStart: '2019-06-01',
          });
          expect(e.adjustmentNote).toMatch(
            /^adjusted for .*deprivation \(IMD score\).* \(the model explains \d+% of the deviance/,
          );
          const a = adjusted.get(p.code) as Record<string, number | string>;
          expect(a, p.code).toBeDefined();
          const pairs: Array<[string, string]> = [
            ['value', 'value'],
            ['expected', 'expected'],
            ['zAdjusted', 'z_adjusted'],
            ['lowerWatch', 'lower_95'],
            ['upperWatch', 'upper_95'],
            ['lowerStrict', 'lower_99_8'],
            ['upperStrict', 'upper_99_8'],
            ['numerator', 'numerator'],
            ['denominator', 'denominator'],
          ];
          for (const [mine, page] of pairs) expect(e[mine], `${p.code} ${mine}`).toBe(a[page]);
          expect(e.worseWatch).toBe(a.flag_95 === 'high');
          expect(e.worseStrict).toBe(a.flag_99_8 === 'high');
          const c = crude.get(p.code) as Record<string, number | string>;
          expect(e.crude).toEqual({
            value: c.value,
            expected: c.expected,
            zAdjusted: c.z_adjusted,
            flag95: c.flag_95,
            flag998: c.flag_99_8,
          });
        }
      }
      expect(compared).toBeGreaterThan(60);
    });

    it('finds student practices’ nearest peers among student practices', async () => {
      const covariates = await casemixCovariates(db, '2026-01-01');
      const young = covariates.find((c) => c.name === 'age_15_24')!.values;
      // practices named as university or student health services, with most patients aged 15–24
      const students = await db.query<{ code: string }>(
        `SELECT code FROM organisations WHERE type = 'practice' AND close_date IS NULL
            AND (name ILIKE '%university%' OR name ILIKE '%student%') ORDER BY code`,
      );
      const chosen = students.map((s) => s.code).filter((c) => (young.get(c) ?? 0) >= 0.5);
      expect(chosen.length).toBeGreaterThanOrEqual(10);
      let peersYoung = 0;
      let peersAll = 0;
      for (const code of chosen) {
        const d = (await call(app, ANON, { method: 'GET', url: `/api/practices/${code}/peers` })).json();
        for (const p of d.peers.slice(0, 5)) {
          peersAll++;
          if (p.values.age_15_24 >= 0.4) peersYoung++;
        }
      }
      // nationally 0.7% of practices (55 of 7,477 with an age profile) have 40% aged 15–24; among these peers, most do
      expect(peersYoung / peersAll).toBeGreaterThan(0.8);
    });

    it('no longer flags the oldest lists once age is allowed for', async () => {
      const crude: Row[] = (
        await call(app, ANON, {
          method: 'GET',
          url: '/api/indicators/qof_prevalence_hyp/funnel?period=2019-04',
        })
      ).json().rows;
      const adjusted = (
        await call(app, ANON, {
          method: 'GET',
          url: '/api/indicators/qof_prevalence_hyp/funnel?period=2019-04&adjust=casemix',
        })
      ).json();
      const adjustedRows: Row[] = adjusted.rows;
      const covariates = await casemixCovariates(db, adjusted.periodEnd);
      const over75 = covariates.find((c) => c.name === 'age_75_plus')!.values;
      const oldest = adjustedRows
        .map((r) => r.code)
        .sort((a, b) => over75.get(b)! - over75.get(a)!)
        .slice(0, 20);
      const crudeHigh = oldest.filter((c) => crude.find((r) => r.code === c)!.flag_99_8 === 'high').length;
      const adjustedHigh = oldest.filter(
        (c) => adjustedRows.find((r) => r.code === c)!.flag_99_8 === 'high',
      ).length;
      expect(crudeHigh).toBeGreaterThanOrEqual(1);
      expect(adjustedHigh).toBe(0);
      // on average the oldest lists sit well above expectation crude, and near it adjusted
      const meanZ = (rows: Row[]) =>
        oldest.reduce((a, c) => a + rows.find((r) => r.code === c)!.z_adjusted, 0) / oldest.length;
      expect(meanZ(crude)).toBeGreaterThan(1);
      expect(Math.abs(meanZ(adjustedRows))).toBeLessThan(0.5);
      // practices unlike the bulk (a university or care-home list) are not adjusted, and are named
      expect(adjusted.casemix.outsideRange.length).toBeGreaterThan(0);
      for (const code of adjusted.casemix.outsideRange)
        expect(adjustedRows.some((r) => r.code === code)).toBe(false);
    });
  });
}
