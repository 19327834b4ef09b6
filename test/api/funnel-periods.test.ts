/**
 * Which period a funnel opens on, on real QOF data: the 2017-19 cardiovascular prevalence tables have counts for
 * every practice, the 2023-24 file has rates only. Without a period the funnel is the newest year with counts, its
 * `periods` are the years with counts, newest first, and a year without them answers 400 naming those.
 * And how the page reads a national funnel of some 6,500 practices without every row in full: its table's rows
 * sorted and cut by the server, and its points in columns.
 */
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DATABASES } from '../db/databases.js';
import { HAS_SHARED_DATA } from '../shared-data.js';
import { ANON, call } from './sessions.js';
import { serverOnSharedFiles } from './shared-files-server.js';

const FILES = [
  'ods/epraccur_2021-11.csv',
  'qof/2017-18_2018-19_prevalence_by_domain/qofGP_CardioVascular.csv',
  'qof/2023-24/qof_cvd_achievement_prevalence_2023-24.csv',
];

for (const t of HAS_SHARED_DATA ? DATABASES : []) {
  describe(`the funnel's period on real QOF data [${t.name}]`, () => {
    const rig = serverOnSharedFiles(t, FILES);

    it('without a period, a QOF prevalence funnel is the newest year with counts (2018-19), not the newest year (2023-24)', async () => {
      const [{ newest }] = await rig.db.query<{ newest: string }>(
        `SELECT max(period_start)::text AS newest FROM indicator_values WHERE indicator_code = 'qof_prevalence_hyp' AND current`,
      );
      expect(newest).toBe('2023-04-01'); // the newest year is loaded, without counts
      const r = await call(rig.app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_hyp/funnel',
      });
      expect(r.statusCode, r.body).toBe(200);
      const f = r.json();
      expect(f).toMatchObject({
        periodStart: '2018-04-01',
        periods: ['2018-04-01', '2017-04-01'],
        type: 'proportion',
      });
      expect(f.rows.length).toBeGreaterThan(6000);
      // the year asked for by name is the same funnel
      const named = await call(rig.app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_hyp/funnel?period=2018-04',
      });
      expect(named.json().rows).toEqual(f.rows);
    });

    it('a year without counts answers 400, naming the years that have them', async () => {
      const r = await call(rig.app, ANON, {
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

    it("a table's rows: sorted by the column asked, then cut; `practices` counts them all", async () => {
      const whole = (
        await call(rig.app, ANON, { method: 'GET', url: '/api/indicators/qof_prevalence_hyp/funnel' })
      ).json();
      expect(whole.practices).toBe(whole.rows.length);
      type Row = { code: string; name: string; z_adjusted: number | null };
      const rows = whole.rows as Row[];
      // the test's own order: numbers descending, nulls after them, ties as the rows came (by code)
      const byZ = [
        ...rows.filter((r) => r.z_adjusted !== null).sort((a, b) => b.z_adjusted! - a.z_adjusted!),
        ...rows.filter((r) => r.z_adjusted === null),
      ];
      const first = await call(rig.app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_hyp/funnel?sort=z_adjusted&order=desc&limit=300',
      });
      expect(first.statusCode, first.body).toBe(200);
      const f = first.json();
      expect(f.practices).toBe(rows.length);
      expect(f.rows).toHaveLength(300);
      // every figure in full, the same row as in the whole funnel
      expect(f.rows).toEqual(byZ.slice(0, 300));
      // by name, ascending, as an English reader sorts them
      const byName = await call(rig.app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_hyp/funnel?sort=name&limit=20',
      });
      const names = (byName.json().rows as Row[]).map((r) => r.name);
      expect(names).toEqual(
        rows
          .map((r) => r.name)
          .sort((a, b) => a.localeCompare(b, 'en-GB'))
          .slice(0, 20),
      );
      // the rest of the answer is the whole funnel's
      const { rows: _a, ...summary } = f;
      const { rows: _b, ...wholeSummary } = whole;
      expect(summary).toEqual(wholeSummary);
      const bad = await call(rig.app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_hyp/funnel?sort=ccg&limit=0',
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.body).toMatch(/sort/);
      expect(bad.body).toMatch(/limit/);
    });

    it('its points: every practice in columns, figures to 6 significant figures, about a tenth of the bytes', async () => {
      const wholeRes = await call(rig.app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_hyp/funnel',
      });
      const whole = wholeRes.json();
      const r = await call(rig.app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_hyp/funnel/points',
      });
      expect(r.statusCode, r.body).toBe(200);
      const { indicator, periodStart, points: p } = r.json();
      expect({ indicator, periodStart }).toEqual({
        indicator: 'qof_prevalence_hyp',
        periodStart: whole.periodStart,
      });
      type Row = Record<string, unknown> & { denominator: number; value: number };
      const rows = whole.rows as Row[];
      expect(rows.length).toBeGreaterThan(6000);
      for (const column of ['code', 'name', 'flag_95', 'flag_99_8', 'not_computed'])
        expect(p[column], column).toEqual(rows.map((x) => x[column]));
      // drawn to 6 significant figures: fewer digits than the rows carry, never further off than the 6th
      expect(p.value.every((v: number) => Number(v.toPrecision(6)) === v)).toBe(true);
      expect(rows.some((x) => Number(x.value.toPrecision(6)) !== x.value)).toBe(true);
      expect(p.denominator).toEqual(rows.map((x) => x.denominator)); // counts, kept whole
      for (const column of ['denominator', 'value'] as const) {
        expect(p[column]).toHaveLength(rows.length);
        rows.forEach((x, i) => {
          const near = Math.abs(p[column][i] - x[column]) <= 5e-6 * Math.abs(x[column]);
          if (!near) expect.fail(`${column} of ${String(x.code)}: ${p[column][i]} for ${x[column]}`);
        });
      }
      // the point of it: what a browser takes to draw 6,000 practices
      const gzipped = (body: string) => gzipSync(body).length;
      expect(gzipped(r.body)).toBeLessThan(0.2 * gzipped(wholeRes.body));
    });

    it('the catalogue says which indicators have no funnel, and why: each it names is refused, each other one drawn', async () => {
      const r = await call(rig.app, ANON, { method: 'GET', url: '/api/indicators' });
      expect(r.statusCode, r.body).toBe(200);
      const { indicators, minFunnelPractices } = r.json() as {
        indicators: Array<{
          code: string;
          method: string;
          noFunnel: string | null;
          comparison: string | null;
        }>;
        minFunnelPractices: number;
      };
      expect(minFunnelPractices).toBe(3);
      const reasons = new Map<string, string[]>();
      for (const d of indicators) {
        const f = await call(rig.app, ANON, {
          method: 'GET',
          url: `/api/indicators/${d.code}/funnel?limit=1`,
        });
        if (d.noFunnel === null) expect(f.statusCode, `${d.code}: ${f.body}`).toBe(200);
        else {
          expect(f.statusCode, d.code).toBe(400);
          // too few practices with counts: the refusal offers no period instead
          if (d.noFunnel === 'too_few_practices') expect(f.json().periods, d.code).toEqual([]);
          reasons.set(d.noFunnel, [...(reasons.get(d.noFunnel) ?? []), d.code]);
        }
        // counts over a denominator are compared; a finished value is not
        expect(d.comparison === null, d.code).toBe(!['proportion', 'rate', 'ratio'].includes(d.method));
      }
      // the 2023-24 achievement file gives finished percentages: values without counts
      expect(reasons.get('not_counted')).toContain('qof_achievement_hyp');
      expect(indicators.find((d) => d.code === 'qof_prevalence_hyp')).toMatchObject({
        noFunnel: null,
        comparison: 'proportion',
      });
    });

    it('an indicator with values but no counts in any year says so rather than picking a year', async () => {
      // as QOF smoking prevalence is in the full sample: rates in every year, counts in none (the last test here)
      await rig.db.query(
        `UPDATE indicator_values SET numerator = NULL WHERE indicator_code = 'qof_prevalence_pad' AND current`,
      );
      const r = await call(rig.app, ANON, {
        method: 'GET',
        url: '/api/indicators/qof_prevalence_pad/funnel',
      });
      expect(r.statusCode).toBe(400);
      expect(r.json()).toMatchObject({
        detail:
          'qof_prevalence_pad has counts for fewer than 3 practices in every period, so no funnel can be drawn',
        periods: [],
      });
    });
  });
}
