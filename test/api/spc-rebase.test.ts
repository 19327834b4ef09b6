/**
 * Recalculation points of a practice's SPC chart, on both databases: a commissioner over the practice sets one with
 * its reason, the chart is split there and each segment has its own mean and limits (checked by hand), the change
 * is audited, and it can be removed again; nobody else may set one.
 *
 * The series: Z10001's local_dna_rate (value = 100 × numerator / 1000) alternates 10, 12 for the 12 months of 2023,
 * then 5, 6 for the 12 months of 2024. By hand:
 * - one baseline: mean 198/24 = 8.25; moving ranges 11 × 2, 7, 11 × 1 (mean 40/23), the 7 ≥ 3.267 × 40/23 is
 *   screened out, mean MR 33/22 = 1.5, limits 8.25 ± 3.99; 2023 all above the mean, 2024 all below: 24 points of
 *   two runs ("shift");
 * - recalculated from 2024-01: 2023 mean 11, every moving range 2, limits 11 ± 5.32; 2024 mean 5.5, every moving
 *   range 1, limits 5.5 ± 2.66; the values alternate about each mean, so no special cause.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { searchAudit } from '../../src/auth/audit.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { describeEachDatabase } from '../db/databases.js';
import {
  ANON,
  call,
  createRoleUser,
  defineLocalIndicator,
  genericCsv,
  signIn,
  TEST_PASSWORD,
  type TestSession,
} from './sessions.js';

const PRACTICE = 'Z10001';
const IND = 'local_dna_rate';
const months = (year: number) =>
  Array.from({ length: 12 }, (_, i) => `${year}-${String(i + 1).padStart(2, '0')}`);
const SERIES = [
  ...months(2023).map((p, i) => [p, i % 2 ? 120 : 100] as const),
  ...months(2024).map((p, i) => [p, i % 2 ? 60 : 50] as const),
];
const REASON = 'New antimicrobial guidance adopted across the CCG from January 2024';

interface Segment {
  from: string;
  to: string;
  points: number;
  centre: number;
  lower: number;
  upper: number;
  reason: string | null;
}

describeEachDatabase('SPC recalculation points', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const s: Record<string, TestSession> = {};
  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    await defineLocalIndicator(db, IND);
    app = await buildServer(db, { rateLimit: false });
    for (const role of ['commissioner_lead', 'commissioner_analyst', 'practice_user'] as const) {
      await createRoleUser(db, role);
      s[role] = await signIn(app, `${role}@test.lantern.invalid`, role);
    }
    const u = await createLocalUser(db, { email: 'elsewhere@test.lantern.invalid', password: TEST_PASSWORD });
    await addGrant(db, u.id, 'commissioner_lead', '9Z2');
    s.elsewhere = await signIn(app, 'elsewhere@test.lantern.invalid', 'commissioner_lead');
    const load = await call(app, s.commissioner_lead!, {
      method: 'POST',
      url: '/api/loads?name=spc-rebase.csv',
      headers: { 'content-type': 'text/csv' },
      payload: genericCsv(SERIES.map(([p, n]) => [IND, PRACTICE, p, n, 1000])),
    });
    expect(load.statusCode, load.body).toBeLessThan(300);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (db) await t.dispose(db);
  });

  const chart = async (who: TestSession) => {
    const r = await call(app, who, { method: 'GET', url: `/api/practices/${PRACTICE}/spc?indicator=${IND}` });
    expect(r.statusCode, r.body).toBe(200);
    return r.json();
  };
  const rebase = (who: TestSession, payload: Record<string, unknown>) =>
    call(app, who, { method: 'POST', url: `/api/practices/${PRACTICE}/spc/rebase`, payload });

  it('one baseline over both years puts every point in a shift', async () => {
    const c = await chart(s.commissioner_lead!);
    expect(c.points.map((p: { value: number }) => p.value)).toEqual(SERIES.map(([, n]) => n / 10));
    expect(c.segments).toHaveLength(1);
    expect(c.segments[0].centre).toBeCloseTo(8.25, 12);
    expect(c.segments[0].upper).toBeCloseTo(8.25 + 2.66 * 1.5, 12);
    expect(c.points.filter((p: { rules: string[] }) => p.rules.includes('shift'))).toHaveLength(24);
    expect(c.mayRebase).toBe(true);
    expect(c.method).toMatch(/3\.267 × their mean or more are left out/);
  });

  it('a commissioner over the practice sets a recalculation point: each segment has its own mean and limits, and the change is audited', async () => {
    const r = await rebase(s.commissioner_analyst!, {
      indicator: IND,
      fromPeriod: '2024-01-01',
      reason: REASON,
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json()).toEqual({
      practice: PRACTICE,
      indicator: IND,
      fromPeriod: '2024-01-01',
      reason: REASON,
    });
    const c = await chart(s.commissioner_lead!);
    const segs = c.segments as Segment[];
    expect(segs.map(({ from, to, points, reason }) => ({ from, to, points, reason }))).toEqual([
      { from: '2023-01-01', to: '2023-12-01', points: 12, reason: null },
      { from: '2024-01-01', to: '2024-12-01', points: 12, reason: REASON },
    ]);
    expect(segs[0]!.centre).toBeCloseTo(11, 12);
    expect(segs[0]!.upper).toBeCloseTo(11 + 5.32, 12);
    expect(segs[0]!.lower).toBeCloseTo(11 - 5.32, 12);
    expect(segs[1]!.centre).toBeCloseTo(5.5, 12);
    expect(segs[1]!.upper).toBeCloseTo(5.5 + 2.66, 12);
    expect(segs[1]!.lower).toBeCloseTo(5.5 - 2.66, 12);
    expect(c.points[11]).toMatchObject({ segment: 0 });
    expect(c.points[12]).toMatchObject({ segment: 1 });
    expect(c.points[12].centre).toBeCloseTo(5.5, 12);
    expect(c.points.every((p: { specialCause: string | null }) => p.specialCause === null)).toBe(true);
    expect(c.baselines).toEqual([
      {
        indicator: IND,
        fromPeriod: '2024-01-01',
        reason: REASON,
        setBy: 'commissioner_analyst@test.lantern.invalid',
        role: 'commissioner_analyst',
        setAt: expect.any(String),
        inSeries: true,
      },
    ]);
    const [entry] = (await searchAudit(db, { action: 'spc.rebase', limit: 10 })).filter(
      (e) => e.action === 'spc.rebase',
    );
    expect(entry).toMatchObject({
      actor: 'commissioner_analyst@test.lantern.invalid',
      target: `${PRACTICE}/${IND}/2024-01-01`,
      outcome: 'success',
      details: { reason: REASON },
    });
  });

  it('the practice sees the segments and the reason, not who set it, and may not set one', async () => {
    const c = await chart(s.practice_user!);
    expect(c.segments).toHaveLength(2);
    expect(c.mayRebase).toBe(false);
    expect(c.baselines[0]).toMatchObject({ reason: REASON, setBy: null });
    const r = await rebase(s.practice_user!, {
      indicator: IND,
      fromPeriod: '2023-07-01',
      reason: 'practice',
    });
    expect(r.statusCode).toBe(403);
  });

  it('refuses other areas’ commissioners, the public, and points that are not in the series or leave a segment without limits', async () => {
    const ok = { indicator: IND, fromPeriod: '2023-07-01', reason: 'Practice merger' };
    expect((await rebase(s.elsewhere!, ok)).statusCode).toBe(403);
    expect((await rebase(ANON, ok)).statusCode).toBe(401);
    const lead = s.commissioner_lead!;
    const cases: Array<[Record<string, unknown>, number, RegExp]> = [
      [
        { ...ok, fromPeriod: '2022-07-01' },
        400,
        /no value of local_dna_rate for the period starting 2022-07-01; its periods run from 2023-01-01 to 2024-12-01/,
      ],
      [{ ...ok, fromPeriod: '2023-01-01' }, 400, /is the first period/],
      [{ ...ok, fromPeriod: '2024-12-01' }, 400, /would leave a segment of 1 period/],
      [{ ...ok, fromPeriod: '2024-02-01' }, 400, /would leave a segment of 1 period/],
      [{ ...ok, fromPeriod: '2024-01-01' }, 409, /already has a recalculation point at 2024-01-01/],
      [{ ...ok, indicator: 'no_such_indicator' }, 404, /No indicator has the code no_such_indicator/],
      [{ ...ok, reason: 'Patient 943 476 5919 moved' }, 400, /NHS number/],
      [{ ...ok, reason: ' ' }, 400, /reason/],
    ];
    for (const [body, status, detail] of cases) {
      const r = await rebase(lead, body);
      expect(r.statusCode, `${JSON.stringify(body)} → ${r.body}`).toBe(status);
      expect(r.json().detail).toMatch(detail);
    }
    expect((await db.query(`SELECT 1 FROM spc_baselines`)).length).toBe(1);
  });

  it('removing the recalculation point joins the segments again, audited; removing it twice is 404', async () => {
    const url = `/api/practices/${PRACTICE}/spc/rebase?indicator=${IND}&from=2024-01-01`;
    expect((await call(app, s.elsewhere!, { method: 'DELETE', url })).statusCode).toBe(403);
    const r = await call(app, s.commissioner_lead!, { method: 'DELETE', url });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toEqual({
      practice: PRACTICE,
      indicator: IND,
      fromPeriod: '2024-01-01',
      removed: { reason: REASON },
    });
    const c = await chart(s.commissioner_lead!);
    expect(c.segments).toHaveLength(1);
    expect(c.segments[0].centre).toBeCloseTo(8.25, 12);
    expect(c.baselines).toEqual([]);
    const [entry] = await searchAudit(db, { action: 'spc.rebase_removed', limit: 1 });
    expect(entry).toMatchObject({
      actor: 'commissioner_lead@test.lantern.invalid',
      target: `${PRACTICE}/${IND}/2024-01-01`,
      details: { reason: REASON },
    });
    const again = await call(app, s.commissioner_lead!, { method: 'DELETE', url });
    expect(again.statusCode).toBe(404);
    expect(again.json().detail).toBe(`${PRACTICE}'s ${IND} has no recalculation point at 2024-01-01`);
  });
});
