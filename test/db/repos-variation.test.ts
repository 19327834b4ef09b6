/**
 * The variation repositories (src/db/repos) on both databases, for what the API tests reach only through a
 * funnel, a tier or a page: the tier rule set's versions, practice groups, peers' facts, the lifecycle's moves and
 * comments, stored funnels, SPC series and the case-mix facts' dates. Each fixture is written here by raw
 * SQL, so the expectations come from the rows written, not from the code under test.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { describeEachDatabase } from './databases.js';
import { indicatorsWithCounts, insertRuleSet, ruleSetVersions } from '../../src/db/repos/tiers.js';
import {
  addGroupMembers,
  groupAreaOf,
  groupMemberRows,
  insertGroup,
  listGroupRows,
  practiceCodesAmong,
  updateGroupClearingMembers,
} from '../../src/db/repos/groups.js';
import { latestListSizes, latestValuesBesidePeers, openPracticesOn } from '../../src/db/repos/peer-groups.js';
import {
  addIndicatorComment,
  indicatorComments,
  latestSays,
  lifecycleEvents,
  lifecycleStates,
  recordMove,
} from '../../src/db/repos/indicator-lifecycle.js';
import {
  currentFits,
  periodChanges,
  practiceCodes,
  practiceCountsOf,
  removeComputedPeriod,
  saveComputations,
  storedComputations,
} from '../../src/db/repos/variation-fits.js';
import { practiceFigures } from '../../src/variation/stored-results.js';
import { indicatorsWithSeries, practiceSeries } from '../../src/db/repos/spc.js';
import { ageProfileDateNear } from '../../src/db/repos/casemix.js';
import {
  countedPeriods,
  practiceValuesFor,
  practiceValuesForMany,
} from '../../src/db/repos/practice-values.js';

/** Practices RV001–RV004 (RV004 closed on 2024-06-30), one CCG, and an area with no practices. */
async function seedOrganisations(db: Database) {
  await db.query(
    `INSERT INTO organisations (code, name, type, status, close_date) VALUES
       ('RV001', 'Alpha Surgery', 'practice', 'active', NULL),
       ('RV002', 'Beta Surgery', 'practice', 'active', NULL),
       ('RV003', 'Gamma Surgery', 'practice', 'active', NULL),
       ('RV004', 'Delta Surgery', 'practice', 'closed', '2024-06-30'),
       ('RVCCG', 'A sub-ICB location', 'ccg', 'active', NULL)`,
  );
}

/** An indicator value, current unless said otherwise. */
async function value(
  db: Database,
  v: {
    indicator: string;
    org: string;
    start: string;
    end?: string;
    numerator?: number | null;
    denominator?: number | null;
    value: number | null;
    current?: boolean;
    qualityIssue?: string | null;
  },
) {
  await db.query(
    `INSERT INTO indicator_values (indicator_code, definition_version, org_code, period_start, period_end, numerator,
                                   denominator, value, load_id, current, quality_issue)
     VALUES ($1, 1, $2, $3, $4, $5, $6, $7, 1, $8, $9)`,
    [
      v.indicator,
      v.org,
      v.start,
      v.end ?? v.start,
      v.numerator ?? null,
      v.denominator ?? null,
      v.value,
      v.current ?? true,
      v.qualityIssue ?? null,
    ],
  );
}

async function indicator(db: Database, code: string, title: string, published = true) {
  await db.query(
    `INSERT INTO indicators (code, version, title, domain, direction, unit, multiplier, method, org_type, source, how_to_read, published)
     VALUES ($1, 1, $2, 'test', 'higher_better', '%', 100, 'proportion', 'practice', 'test', 'test', $3)`,
    [code, title, published],
  );
}

