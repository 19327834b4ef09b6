/**
 * What the catalogue says an indicator covers, on real QOF data: organisations with figures and the periods they
 * span. QOF's 2013-14 prevalence by CCG has smoking and thyroid registers, which no file of practices here has: the
 * catalogue showed them as 0 organisations and no periods, as if nothing were loaded. A practice indicator is still
 * counted by its practices (what its funnel needs), and one whose figures are for CCGs only still has no funnel.
 */
import { describe, expect, it } from 'vitest';
import { DATABASES } from '../db/databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';
import { ANON, call } from './sessions.js';
import { serverOnSharedFiles } from './shared-files-server.js';

const CCG_FILE = 'qof/2013-14/qof_prevalence_by_ccg_2013-14.csv';
const FILES = [
  'ods/epraccur_2021-11.csv',
  CCG_FILE,
  'qof/2017-18_2018-19_prevalence_by_domain/qofGP_CardioVascular.csv',
];

interface Entry {
  code: string;
  practices: number;
  organisations: number;
  firstPeriod: string | null;
  lastPeriod: string | null;
  noFunnel: string | null;
}

for (const t of HAS_SHARED_DATA ? DATABASES : []) {
  describe(`the catalogue's coverage on real QOF data [${t.name}]`, () => {
    const rig = serverOnSharedFiles(t, FILES);

    it('an indicator with figures for CCGs only names the CCGs and the year it has, and still has no funnel', async () => {
      const r = await call(rig.app, ANON, { method: 'GET', url: '/api/indicators' });
      expect(r.statusCode, r.body).toBe(200);
      const byCode = new Map((r.json().indicators as Entry[]).map((d) => [d.code, d]));
      // the CCGs of the file with a smoking (or thyroid) register row, counted from the file itself
      const lines = (await import('node:fs'))
        .readFileSync(shared(CCG_FILE), 'utf8')
        .trim()
        .split(/\r?\n/)
        .slice(1);
      for (const [code, group] of [
        ['qof_prevalence_smok', 'SMOK'],
        ['qof_prevalence_thy', 'THY'],
      ] as const) {
        const ccgs = new Set(lines.filter((l) => l.split(',')[1] === group).map((l) => l.split(',')[0]));
        expect(ccgs.size, group).toBeGreaterThan(200);
        expect(byCode.get(code)).toEqual(
          expect.objectContaining({
            practices: 0,
            organisations: ccgs.size,
            firstPeriod: '2013-04-01',
            lastPeriod: '2014-03-31',
            noFunnel: 'too_few_practices',
          }),
        );
      }
      // a practice indicator is counted by its practices, over the years they have figures for, and has its funnel
      const [{ n }] = await rig.db.query<{ n: number }>(
        `SELECT max(c)::int AS n FROM (SELECT count(*) AS c FROM indicator_values v JOIN organisations o ON o.code = v.org_code
          WHERE v.indicator_code = 'qof_prevalence_hyp' AND v.current AND o.type = 'practice' AND v.value IS NOT NULL
          GROUP BY v.period_start) x`,
      );
      const hyp = byCode.get('qof_prevalence_hyp')!;
      expect(hyp.practices).toBeGreaterThan(6000);
      expect(hyp.practices).toBeLessThanOrEqual(n);
      expect(hyp.organisations).toBe(hyp.practices);
      expect(hyp.noFunnel).toBeNull();
      expect(hyp.firstPeriod! >= '2017-04-01').toBe(true);
    });
  });
}
