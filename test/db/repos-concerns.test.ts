/**
 * The concerns repository's list query on both databases: visibility, the status and provider filters, and the
 * overdue filter (in SQL, before the limit) agreeing with the deadlines the workflow computes; and the one WHERE
 * builder (src/db/where.ts) that numbers its parameters.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { Where } from '../../src/db/where.js';
import {
  insertConcern,
  listConcernRows,
  type ConcernRow,
  type ConcernViewer,
} from '../../src/db/repos/concerns.js';
import { upsertProviderSettings } from '../../src/db/repos/provider-settings.js';
import { ensureTaxonomy } from '../../src/concerns/categories.js';
import { overdueCutoffs } from '../../src/concerns/list.js';
import { DEFAULT_SETTINGS, settingsForPractice } from '../../src/concerns/settings.js';
import { deadlinesFor, type State } from '../../src/concerns/workflow.js';
import { addCalendarDays, addWorkingDays } from '../../src/domain/working-days.js';
import { setClock } from '../../src/domain/clock.js';
import { describeEachDatabase } from './databases.js';

const EVERYONE: ConcernViewer = {
  everything: true,
  commissionerPractices: [],
  practices: [],
  providers: [],
  userId: null,
};

describe('overdueCutoffs', () => {
  it('a clock started on or before cutoffs[n] is past its due day (n working days on), and one started after is not', () => {
    // across Christmas, New Year and Easter 2027 bank holidays, and weekends
    for (const day of ['2026-12-22', '2026-12-29', '2027-01-04', '2027-03-30', '2027-04-06']) {
      const cut = overdueCutoffs(day, 25);
      expect(cut).toHaveLength(26);
      for (let n = 0; n <= 25; n++)
        for (let back = 0; back < 50; back++) {
          const start = addCalendarDays(day, -back);
          expect(start <= cut[n]!, `${start} + ${n} working days, on ${day}`).toBe(
            day > addWorkingDays(start, n),
          );
        }
    }
  });
});

describe('Where', () => {
  it('numbers each ? after the parameters already bound, in order', () => {
    const w = new Where(['x']);
    w.add('a = ?', 1).sql('b IS NULL').add('c BETWEEN ? AND ?', 2, 3);
    expect(w.clause()).toBe('WHERE a = $2 AND b IS NULL AND c BETWEEN $3 AND $4');
    expect(w.param(9)).toBe('$5');
    expect(w.params).toEqual(['x', 1, 2, 3, 9]);
  });

  it('gives no WHERE when there is no condition, and refuses a condition whose ? and values differ', () => {
    expect(new Where().clause()).toBe('');
    expect(new Where().conditionsSql()).toBe('TRUE');
    expect(() => new Where().add('a = ? AND b = ?', 1)).toThrow(/2 placeholders \(\?\) but 1 values/);
  });
});

describeEachDatabase('concerns repository', (t) => {
  let db: Database;
  /** concern id → what it was made as */
  const made = new Map<number, { provider: string; practice: string; status: State }>();
  const DAY = '2026-12-22'; // Tuesday; 25 and 28 Dec are bank holidays

  /** A submitted-or-later concern with these clock days (null: not reached), last changed at `updated`. */
  async function concern(
    provider: string,
    practice: string,
    status: State,
    clocks: Partial<
      Record<'submitted' | 'acknowledged' | 'triaged' | 'sent' | 'responded' | 'reviewed', string>
    >,
    updated: string,
  ): Promise<number> {
    const id = await insertConcern(db, {
      provider,
      site: null,
      service: null,
      category: 'discharge_summary_late',
      harm: 'low',
      description: 'A discharge summary arrived late.',
      eventDate: '2026-10-01',
      contractStandard: null,
      nationalReference: null,
      urgent: false,
      nhsNumberLink: null,
      nhsNumberSealed: null,
      practice,
      reporterUserId: 7,
      reporter: 'reporter@test.lantern.invalid',
      shareReporter: false,
      synthetic: false,
      at: `${updated}T09:00:00Z`,
    });
    await db.query(
      `UPDATE concerns SET status = $2, submitted_on = $3, acknowledged_on = $4, triaged_on = $5,
         sent_to_provider_on = $6, provider_responded_on = $7, reviewed_on = $8 WHERE id = $1`,
      [
        id,
        status,
        clocks.submitted ?? null,
        clocks.acknowledged ?? null,
        clocks.triaged ?? null,
        clocks.sent ?? null,
        clocks.responded ?? null,
        clocks.reviewed ?? null,
      ],
    );
    made.set(id, { provider, practice, status });
    return id;
  }

  const ids = (rows: ConcernRow[]) => rows.map((r) => r.id);
  const overdueOn = (day: string) => ({ day, defaults: DEFAULT_SETTINGS, cutoffs: overdueCutoffs(day) });

  let lateAck: number;
  let onTimeAck: number;
  let lateUnderSettings: number;
  let triagedOnTime: number;
  let closedLate: number;
  let draft: number;
  let lateResponse: number;
  let answered: number;
  let lateReview: number;
  let triageOverHolidays: number;

  beforeAll(async () => {
    setClock(`${DAY}T09:00:00Z`);
    db = await t.open();
    await ensureTaxonomy(db);
    await db.query(
      `INSERT INTO organisations (code, name, type, status) VALUES
         ('RA1', 'Trust A', 'trust', 'active'), ('RB2', 'Trust B', 'trust', 'active'),
         ('P00001', 'Practice one', 'practice', 'active'), ('P00002', 'Practice two', 'practice', 'active'),
         ('S01', 'Sub-ICB one', 'sub_icb', 'active')`,
    );
    await db.query(
      `INSERT INTO organisation_links (child_code, relationship, parent_code, valid_from) VALUES
         ('P00001', 'practice_sub_icb', 'S01', '2020-01-01'), ('P00002', 'practice_sub_icb', 'S01', '2020-01-01')`,
    );
    // the sub-ICB gives Trust B one working day to acknowledge (the default is two)
    await upsertProviderSettings(
      db,
      'RB2',
      'S01',
      { acknowledge: 1, triage: 5, providerResponse: 10, commissionerReview: 10, incidentRegime: 'psirf' },
      'lead@test.lantern.invalid',
      '2026-01-01T00:00:00Z',
    );
    // oldest first: the overdue ones are the oldest, the list is newest first
    lateAck = await concern('RA1', 'P00001', 'submitted', { submitted: '2026-12-14' }, '2026-12-14');
    closedLate = await concern(
      'RA1',
      'P00001',
      'closed',
      { submitted: '2026-11-02', acknowledged: '2026-11-03', triaged: '2026-11-04', sent: '2026-11-05' },
      '2026-12-15',
    );
    lateResponse = await concern(
      'RA1',
      'P00002',
      'with_provider',
      { submitted: '2026-11-02', acknowledged: '2026-11-03', triaged: '2026-11-04', sent: '2026-11-05' },
      '2026-12-16',
    );
    lateReview = await concern(
      'RB2',
      'P00002',
      'commissioner_review',
      {
        submitted: '2026-11-02',
        acknowledged: '2026-11-03',
        triaged: '2026-11-04',
        sent: '2026-11-05',
        responded: '2026-11-20',
      },
      '2026-12-17',
    );
    // Fri 18 Dec + 1 working day (Trust B's setting) = Mon 21 Dec: overdue on the 22nd; + 2 (the default) would not be
    lateUnderSettings = await concern(
      'RB2',
      'P00001',
      'submitted',
      { submitted: '2026-12-18' },
      '2026-12-18',
    );
    // Mon 21 Dec + 5 working days = 30 Dec (over the bank holidays): due, not overdue, on the 30th
    triageOverHolidays = await concern(
      'RA1',
      'P00002',
      'submitted',
      { submitted: '2026-12-21', acknowledged: '2026-12-21' },
      '2026-12-19',
    );
    answered = await concern(
      'RA1',
      'P00002',
      'provider_responded',
      {
        submitted: '2026-12-01',
        acknowledged: '2026-12-01',
        triaged: '2026-12-02',
        sent: '2026-12-03',
        responded: '2026-12-10',
      },
      '2026-12-20',
    );
    onTimeAck = await concern('RA1', 'P00001', 'submitted', { submitted: '2026-12-21' }, '2026-12-21');
    triagedOnTime = await concern(
      'RB2',
      'P00002',
      'triaged',
      { submitted: '2026-12-21', acknowledged: '2026-12-21', triaged: '2026-12-22' },
      '2026-12-22',
    );
    draft = await concern('RA1', 'P00001', 'draft', {}, '2026-12-22');
  }, 300_000);
  afterAll(async () => {
    setClock(null);
    if (db) await t.dispose(db);
  });

  it('lists every concern but drafts to an administrator, newest change first', async () => {
    const rows = await listConcernRows(db, EVERYONE, { limit: 100 });
    expect(ids(rows)).toEqual([...made.keys()].filter((id) => id !== draft).reverse());
  });

  it('filters by status and by provider', async () => {
    expect(ids(await listConcernRows(db, EVERYONE, { status: 'submitted', limit: 100 }))).toEqual([
      onTimeAck,
      triageOverHolidays,
      lateUnderSettings,
      lateAck,
    ]);
    expect(ids(await listConcernRows(db, EVERYONE, { provider: 'RB2', limit: 100 }))).toEqual([
      triagedOnTime,
      lateUnderSettings,
      lateReview,
    ]);
    expect(
      ids(await listConcernRows(db, EVERYONE, { provider: 'RB2', status: 'submitted', limit: 100 })),
    ).toEqual([lateUnderSettings]);
  });

  it('keeps only the concerns with a deadline past and not met, under each provider’s settings', async () => {
    const rows = await listConcernRows(db, EVERYONE, { overdue: overdueOn(DAY), limit: 100 });
    // not: closed (its clocks stopped), answered (met), on time, triaged on time, a draft
    expect(ids(rows)).toEqual([lateUnderSettings, lateReview, lateResponse, lateAck]);
  });

  it('filters overdue before the limit: the oldest overdue concerns are not cut off by newer ones', async () => {
    const rows = await listConcernRows(db, EVERYONE, { overdue: overdueOn(DAY), limit: 2 });
    expect(ids(rows)).toEqual([lateUnderSettings, lateReview]);
    const all = await listConcernRows(db, EVERYONE, { limit: 2 });
    expect(ids(all)).toEqual([triagedOnTime, onTimeAck]);
  });

  it('counts working days over bank holidays: due on 30 Dec, overdue on the 31st', async () => {
    const on = async (day: string) =>
      ids(await listConcernRows(db, EVERYONE, { overdue: overdueOn(day), limit: 100 }));
    expect(await on('2026-12-30')).not.toContain(triageOverHolidays);
    expect(await on('2026-12-31')).toContain(triageOverHolidays);
  });

  it('agrees with the workflow’s deadlines on every concern, on any day', async () => {
    const all = await listConcernRows(db, EVERYONE, { limit: 100 });
    for (const day of ['2026-11-10', '2026-12-01', DAY, '2027-01-04', '2027-02-01']) {
      const expected = [];
      for (const c of all) {
        const settings = await settingsForPractice(db, c.providerCode, c.practiceCode);
        if (deadlinesFor(c, settings, day).some((d) => d.overdue && !d.metOn)) expected.push(c.id);
      }
      expect(ids(await listConcernRows(db, EVERYONE, { overdue: overdueOn(day), limit: 100 })), day).toEqual(
        expected,
      );
    }
  });

  it('shows a practice its own concerns (its drafts to their author only), a provider those sent to it', async () => {
    const practice = { ...EVERYONE, everything: false, practices: ['P00001'] };
    expect(ids(await listConcernRows(db, { ...practice, userId: 7 }, { limit: 100 }))).toEqual([
      draft,
      onTimeAck,
      lateUnderSettings,
      closedLate,
      lateAck,
    ]);
    expect(ids(await listConcernRows(db, { ...practice, userId: 8 }, { limit: 100 }))).not.toContain(draft);
    const provider = { ...EVERYONE, everything: false, providers: ['RA1'] };
    expect(ids(await listConcernRows(db, provider, { limit: 100 }))).toEqual([
      answered,
      lateResponse,
      closedLate,
    ]);
    const commissioner = { ...EVERYONE, everything: false, commissionerPractices: ['P00002'] };
    expect(ids(await listConcernRows(db, commissioner, { provider: 'RB2', limit: 100 }))).toEqual([
      triagedOnTime,
      lateReview,
    ]);
  });

  it('binds values as parameters, never as SQL', async () => {
    const w = new Where();
    w.add('c.provider_code = ?', `RA1' OR TRUE --`);
    const rows = await db.query(`SELECT c.id FROM concerns c ${w.clause()}`, w.params);
    expect(rows).toEqual([]);
  });
});