describeEachDatabase('variation repositories', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
    await seedOrganisations(db);
  });
  afterAll(() => t.dispose(db));

  describe('tier rule sets', () => {
    it('numbers each stored rule set one above the last, and lists them newest first, as far as the limit', async () => {
      expect(await ruleSetVersions(db)).toEqual([]);
      expect(await insertRuleSet(db, { indicators: ['a'], windowMonths: 3 }, 'first', 'system')).toBe(1);
      expect(
        await insertRuleSet(db, { indicators: ['a', 'b'], windowMonths: 6 }, null, 'lead@example.org'),
      ).toBe(2);
      const all = await ruleSetVersions(db);
      expect(all.map((r) => r.version)).toEqual([2, 1]);
      expect(all[0]).toMatchObject({
        rules: { indicators: ['a', 'b'], windowMonths: 6 },
        note: null,
        createdBy: 'lead@example.org',
      });
      expect(all[1]).toMatchObject({
        rules: { indicators: ['a'], windowMonths: 3 },
        note: 'first',
        createdBy: 'system',
      });
      expect(all[0]!.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
      expect((await ruleSetVersions(db, 1)).map((r) => r.version)).toEqual([2]);
    });

    it('finds the indicators with a current value that has counts over a positive denominator', async () => {
      await value(db, {
        indicator: 'rv_counts',
        org: 'RV001',
        start: '2024-01-01',
        numerator: 1,
        denominator: 10,
        value: 10,
      });
      // no numerator; a zero denominator; counts only in a superseded value
      await value(db, {
        indicator: 'rv_rate_only',
        org: 'RV001',
        start: '2024-01-01',
        denominator: 10,
        value: 5,
      });
      await value(db, {
        indicator: 'rv_zero_den',
        org: 'RV001',
        start: '2024-01-01',
        numerator: 0,
        denominator: 0,
        value: 0,
      });
      await value(db, {
        indicator: 'rv_superseded',
        org: 'RV001',
        start: '2024-01-01',
        numerator: 1,
        denominator: 10,
        value: 10,
        current: false,
      });
      const withCounts = await indicatorsWithCounts(db);
      expect(withCounts.has('rv_counts')).toBe(true);
      expect(withCounts.has('rv_rate_only')).toBe(false);
      expect(withCounts.has('rv_zero_den')).toBe(false);
      expect(withCounts.has('rv_superseded')).toBe(false);
    });
  });

  describe('practice groups', () => {
    it('creates a group, lists it by area with its members by name, and finds its area', async () => {
      const id = await insertGroup(db, {
        name: 'North locality',
        kind: 'locality',
        area: 'RVCCG',
        createdBy: 'lead@example.org',
        at: '2024-03-01T10:00:00.000Z',
      });
      await addGroupMembers(db, id, ['RV002', 'RV001']);
      const other = await insertGroup(db, {
        name: 'Another area’s group',
        kind: 'pcn',
        area: 'RVOTHER',
        createdBy: 'x@example.org',
        at: '2024-03-01T10:00:00.000Z',
      });
      expect(await listGroupRows(db, ['RVCCG'])).toEqual([
        {
          id,
          name: 'North locality',
          kind: 'locality',
          areaCode: 'RVCCG',
          createdBy: 'lead@example.org',
          updatedAt: '2024-03-01T10:00:00.000Z',
        },
      ]);
      expect((await listGroupRows(db, null)).map((g) => g.id)).toEqual([other, id]);
      expect(await listGroupRows(db, [])).toEqual([]);
      expect(await groupMemberRows(db, [id])).toEqual([
        { groupId: id, code: 'RV001', name: 'Alpha Surgery' },
        { groupId: id, code: 'RV002', name: 'Beta Surgery' },
      ]);
      expect(await groupAreaOf(db, id)).toBe('RVCCG');
      expect(await groupAreaOf(db, 999_999)).toBeNull();
    });

    it('renames a group and replaces its members', async () => {
      const id = await insertGroup(db, {
        name: 'South',
        kind: 'locality',
        area: 'RVCCG',
        createdBy: 'lead@example.org',
        at: '2024-03-01T10:00:00.000Z',
      });
      await addGroupMembers(db, id, ['RV001', 'RV002']);
      await updateGroupClearingMembers(db, id, {
        name: 'South federation',
        kind: 'federation',
        at: '2024-04-01T00:00:00.000Z',
      });
      expect(await groupMemberRows(db, [id])).toEqual([]);
      await addGroupMembers(db, id, ['RV003']);
      const [g] = (await listGroupRows(db, ['RVCCG'])).filter((x) => x.id === id);
      expect(g).toMatchObject({
        name: 'South federation',
        kind: 'federation',
        updatedAt: '2024-04-01T00:00:00.000Z',
      });
      expect((await groupMemberRows(db, [id])).map((m) => m.code)).toEqual(['RV003']);
    });

    it('tells which codes are practices', async () => {
      expect([...(await practiceCodesAmong(db, ['RV001', 'RVCCG', 'NOPE', 'RV004']))].sort()).toEqual([
        'RV001',
        'RV004',
      ]);
      expect(await practiceCodesAmong(db, [])).toEqual(new Set());
    });
  });

  describe('peers', () => {
    beforeAll(async () => {
      await db.query(
        `INSERT INTO populations (org_code, date, scheme, sex, age_band, patients, load_id) VALUES
           ('RV001', '2023-01-01', 'total', 'all', 'all', 5000, 1),
           ('RV001', '2024-01-01', 'total', 'all', 'all', 5200, 1),
           ('RV001', '2024-01-01', 'total', 'female', 'all', 2600, 1),
           ('RV002', '2024-01-01', 'total', 'all', 'all', 0, 1),
           ('RV003', '2024-01-01', 'starpu9', 'all', 'all', 7000, 1)`,
      );
      await indicator(db, 'rv_pub', 'Published measure');
      await indicator(db, 'rv_local', 'Local measure', false);
      // RV001's latest period of rv_pub is 2024-02; the peers' values of 2024-01 are not beside it
      await value(db, { indicator: 'rv_pub', org: 'RV001', start: '2024-01-01', value: 1 });
      await value(db, { indicator: 'rv_pub', org: 'RV001', start: '2024-02-01', value: 2 });
      await value(db, { indicator: 'rv_pub', org: 'RV002', start: '2024-01-01', value: 30 });
      await value(db, { indicator: 'rv_pub', org: 'RV002', start: '2024-02-01', value: 3 });
      await value(db, { indicator: 'rv_pub', org: 'RV003', start: '2024-02-01', value: 4 });
      await value(db, { indicator: 'rv_local', org: 'RV001', start: '2024-02-01', value: 5 });
      await value(db, { indicator: 'rv_local', org: 'RV002', start: '2024-02-01', value: 6 });
    });

    it('takes each organisation’s latest total list above 0', async () => {
      const sizes = (await latestListSizes(db)).filter((r) => r.org.startsWith('RV'));
      expect(sizes).toEqual([{ org: 'RV001', patients: 5200, date: '2024-01-01' }]);
    });

    it('lists the practices open on a day: a practice closed that day is not', async () => {
      const open = async (day: string) =>
        (await openPracticesOn(db, day))
          .filter((p) => p.code.startsWith('RV'))
          .map((p) => p.code)
          .sort();
      expect(await open('2024-06-29')).toEqual(['RV001', 'RV002', 'RV003', 'RV004']);
      expect(await open('2024-06-30')).toEqual(['RV001', 'RV002', 'RV003']);
    });

    it('gives the practice’s and its peers’ values in the practice’s latest period, local indicators only when asked', async () => {
      const published = await latestValuesBesidePeers(db, 'RV001', ['RV001', 'RV002'], false);
      expect(published.map((r) => [r.code, r.org, r.periodStart, r.value]).sort()).toEqual([
        ['rv_pub', 'RV001', '2024-02-01', 2],
        ['rv_pub', 'RV002', '2024-02-01', 3],
      ]);
      expect(published[0]).toMatchObject({
        title: 'Published measure',
        unit: '%',
        direction: 'higher_better',
      });
      const all = await latestValuesBesidePeers(db, 'RV001', ['RV001', 'RV002'], true);
      // by title: Local before Published
      expect(all.map((r) => r.code)).toEqual(['rv_local', 'rv_local', 'rv_pub', 'rv_pub']);
    });
  });

  describe('indicator lifecycle', () => {
    it('sets an indicator’s state (replacing the last) and keeps every move', async () => {
      const move = {
        code: 'rv_life',
        why: 'asked by practices',
        ruleVersion: null,
        actor: 'lead@example.org',
        role: 'quality_lead',
        at: '2024-05-01T09:00:00.000Z',
      };
      await recordMove(db, { ...move, from: 'not_proposed', to: 'proposed', closesOn: null });
      await recordMove(db, { ...move, from: 'proposed', to: 'open_for_comment', closesOn: '2024-06-01' });
      expect((await lifecycleStates(db)).filter((s) => s.code === 'rv_life')).toEqual([
        { code: 'rv_life', state: 'open_for_comment', closesOn: '2024-06-01' },
      ]);
      expect(await lifecycleEvents(db, 'rv_life')).toEqual([
        {
          fromState: 'not_proposed',
          toState: 'proposed',
          why: 'asked by practices',
          ruleVersion: null,
          role: 'quality_lead',
          at: '2024-05-01T09:00:00.000Z',
        },
        expect.objectContaining({ fromState: 'proposed', toState: 'open_for_comment' }),
      ]);
    });

    it('keeps every comment, and takes each practice’s latest as its say', async () => {
      const say = { code: 'rv_life', userId: null, role: 'practice', at: '2024-05-02T09:00:00.000Z' };
      await addIndicatorComment(db, { ...say, practice: 'RV001', agree: false, comment: 'not yet' });
      await addIndicatorComment(db, { ...say, practice: 'RV002', agree: null, comment: 'a question' });
      await addIndicatorComment(db, { ...say, practice: 'RV001', agree: true, comment: 'now agreed' });
      await addIndicatorComment(db, {
        ...say,
        code: 'rv_other',
        practice: 'RV003',
        agree: true,
        comment: 'elsewhere',
      });
      expect((await indicatorComments(db, 'rv_life')).map((c) => [c.practice, c.agree, c.comment])).toEqual([
        ['RV001', false, 'not yet'],
        ['RV002', null, 'a question'],
        ['RV001', true, 'now agreed'],
      ]);
      expect(await latestSays(db, 'rv_life')).toEqual([
        {
          indicator: 'rv_life',
          practice: 'RV001',
          name: 'Alpha Surgery',
          agree: true,
          comment: 'now agreed',
          at: say.at,
        },
        {
          indicator: 'rv_life',
          practice: 'RV002',
          name: 'Beta Surgery',
          agree: null,
          comment: 'a question',
          at: say.at,
        },
      ]);
      expect((await latestSays(db)).map((s) => s.indicator)).toEqual(['rv_life', 'rv_life', 'rv_other']);
    });
  });

  describe('stored funnel results', () => {
    it('gives every practice code, and only practices, as one array literal the database reads back exactly', async () => {
      // codes a register could hold that an array literal must quote: a quote, a backslash, a comma, a space
      const awkward = ['RV"Q1', 'RV\\B1', 'RV,C1', 'RV D1'];
      await db.query(
        `INSERT INTO organisations (code, name, type, status) SELECT c, 'Awkward ' || c, 'practice', 'active' FROM unnest($1::text[]) AS c`,
        [awkward],
      );
      try {
        const { literal } = await practiceCodes(db);
        const [back] = await db.query<{ codes: string[] }>('SELECT $1::text[] AS codes', [literal]);
        expect([...back!.codes].sort()).toEqual(['RV001', 'RV002', 'RV003', 'RV004', ...awkward].sort());
      } finally {
        await db.query('DELETE FROM organisations WHERE code = ANY($1::text[])', [awkward]);
      }
    });

    it('numbers each period’s last input change: a new value, a quality flag or a practice’s type moves only its periods', async () => {
      await value(db, {
        indicator: 'rv_fp',
        org: 'RV001',
        start: '2024-01-01',
        numerator: 1,
        denominator: 10,
        value: 10,
      });
      await value(db, {
        indicator: 'rv_fp',
        org: 'RV002',
        start: '2024-01-01',
        numerator: 2,
        denominator: 10,
        value: 20,
      });
      await value(db, {
        indicator: 'rv_fp',
        org: 'RV001',
        start: '2024-02-01',
        numerator: 1,
        denominator: 10,
        value: 10,
      });
      const changes = async () =>
        new Map((await periodChanges(db, ['rv_fp'])).map((c) => [c.periodStart, c.change]));
      const first = await changes();
      expect([...first.keys()]).toEqual(['2024-01-01', '2024-02-01']);
      expect(first.get('2024-02-01')).toBeGreaterThan(first.get('2024-01-01')!);

      await db.query(
        `UPDATE indicator_values SET quality_issue = 'test' WHERE indicator_code = 'rv_fp' AND org_code = 'RV002'`,
      );
      const flagged = await changes();
      expect(flagged.get('2024-01-01')).toBeGreaterThan(first.get('2024-02-01')!);
      expect(flagged.get('2024-02-01')).toBe(first.get('2024-02-01'));

      // a practice that stops being one leaves every funnel it has values in; a name change moves nothing
      await db.query(`UPDATE organisations SET name = name || ' (renamed)' WHERE code = 'RV001'`);
      expect(await changes()).toEqual(flagged);
      const type = await db.query<{ type: string }>(`SELECT type FROM organisations WHERE code = 'RV001'`);
      await db.query(`UPDATE organisations SET type = 'closed_practice' WHERE code = 'RV001'`);
      const retyped = await changes();
      expect(retyped.get('2024-01-01')).toBeGreaterThan(flagged.get('2024-01-01')!);
      expect(retyped.get('2024-02-01')).toBeGreaterThan(flagged.get('2024-02-01')!);
      await db.query(`UPDATE organisations SET type = $1 WHERE code = 'RV001'`, [type[0]!.type]);

      // what a stored computation was made from is read beside it
      await saveComputations(db, [
        {
          indicatorCode: 'rv_fp',
          periodStart: '2024-02-01',
          definitionVersion: 1,
          method: 'proportion funnel',
          practices: 1,
          phi: null,
          tau2: null,
          computedAt: '2024-03-01T00:00:00.000Z',
          change: 7,
        },
      ]);
      const feb = (await periodChanges(db, ['rv_fp'])).find((c) => c.periodStart === '2024-02-01');
      expect(feb).toMatchObject({
        computedChange: 7,
        computedVersion: 1,
        computedPractices: 1,
        stored: true,
      });
    });

    it('reads a stored fit back only while its period’s inputs are unchanged, and a practice’s figures against it', async () => {
      await indicator(db, 'rv_res', 'Stored fits');
      await value(db, {
        indicator: 'rv_res',
        org: 'RV001',
        start: '2024-01-01',
        numerator: 12,
        denominator: 50,
        value: 24,
      });
      await value(db, {
        indicator: 'rv_res',
        org: 'RV001',
        start: '2024-02-01',
        numerator: 3,
        denominator: 40,
        value: 7.5,
      });
      await value(db, {
        indicator: 'rv_res',
        org: 'RV002',
        start: '2024-01-01',
        numerator: 5,
        denominator: 50,
        value: 10,
      });
      const change = new Map((await periodChanges(db, ['rv_res'])).map((c) => [c.periodStart, c.change]));
      const fit = {
        indicatorCode: 'rv_res',
        definitionVersion: 1,
        method: 'proportion funnel',
        practices: 3,
        fitType: 'proportion',
        target: 0.1,
        multiplier: 100,
        adjustment: 'additive',
        k: 3,
        phi: 2.5,
        tau2: 0.004,
        centre: null,
        spread: null,
        computedAt: '2024-03-01T00:00:00.000Z',
      };
      await saveComputations(db, [
        { ...fit, periodStart: '2024-01-01', change: change.get('2024-01-01')! },
        // made before its inputs last changed: not current
        { ...fit, periodStart: '2024-02-01', change: change.get('2024-02-01')! - 1 },
      ]);
      const {
        indicatorCode: _c,
        definitionVersion: _v,
        method: _m,
        practices: _p,
        computedAt: _a,
        fitType,
        ...cols
      } = fit;
      expect(await currentFits(db, { indicators: ['rv_res'] })).toEqual([
        {
          indicator: 'rv_res',
          periodStart: '2024-01-01',
          fitType,
          ...cols,
          change: String(change.get('2024-01-01')),
        },
      ]);
      expect(await currentFits(db, { pairs: [['rv_res', '2024-02-01']] })).toEqual([]);
      expect(await practiceCountsOf(db, 'RV001', ['rv_res'])).toEqual([
        {
          indicator: 'rv_res',
          periodStart: '2024-01-01',
          numerator: 12,
          denominator: 50,
          qualityIssue: null,
        },
        { indicator: 'rv_res', periodStart: '2024-02-01', numerator: 3, denominator: 40, qualityIssue: null },
      ]);
      // 12 of 50 against a target of 10% with τ² = 0.004, on the angular scale (Spiegelhalter 2005, additive)
      const figures = await practiceFigures(db, 'RV001');
      expect(figures.map((f) => f.periodStart)).toEqual(['2024-01-01']);
      const f = figures[0]!.figures;
      const sd = Math.sqrt(1 / (4 * 50) + 0.004);
      const y0 = Math.asin(Math.sqrt(0.1));
      expect(f.value).toBe(24);
      expect(f.expected).toBe(10);
      expect(f.z_adjusted).toBeCloseTo((Math.asin(Math.sqrt(0.24)) - y0) / sd, 12);
      expect(f.upper_95).toBeCloseTo(100 * Math.sin(y0 + 1.959963984540054 * sd) ** 2, 10);
      expect(f.upper_99_8).toBeCloseTo(100 * Math.sin(y0 + 3.090232306167813 * sd) ** 2, 10);
      expect(f.upper_95).toBeLessThan(24);
      expect(f.upper_99_8).toBeGreaterThan(24);
      expect([f.flag_95, f.flag_99_8]).toEqual(['high', '']);
      // a new value in January makes its fit stale too
      await value(db, {
        indicator: 'rv_res',
        org: 'RV003',
        start: '2024-01-01',
        numerator: 1,
        denominator: 9,
        value: 11.1,
      });
      expect(await currentFits(db, { indicators: ['rv_res'] })).toEqual([]);
      expect(await practiceFigures(db, 'RV001')).toEqual([]);
    });

    it('records a period’s computation, replaces it when recomputed, and removes it with its results', async () => {
      const c = {
        indicatorCode: 'rv_res',
        periodStart: '2024-01-01',
        definitionVersion: 1,
        method: 'proportion funnel',
        change: 1,
        practices: 2,
        phi: 1.2,
        tau2: null,
        computedAt: '2024-03-01T00:00:00.000Z',
      };
      await saveComputations(db, [c]);
      await saveComputations(db, [
        { ...c, definitionVersion: 2, change: 2 },
        { ...c, periodStart: '2024-02-01' },
      ]);
      const stored = async () =>
        (await storedComputations(db, 'rv_res')).sort((a, b) => a.periodStart.localeCompare(b.periodStart));
      expect(await stored()).toEqual([
        { periodStart: '2024-01-01', change: 2, version: 2 },
        { periodStart: '2024-02-01', change: 1, version: 1 },
      ]);
      await db.transaction((tx) => removeComputedPeriod(tx, 'rv_res', '2024-02-01'));
      expect(await stored()).toEqual([{ periodStart: '2024-01-01', change: 2, version: 2 }]);
    });
  });

  describe('series and periods', () => {
    it('reads a practice’s current values oldest first, without nulls or superseded values', async () => {
      await value(db, { indicator: 'rv_spc', org: 'RV003', start: '2024-03-01', value: 3 });
      await value(db, { indicator: 'rv_spc', org: 'RV003', start: '2024-01-01', value: 1 });
      await value(db, { indicator: 'rv_spc', org: 'RV003', start: '2024-02-01', value: null });
      await value(db, { indicator: 'rv_spc', org: 'RV003', start: '2024-04-01', value: 9, current: false });
      expect(await practiceSeries(db, 'RV003', 'rv_spc')).toEqual([
        { periodStart: '2024-01-01', value: 1 },
        { periodStart: '2024-03-01', value: 3 },
      ]);
      expect(await indicatorsWithSeries(db, 'RV003', 2)).toContain('rv_spc');
      expect(await indicatorsWithSeries(db, 'RV003', 3)).not.toContain('rv_spc');
    });

    it('counts per period the practices a funnel can use, newest first; for a proportion, not a numerator above its denominator', async () => {
      const v = (
        org: string,
        start: string,
        numerator: number,
        denominator: number,
        qualityIssue: string | null = null,
      ) => value(db, { indicator: 'rv_cnt', org, start, numerator, denominator, value: 0, qualityIssue });
      await v('RV001', '2024-01-01', 1, 10);
      await v('RV002', '2024-01-01', 11, 10);
      await v('RV003', '2024-01-01', 1, 10, 'flagged');
      await v('RVCCG', '2024-01-01', 1, 10);
      await v('RV001', '2024-02-01', 1, 0);
      expect(await countedPeriods(db, 'rv_cnt', true)).toEqual([
        { periodStart: '2024-02-01', periodEnd: '2024-02-01', practices: 0 },
        { periodStart: '2024-01-01', periodEnd: '2024-01-01', practices: 1 },
      ]);
      expect((await countedPeriods(db, 'rv_cnt', false)).map((p) => p.practices)).toEqual([0, 2]);
    });

    it('takes the age profile’s date at or before the date asked for, else the earliest after', async () => {
      await db.query(
        `INSERT INTO populations (org_code, date, scheme, sex, age_band, patients, load_id) VALUES
           ('RV001', '2022-04-01', 'starpu9', 'male', '0-4', 10, 1),
           ('RV001', '2023-04-01', 'starpu9', 'male', '0-4', 10, 1),
           ('RV001', '2024-04-01', 'starpu9', 'male', '0-4', 10, 1)`,
      );
      expect(await ageProfileDateNear(db, '2023-12-31')).toBe('2023-04-01');
      expect(await ageProfileDateNear(db, '2024-04-01')).toBe('2024-04-01');
      expect(await ageProfileDateNear(db, '2020-01-01')).toBe('2022-04-01');
    });
  });

  describe('practice values for several indicators at once', () => {
    it('reads each indicator’s own periods with the CCG as it was then and its ICB (then, or the one it later joined), one indicator or several', async () => {
      // RV001 in RVC1 throughout; RVC1 joins RVI1 from 2022-07-01 (before that, the ICB it later joined). RV002 in
      // no CCG. RVCCG is not a practice: left out. A superseded value is not read.
      await db.query(
        `INSERT INTO organisations (code, name, type, status) VALUES
           ('RVC1', 'A sub-ICB location', 'ccg', 'active'), ('RVI0', 'An earlier ICB', 'icb', 'active'),
           ('RVI1', 'An ICB', 'icb', 'active')`,
      );
      await db.query(
        `INSERT INTO organisation_links (child_code, relationship, parent_code, valid_from, valid_to) VALUES
           ('RV001', 'practice_sub_icb', 'RVC1', '2020-01-01', NULL),
           ('RVC1', 'sub_icb_icb', 'RVI0', '2021-01-01', '2021-06-01'),
           ('RVC1', 'sub_icb_icb', 'RVI1', '2022-07-01', NULL)`,
      );
      const v = (indicator: string, org: string, start: string, numerator: number, current = true) =>
        value(db, { indicator, org, start, numerator, denominator: 10, value: 0, current });
      await v('rv_m1', 'RV001', '2022-01-01', 1);
      await v('rv_m1', 'RV002', '2022-01-01', 2);
      await v('rv_m1', 'RVCCG', '2022-01-01', 3);
      await v('rv_m1', 'RV001', '2023-01-01', 4);
      await v('rv_m1', 'RV001', '2023-01-01', 9, false);
      await v('rv_m1', 'RV001', '2024-01-01', 5);
      await v('rv_m2', 'RV002', '2023-01-01', 6);
      await v('rv_m2', 'RV001', '2023-01-01', 7);
      const many = await practiceValuesForMany(db, [
        { indicator: 'rv_m1', periodStarts: ['2023-01-01', '2022-01-01'] },
        { indicator: 'rv_m2', periodStarts: ['2023-01-01', '2021-01-01'] },
        { indicator: 'rv_none', periodStarts: [] },
      ]);
      // the names as the organisations table holds them now (an earlier test renames one)
      const names = new Map(
        (
          await db.query<{ code: string; name: string }>(
            `SELECT code, name FROM organisations WHERE code IN ('RV001', 'RV002')`,
          )
        ).map((o) => [o.code, o.name]),
      );
      const row = (code: string, numerator: number, ccg: string | null, icb: string | null) => ({
        code,
        name: names.get(code),
        ccg,
        icb,
        numerator,
        denominator: 10,
        qualityIssue: null,
      });
      expect(many.get('rv_m1')).toEqual(
        new Map([
          ['2023-01-01', [row('RV001', 4, 'RVC1', 'RVI1')]],
          ['2022-01-01', [row('RV001', 1, 'RVC1', 'RVI1'), row('RV002', 2, null, null)]],
        ]),
      );
      expect(many.get('rv_m2')).toEqual(
        new Map([
          ['2023-01-01', [row('RV001', 7, 'RVC1', 'RVI1'), row('RV002', 6, null, null)]],
          ['2021-01-01', []],
        ]),
      );
      expect(many.get('rv_none')).toEqual(new Map());
      // one indicator at a time reads the same
      expect(await practiceValuesFor(db, 'rv_m1', ['2023-01-01', '2022-01-01'])).toEqual(
        new Map([
          ['2023-01-01', [row('RV001', 4, 'RVC1', 'RVI1')]],
          ['2022-01-01', [row('RV001', 1, 'RVC1', 'RVI1'), row('RV002', 2, null, null)]],
        ]),
      );
      expect(await practiceValuesFor(db, 'rv_m2', ['2021-01-01'])).toEqual(new Map([['2021-01-01', []]]));
    });
  });
});
