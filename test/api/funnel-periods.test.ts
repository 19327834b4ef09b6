/**
 * Which period a funnel opens on, on real QOF data: the 2017-19 cardiovascular prevalence tables have counts for
 * every practice, the 2023-24 file has rates only. Without a period the funnel is the newest year with counts, its
 * `periods` are the years with counts, newest first, and a year without them answers 400 naming those.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { DATABASES } from '../db/databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';
import { ANON, call } from './sessions.js';

const FILES = [
  'ods/epraccur_2021-11.csv',
  'qof/2017-18_2018-19_prevalence_by_domain/qofGP_CardioVascular.csv',
  'qof/2023-24/qof_cvd_achievement_prevalence_2023-24.csv',
];

for (const t of HAS_SHARED_DATA ? DATABASES : []) {
  describe(`the funnel's period on real QOF data [${t.name}]`, () => {
    let db: Database;
    let app: FastifyInstance;
    beforeAll(async () => {
      db = await t.open();
      for (const f of FILES) await ingestFile(db, shared(f));
      app = await buildServer(db, { rateLimit: false });
    }, 300_000);
    afterAll(async () => {
      await app?.close();
      if (db) await t.dispose(db);
    });

    it('without a period, a QOF prevalence funnel is the newest year with counts (2018-19), not the newest year (2023-24)', async () => {
      const [{ newest }] = await db.query<{ newest: string }>(
        `SELECT max(period_start)::text AS newest FROM indicator_values WHERE indicator_code = 'qof_prevalence_hyp' AND current`,
      );
      expect(newest).toBe('2023-04-01'); // the newest year is loaded, without counts
      const r = await call(app, ANON, { method: 'GET', url: '/api/indicators/qof_prevalence_hyp/funnel' });
      expect(r.statusCode, r.body).toBe(200);
      const f = r.json();
      expect(f).toMatchObject({
        periodStart: '2018-04-01',
        periods: ['2018-04-01', '2017-04-01'],
        type: 'proportion',
      });
      expect(f.rows.length).toBeGreaterThan(6000);
      // the year asked for by name is the same funnel
      const named = await call(app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_hyp/funnel?period=2018-04',
      });
      expect(named.json().rows).toEqual(f.rows);
    });

    it('a year without counts answers 400, naming the years that have them', async () => {
      const r = await call(app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_hyp/funnel?period=2023-04',
      });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({
        status: 400,
        detail:
          'qof_prevalence_hyp has counts for fewer than 3 practices in the period starting 2023-04; periods with counts start 2018-04, 2017-04',
        periods: ['2018-04-01', '2017-04-01'],
      });
    });

    it('an indicator with values but no counts in any year says so rather than picking a year', async () => {
      // as QOF smoking prevalence is in the full sample: rates in every year, counts in none (the last test here)
      await db.query(
        `UPDATE indicator_values SET numerator = NULL WHERE indicator_code = 'qof_prevalence_pad' AND current`,
      );
      const r = await call(app, ANON, { method: 'GET', url: '/api/indicators/qof_prevalence_pad/funnel' });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({
        detail:
          'qof_prevalence_pad has counts for fewer than 3 practices in every period, so no funnel can be drawn',
        periods: [],
      });
    });
  });
}
