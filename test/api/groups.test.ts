/**
 * Commissioners' own practice groups, on both databases: made by the area's quality lead from practices of the area
 * only; a funnel shows the group's practices against England with the same numbers as the England funnel, or
 * compared within the group (target: the group's pooled value, recomputed here); other areas' users cannot see it.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { describeEachDatabase } from '../db/databases.js';
import { quantileType7 } from '../reference.js';
import { call, signIn, TEST_PASSWORD, type TestSession } from './sessions.js';

const IND = 'antibiotic_items_per_starpu';

describeEachDatabase('practice groups', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const s: Record<string, TestSession> = {};
  let inArea: string[];
  let outside: string;
  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    app = await buildServer(db, { rateLimit: false });
    const rows = await db.query<{ code: string; ccg: string }>(
      `SELECT child_code AS code, parent_code AS ccg FROM organisation_links
        WHERE relationship = 'practice_sub_icb' AND valid_to IS NULL ORDER BY child_code`,
    );
    inArea = rows.filter((r) => r.ccg === '9Z1').map((r) => r.code);
    outside = rows.find((r) => r.ccg !== '9Z1')!.code;
    for (const [name, role, org] of [
      ['lead', 'commissioner_lead', '9Z1'],
      ['analyst', 'commissioner_analyst', '9Z1'],
      ['elsewhere', 'commissioner_lead', rows.find((r) => r.ccg !== '9Z1')!.ccg],
    ] as const) {
      const u = await createLocalUser(db, { email: `${name}@test.lantern.invalid`, password: TEST_PASSWORD });
      await addGrant(db, u.id, role, org);
      s[name] = await signIn(app, `${name}@test.lantern.invalid`, role);
    }
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (db) await t.dispose(db);
  });

  let id: number;
  it('is made by the area’s quality lead, from practices of the area only', async () => {
    const body = { name: 'North locality', kind: 'locality', area: '9Z1', practices: inArea.slice(0, 6) };
    expect(
      (await call(app, s.analyst, { method: 'POST', url: '/api/groups', payload: body })).statusCode,
    ).toBe(403);
    const bad = await call(app, s.lead, {
      method: 'POST',
      url: '/api/groups',
      payload: { ...body, practices: [...body.practices, outside] },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toBe(`practices: ${outside} is not a practice of 9Z1`);
    const made = await call(app, s.lead, { method: 'POST', url: '/api/groups', payload: body });
    expect(made.statusCode).toBe(201);
    id = made.json().id;
    expect(
      made
        .json()
        .members.map((m: { code: string }) => m.code)
        .sort(),
    ).toEqual(body.practices.sort());
    const list = (await call(app, s.analyst, { method: 'GET', url: '/api/groups?area=9Z1' })).json();
    expect(list.groups.map((g: { name: string }) => g.name)).toEqual(['North locality']);
    expect((await call(app, s.elsewhere, { method: 'GET', url: `/api/groups/${id}` })).statusCode).toBe(404);
  });

  it('a funnel shows the group against England, or compares within it', async () => {
    const members = new Set(inArea.slice(0, 6));
    const england = (
      await call(app, s.analyst, { method: 'GET', url: `/api/indicators/${IND}/funnel` })
    ).json();
    const against = await call(app, s.analyst, {
      method: 'GET',
      url: `/api/indicators/${IND}/funnel?group=${id}`,
    });
    expect(against.statusCode).toBe(200);
    expect(against.json().group).toMatchObject({ id, name: 'North locality' });
    expect(
      against
        .json()
        .rows.map((r: { code: string }) => r.code)
        .sort(),
    ).toEqual([...members].sort());
    for (const r of against.json().rows)
      expect(r).toEqual(england.rows.find((e: { code: string }) => e.code === r.code));
    const within = (
      await call(app, s.analyst, {
        method: 'GET',
        url: `/api/indicators/${IND}/funnel?group=${id}&comparator=group`,
      })
    ).json();
    expect(within.comparator).toBe('group');
    const rows = england.rows.filter((r: { code: string }) => members.has(r.code));
    const pooled =
      rows.reduce((a: number, r: { numerator: number }) => a + r.numerator, 0) /
      rows.reduce((a: number, r: { denominator: number }) => a + r.denominator, 0);
    expect(within.target).toBeCloseTo(pooled * england.multiplier, 10);
    for (const r of within.rows) expect(r.expected).toBeCloseTo(pooled * england.multiplier, 10);
    expect(
      (await call(app, s.elsewhere, { method: 'GET', url: `/api/indicators/${IND}/funnel?group=${id}` }))
        .statusCode,
    ).toBe(404);
  });

  it('deciles over time are percentile_cont of the practices’ values, in England and in an area', async () => {
    for (const area of [null, '9Z1']) {
      const r = (
        await call(app, s.analyst, {
          method: 'GET',
          url: `/api/indicators/${IND}/deciles${area ? `?area=${area}` : ''}`,
        })
      ).json();
      expect(r.periods.length).toBeGreaterThan(12);
      for (const p of r.periods.slice(-3)) {
        const values = (
          await db.query<{ value: number; org: string }>(
            `SELECT value, org_code AS org FROM indicator_values WHERE indicator_code = $1 AND period_start = $2 AND current AND value IS NOT NULL`,
            [IND, p.periodStart],
          )
        )
          .filter((v) => !area || inArea.includes(v.org))
          .map((v) => v.value)
          .sort((a, b) => a - b);
        expect(p.practices).toBe(values.length);
        r.deciles.forEach((d: number, i: number) =>
          expect(p.deciles[i]).toBeCloseTo(quantileType7(values, d), 9),
        );
      }
    }
  });

  it('members are replaced, not appended, and stay within the area', async () => {
    const r = await call(app, s.lead, {
      method: 'PUT',
      url: `/api/groups/${id}`,
      payload: { name: 'North locality', kind: 'locality', area: '9Z1', practices: inArea.slice(0, 3) },
    });
    expect(
      r
        .json()
        .members.map((m: { code: string }) => m.code)
        .sort(),
    ).toEqual(inArea.slice(0, 3).sort());
  });
});
