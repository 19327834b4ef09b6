/**
 * Real codes across the 2017 Manchester merger (00W and 01M, with 01N, into 14L on 1 April 2017): parents and
 * members "as it was then", roll-ups then and now, idempotent reloads, superseded values kept, no orphans; and 01N,
 * none of whose practices is in the shared data, closed as the CCG registers tell it, in any order of loading.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../../src/db/connect.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import { childrenAt, parentsAt } from '../../src/db/repos/organisations.js';
import { demoScope } from '../../src/auth/accounts-setup.js';
import { seedDemoConcerns } from '../../src/concerns/demo.js';
import { PatientKeys } from '../../src/concerns/nhs-number.js';
import { today } from '../../src/domain/clock.js';
import { rollup } from '../../src/db/repos/indicators.js';
import { describeEachDatabase, tableCounts } from './databases.js';
import { HAS_SHARED_DATA, shared } from '../shared-data.js';

const FILES = [
  'ods/eccg_2016-01.csv',
  'ods/eccg_2018-11.csv',
  'ods/epraccur_2016-01.csv',
  'ods/epraccur_2021-11.csv',
  'ods/ccg_to_icb_2022.csv',
  'ods/practice_pcn_ccg_stp_region_2020-21.csv',
  'prescribing/manchester_ktt9_antibiotic_items_per_starpu_2014-10_2019-09.csv',
  'ods/nhs_trusts_2023.csv',
  'provider/ae_attendances_2016-04_2019-03.csv',
];

if (HAS_SHARED_DATA)
  describeEachDatabase('organisation hierarchy over time on real codes', (t) => {
    let db: Database;
    beforeAll(async () => {
      db = await t.open();
      for (const f of FILES) await ingestFile(db, shared(f));
    }, 300_000);
    afterAll(() => t.dispose(db));

    const practicesOf = async (ccg: string, at: string) =>
      (await childrenAt(db, ccg, at)).filter((c) => c.type === 'practice').map((c) => c.code);

    it('Central and North Manchester CCGs merged into 14L on 1 April 2017, found from where their practices went', async () => {
      for (const ccg of ['00W', '01M']) {
        const [succ] = await db.query<{ parent_code: string; valid_from: string }>(
          `SELECT parent_code, valid_from FROM organisation_links WHERE child_code = $1 AND relationship = 'sub_icb_successor'`,
          [ccg],
        );
        expect(succ).toEqual({ parent_code: '14L', valid_from: '2017-04-01' });
        const [org] = await db.query<{ close_date: string; status: string }>(
          'SELECT close_date, status FROM organisations WHERE code = $1',
          [ccg],
        );
        expect(org).toEqual({ close_date: '2017-03-31', status: 'closed' });
      }
    });

    it('as it was then: a practice sat in 00W in 2016 and in 14L in 2018; 14L had no practices before it opened', async () => {
      const in00W = await practicesOf('00W', '2016-06-01');
      expect(in00W.length).toBeGreaterThan(20);
      expect(await practicesOf('00W', '2018-06-01')).toEqual([]);
      expect(await practicesOf('14L', '2016-06-01')).toEqual([]);
      const in14L2018 = await practicesOf('14L', '2018-06-01');
      const moved = in00W.filter((p) => in14L2018.includes(p));
      expect(moved.length).toBeGreaterThan(20);
      const p = moved[0];
      expect(
        (await parentsAt(db, p, '2016-06-01')).find((x) => x.relationship === 'practice_sub_icb')?.code,
      ).toBe('00W');
      expect(
        (await parentsAt(db, p, '2018-06-01')).find((x) => x.relationship === 'practice_sub_icb')?.code,
      ).toBe('14L');
      // as it is now the practice's CCG sits in Greater Manchester ICB
      expect((await parentsAt(db, p, '2023-01-01')).map((x) => x.code)).toContain('QOP');
    });

    const codesOf = (orgs: Array<{ code: string; type: string }>, type: string) =>
      orgs.filter((o) => o.type === type).map((o) => o.code);

    it('as it is now, 00W and 01M (closed 31 March 2017) are not members of Greater Manchester ICB, and none of their links outlives them but the merger', async () => {
      const now = await childrenAt(db, 'QOP', today());
      expect(codesOf(now, 'sub_icb')).toContain('14L');
      expect(codesOf(now, 'sub_icb')).not.toContain('00W');
      expect(codesOf(now, 'sub_icb')).not.toContain('01M');
      // the 2022 lookup maps every CCG code ever used to its ICB: a CCG closed before the ICB existed is not linked
      expect(codesOf(await childrenAt(db, 'QOP', '2022-07-01'), 'sub_icb')).not.toContain('00W');
      const after = await db.query<{ child_code: string; relationship: string; parent_code: string }>(
        `SELECT child_code, relationship, parent_code FROM organisation_links
          WHERE child_code IN ('00W', '01M') AND relationship <> 'sub_icb_successor'
            AND (valid_to IS NULL OR valid_to > '2017-04-01')`,
      );
      expect(after).toEqual([]);
      // as it is now a closed CCG's page shows only where it went
      expect((await parentsAt(db, '00W', today())).map((p) => [p.relationship, p.code, p.validFrom])).toEqual(
        [['sub_icb_successor', '14L', '2017-04-01']],
      );
    });

    it('South Manchester CCG (01N), in the 2016 CCG register but not the 2018 one, closed: merged into 14L on 1 April 2017, in no ICB now', async () => {
      // none of its practices is in the shared data, so its close can only be read from the registers
      const [org] = await db.query<{ close_date: string | null; status: string }>(
        `SELECT close_date, status FROM organisations WHERE code = '01N'`,
      );
      expect(org).toEqual({ close_date: '2017-03-31', status: 'closed' });
      expect((await parentsAt(db, '01N', today())).map((p) => [p.relationship, p.code, p.validFrom])).toEqual(
        [['sub_icb_successor', '14L', '2017-04-01']],
      );
      for (const at of [today(), '2022-07-01'])
        expect(codesOf(await childrenAt(db, 'QOP', at), 'sub_icb')).not.toContain('01N');
      // as it was then: in the Greater Manchester area team until it closed, with 00W and 01M
      expect(codesOf(await childrenAt(db, 'Q73', '2016-06-01'), 'sub_icb')).toEqual(
        expect.arrayContaining(['00W', '01M', '01N']),
      );
      const after = await db.query(
        `SELECT child_code, relationship, parent_code, valid_to FROM organisation_links
          WHERE (child_code = '01N' OR parent_code = '01N') AND relationship <> 'sub_icb_successor'
            AND (valid_to IS NULL OR valid_to > '2017-04-01')`,
      );
      expect(after).toEqual([]);
    });

    it('every CCG the 2016 register lists open and the 2018 register leaves out is closed, and no closed CCG is in an ICB now', async () => {
      const codes = (f: string) =>
        readFileSync(shared(f), 'latin1')
          .split(/\r?\n/)
          .filter((l) => l.trim() !== '')
          .map((l) => l.split(',').map((c) => c.replace(/^"|"$/g, '')));
      const later = new Set(codes('ods/eccg_2018-11.csv').map((r) => r[0]));
      const gone = codes('ods/eccg_2016-01.csv')
        .filter((r) => r[11] === '' && !later.has(r[0]))
        .map((r) => r[0]);
      expect(gone.length).toBeGreaterThan(0);
      const open = await db.query<{ code: string }>(
        `SELECT code FROM organisations WHERE code = ANY($1::text[]) AND (close_date IS NULL OR status <> 'closed')`,
        [gone],
      );
      expect(open).toEqual([]);
      const closedMembers = await db.query<{ code: string; icb: string }>(
        `SELECT o.code, l.parent_code AS icb FROM organisation_links l JOIN organisations o ON o.code = l.child_code
          WHERE l.relationship = 'sub_icb_icb' AND l.valid_from <= $1::date AND (l.valid_to IS NULL OR l.valid_to > $1::date)
            AND (o.close_date IS NOT NULL OR o.status = 'closed')`,
        [today()],
      );
      expect(closedMembers).toEqual([]);
    });

    it('Pennine Acute (RW6, closed 30 September 2021) has no link after its closure and is not a trust of any ICB now', async () => {
      const [rw6] = await db.query<{ close_date: string; latest: string | null; open: number }>(
        `SELECT o.close_date, max(l.valid_to)::text AS latest, count(*) FILTER (WHERE l.valid_to IS NULL)::int AS open
           FROM organisations o LEFT JOIN organisation_links l ON l.child_code = o.code WHERE o.code = 'RW6' GROUP BY o.close_date`,
      );
      expect(rw6.close_date).toBe('2021-09-30');
      expect(rw6.open).toBe(0);
      if (rw6.latest !== null) expect(rw6.latest <= '2021-10-01').toBe(true);
      expect(await parentsAt(db, 'RW6', today())).toEqual([]);
      const trusts = codesOf(await childrenAt(db, 'QOP', today()), 'trust');
      expect(trusts).toContain('R0A');
      expect(trusts).not.toContain('RW6');
    });

    it('as it is now, practice P84004 has one CCG, one ICB and one region, and none of the 2013 structure; in 2016 it had the 2013 one', async () => {
      const now = await parentsAt(db, 'P84004', today());
      expect(codesOf(now, 'sub_icb')).toEqual(['14L']);
      expect(codesOf(now, 'icb')).toEqual(['QOP']);
      expect(codesOf(now, 'region')).toEqual(['Y62']);
      // NHS England area teams belong to the structure STPs replaced (the same ODS column held them until 2017)
      expect(codesOf(now, 'area_team')).toEqual([]);
      // as it was then: North Manchester CCG, in the Greater Manchester area team of the North of England region
      const then = await parentsAt(db, 'P84004', '2016-06-01');
      expect(codesOf(then, 'sub_icb')).toEqual(['01M']);
      expect(codesOf(then, 'area_team')).toEqual(['Q73']);
      expect(codesOf(then, 'region')).toEqual(['Y54']);
      expect(codesOf(then, 'icb')).toEqual([]);
      expect(codesOf(await childrenAt(db, 'Q73', '2016-06-01'), 'sub_icb')).toEqual(
        expect.arrayContaining(['00W', '01M']),
      );
    });

    it('the demo accounts are scoped to open organisations: the demo trust, and those of the demo concerns, are open', async () => {
      const scope = await demoScope(db);
      expect(scope?.icb).toBe('QOP');
      const [trust] = await db.query<{ type: string; close_date: string | null }>(
        'SELECT type, close_date FROM organisations WHERE code = $1',
        [scope?.trust ?? ''],
      );
      expect(trust).toEqual({ type: 'trust', close_date: null });
      // and the synthetic demo concerns are about open trusts
      expect(await seedDemoConcerns(db, PatientKeys.random(), scope!)).toBeGreaterThan(100);
      const providers = await db.query<{ code: string; close_date: string | null }>(
        `SELECT DISTINCT o.code, o.close_date FROM concerns c JOIN organisations o ON o.code = c.provider_code ORDER BY o.code`,
      );
      expect(providers.length).toBeGreaterThan(1);
      expect(providers.filter((p) => p.close_date !== null)).toEqual([]);
    });

    it('roll-ups of 2015 prescribing: "then" credits 00W and 01M, "now" credits 14L with the same total', async () => {
      const ind = 'antibiotic_items_per_starpu';
      const at = (pts: Array<{ periodStart: string; numerator: number | null }>) =>
        pts.find((x) => x.periodStart === '2015-06-01')?.numerator ?? 0;
      const then14L = await rollup(db, { code: '14L', type: 'sub_icb' }, ind, 'then');
      expect(then14L.filter((x) => x.periodStart < '2017-04-01')).toEqual([]);
      const then00W = at(await rollup(db, { code: '00W', type: 'sub_icb' }, ind, 'then'));
      const then01M = at(await rollup(db, { code: '01M', type: 'sub_icb' }, ind, 'then'));
      expect(then00W).toBeGreaterThan(0);
      expect(then01M).toBeGreaterThan(0);
      const now14L = await rollup(db, { code: '14L', type: 'sub_icb' }, ind, 'now');
      // every Manchester practice in the file was in one of the three old CCGs; the third is not in the shared data
      const [{ total }] = await db.query<{ total: number }>(
        `SELECT sum(numerator) AS total FROM indicator_values WHERE indicator_code = $1 AND period_start = '2015-06-01' AND current`,
        [ind],
      );
      expect(at(now14L)).toBe(total);
      expect(then00W + then01M).toBe(total);
      expect(await rollup(db, { code: '00W', type: 'sub_icb' }, ind, 'now')).toEqual([]);
      // and the ICB as it is now holds them too
      expect(at(await rollup(db, { code: 'QOP', type: 'icb' }, ind, 'now'))).toBe(total);
    });

    it('loading the same file again changes nothing', async () => {
      const before = await tableCounts(db);
      const r = await ingestFile(db, shared(FILES[6]));
      expect(r.alreadyLoadedAs).not.toBeNull();
      expect(await tableCounts(db)).toEqual(before);
    });

    it('a newer file for the same period supersedes the older values, says so, and keeps them', async () => {
      const [v] = await db.query<{ org_code: string; numerator: number; denominator: number }>(
        `SELECT org_code, numerator, denominator FROM indicator_values WHERE indicator_code = 'antibiotic_items_per_starpu' AND period_start = '2015-06-01' AND current ORDER BY org_code LIMIT 1`,
      );
      const dir = mkdtempSync(join(tmpdir(), 'lantern-supersede-'));
      const file = join(dir, 'revised.csv');
      writeFileSync(
        file,
        `indicator_code,organisation_code,period,numerator,denominator,value\nantibiotic_items_per_starpu,${v.org_code},2015-06,${v.numerator + 7},${v.denominator},\n`,
      );
      const r = await ingestFile(db, file);
      // none of them is a value that cannot be right
      expect(r.values).toEqual({ inserted: 1, superseded: 1, unchanged: 0, flagged: 0 });
      expect(r.warnings.join(' ')).toMatch(/1 value from earlier loads superseded/);
      const rows = await db.query<{ numerator: number; current: boolean; superseded_by_load: number | null }>(
        `SELECT numerator, current, superseded_by_load FROM indicator_values WHERE indicator_code = 'antibiotic_items_per_starpu' AND org_code = $1 AND period_start = '2015-06-01' ORDER BY current`,
        [v.org_code],
      );
      expect(rows).toEqual([
        { numerator: v.numerator, current: false, superseded_by_load: r.loadId },
        { numerator: v.numerator + 7, current: true, superseded_by_load: null },
      ]);
      // the same revision again: unchanged
      writeFileSync(
        join(dir, 'revised-again.csv'),
        `indicator_code,organisation_code,period,numerator,denominator,value\nantibiotic_items_per_starpu,${v.org_code},2015-06,${v.numerator + 7},${v.denominator},\n\n`,
      );
      expect((await ingestFile(db, join(dir, 'revised-again.csv'))).values).toEqual({
        inserted: 0,
        superseded: 0,
        unchanged: 1,
        flagged: 0,
      });
    });

    it('every value, population, link and organisation refers to a known organisation and load', async () => {
      const [r] = await db.query<Record<string, number>>(
        `SELECT (SELECT count(*) FROM indicator_values v LEFT JOIN organisations o ON o.code = v.org_code LEFT JOIN loads l ON l.id = v.load_id WHERE o.code IS NULL OR l.id IS NULL)::int AS values,
                (SELECT count(*) FROM populations p LEFT JOIN organisations o ON o.code = p.org_code LEFT JOIN loads l ON l.id = p.load_id WHERE o.code IS NULL OR l.id IS NULL)::int AS pops,
                (SELECT count(*) FROM organisation_links k LEFT JOIN organisations c ON c.code = k.child_code LEFT JOIN organisations p ON p.code = k.parent_code
                   LEFT JOIN loads l ON l.id = k.load_id WHERE c.code IS NULL OR p.code IS NULL OR (k.load_id IS NOT NULL AND l.id IS NULL))::int AS links,
                (SELECT count(*) FROM organisations o LEFT JOIN loads l ON l.id = o.load_id WHERE o.load_id IS NOT NULL AND l.id IS NULL)::int AS orgs,
                (SELECT count(*) FROM organisation_links)::int AS "linksHeld", (SELECT count(*) FROM indicator_values)::int AS "valuesHeld"`,
      );
      expect(r).toMatchObject({ values: 0, pops: 0, links: 0, orgs: 0 });
      expect(r.linksHeld).toBeGreaterThan(1000);
      expect(r.valuesHeld).toBeGreaterThan(1000);
    });

    it('the database refuses a link to an unknown organisation, and deleting or re-coding one a link names', async () => {
      const [link] = await db.query<{ child_code: string; parent_code: string }>(
        `SELECT child_code, parent_code FROM organisation_links WHERE relationship = 'practice_sub_icb' LIMIT 1`,
      );
      const before = await db.query('SELECT count(*)::int AS n FROM organisation_links');
      await expect(
        db.query(
          `INSERT INTO organisation_links (child_code, relationship, parent_code, valid_from) VALUES ($1, 'practice_pcn', 'U99999', '2020-01-01')`,
          [link.child_code],
        ),
      ).rejects.toThrow(/refers to U99999, which is not an organisation/);
      await expect(
        db.query(`UPDATE organisation_links SET parent_code = 'NOPE' WHERE child_code = $1`, [
          link.child_code,
        ]),
      ).rejects.toThrow(/refers to NOPE/);
      // the loader writes links by COPY, which the check covers too
      await expect(
        db.copyCsv(
          'organisation_links',
          ['child_code', 'relationship', 'parent_code', 'valid_from'],
          [`${link.child_code},practice_pcn,U88888,2021-01-01\n`],
        ),
      ).rejects.toThrow(/refers to U88888/);
      await expect(db.query('DELETE FROM organisations WHERE code = $1', [link.parent_code])).rejects.toThrow(
        new RegExp(`organisation ${link.parent_code} is named by organisation_links`),
      );
      await expect(
        db.query(`UPDATE organisations SET code = 'ZZZ' WHERE code = $1`, [link.child_code]),
      ).rejects.toThrow(/is named by organisation_links/);
      expect(await db.query('SELECT count(*)::int AS n FROM organisation_links')).toEqual(before);
    });
  });

if (HAS_SHARED_DATA)
  describeEachDatabase('CCGs closed as the CCG registers tell it, whatever order the files come in', (t) => {
    const ccgs = (db: Database) =>
      db.query<{ code: string; status: string; close_date: string | null; successor: string | null }>(
        `SELECT o.code, o.status, o.close_date,
                (SELECT l.parent_code || ' ' || l.valid_from FROM organisation_links l
                  WHERE l.child_code = o.code AND l.relationship = 'sub_icb_successor') AS successor
           FROM organisations o WHERE o.code IN ('00W', '01M', '01N') ORDER BY o.code`,
      );
    const membersNow = async (db: Database) =>
      (await childrenAt(db, 'QOP', today())).filter((c) => c.type === 'sub_icb').map((c) => c.code);

    it('with the 2022 lookup loaded first and the 2016 CCG register last, 01N closes into 14L on 1 April 2017 as 00W and 01M do', async () => {
      const db = await t.open();
      try {
        for (const f of [
          'ods/ccg_to_icb_2022.csv',
          'ods/eccg_2018-11.csv',
          'ods/epraccur_2021-11.csv',
          'ods/practice_pcn_ccg_stp_region_2020-21.csv',
          'ods/eccg_2016-01.csv',
          'ods/epraccur_2016-01.csv',
        ])
          await ingestFile(db, shared(f));
        const merged = { status: 'closed', close_date: '2017-03-31', successor: '14L 2017-04-01' };
        expect(await ccgs(db)).toEqual(['00W', '01M', '01N'].map((code) => ({ code, ...merged })));
        const now = await membersNow(db);
        expect(now).toContain('14L');
        for (const closed of ['00W', '01M', '01N']) expect(now).not.toContain(closed);
      } finally {
        await t.dispose(db);
      }
    }, 120_000);

    it('a CCG the latest register leaves out, with no one CCG opened in its ICB meanwhile, is closed on a day not known and in no ICB from that register on', async () => {
      // the 2018 register without Manchester CCG (14L): nothing says where South Manchester went
      const dir = mkdtempSync(join(tmpdir(), 'lantern-registers-'));
      const register = readFileSync(shared('ods/eccg_2018-11.csv'), 'latin1')
        .split('\n')
        .filter((l) => !l.startsWith('"14L"'))
        .join('\n');
      writeFileSync(join(dir, 'eccg_2018-11.csv'), register, 'latin1');
      const db = await t.open();
      try {
        await ingestFile(db, shared('ods/eccg_2016-01.csv'));
        await ingestFile(db, join(dir, 'eccg_2018-11.csv'));
        await ingestFile(db, shared('ods/ccg_to_icb_2022.csv'));
        const [south] = (await ccgs(db)).filter((c) => c.code === '01N');
        expect(south).toEqual({ code: '01N', status: 'closed', close_date: null, successor: null });
        expect(await membersNow(db)).not.toContain('01N');
        // it was in its area team while listed, and is in nothing from the date of the register that left it out
        const links = await db.query<{ relationship: string; parent_code: string; valid_to: string | null }>(
          `SELECT relationship, parent_code, valid_to FROM organisation_links WHERE child_code = '01N'`,
        );
        expect(links).toEqual([
          { relationship: 'sub_icb_area_team', parent_code: 'Q73', valid_to: '2018-04-01' },
        ]);
        // Central Manchester, closed the same way, is not a member either
        expect(await membersNow(db)).not.toContain('00W');
      } finally {
        await t.dispose(db);
      }
    }, 120_000);
  });
