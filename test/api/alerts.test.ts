/**
 * The alerts inbox, on both databases: after results are computed, an alert for every practice whose latest value is
 * newly beyond a 99.8% limit (checked against the live funnels of the latest two periods), none raised twice; a
 * change of rules raises one alert per practice that moved tier; each user sees the alerts of the practices they
 * cover and marks them read.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { computableIndicators, computeResults } from '../../src/variation/compute.js';
import { raiseAlerts } from '../../src/alerts/service.js';
import { currentRules, evaluate, funnelFor, saveRules } from '../../src/variation/service.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { describeEachDatabase } from '../db/databases.js';
import { quantileType7 } from '../reference.js';
import { ANON, call, signIn, TEST_PASSWORD } from './sessions.js';

describeEachDatabase('alerts', (t) => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    app = await buildServer(db, { rateLimit: false });
    // two practices' latest value of a proportion indicator made far higher than expected (as a newer load would)
    const [ind] = await db.query<{ code: string; period: string }>(
      `SELECT v.indicator_code AS code, max(v.period_start) AS period FROM indicator_values v
         JOIN indicators d ON d.code = v.indicator_code AND d.method = 'proportion' AND d.org_type = 'practice'
        WHERE v.current AND v.numerator IS NOT NULL GROUP BY v.indicator_code
       HAVING count(DISTINCT v.period_start) > 1 ORDER BY 1 LIMIT 1`,
    );
    await db.query(
      `UPDATE indicator_values SET numerator = round(denominator * 0.99), value = round(denominator * 0.99) / denominator * 100
        WHERE indicator_code = $1 AND period_start = $2 AND current
          AND org_code IN (SELECT org_code FROM indicator_values WHERE indicator_code = $1 AND period_start = $2 AND current
                            AND denominator >= 100 ORDER BY org_code LIMIT 2)`,
      [ind!.code, ind!.period],
    );
    await computeResults(db);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (db) await t.dispose(db);
  });

  it('raises an alert for each value newly beyond a 99.8% limit, and records tiers as a baseline', async () => {
    const first = await raiseAlerts(db);
    expect(first.tierChanges).toBe(0);
    expect(first.baseline).toBe((await evaluate(db, (await currentRules(db))!)).decisions.size);
    // independently: the live funnels of each indicator's latest two periods
    const expected = new Set<string>();
    for (const def of await computableIndicators(db)) {
      const latest = await funnelFor(db, def, { area: null, comparator: 'england' }).catch(() => null);
      if (!latest || latest.periods.length < 2) continue;
      const before = await funnelFor(db, def, {
        area: null,
        comparator: 'england',
        period: latest.periods[1]!,
      });
      const was = new Map(before.rows.map((r) => [r.code, r.flag_99_8]));
      for (const r of latest.rows)
        if (r.flag_99_8 && was.get(r.code) !== r.flag_99_8) expected.add(`${r.code}:${def.code}`);
    }
    const raised = await db.query<{ practice: string; indicator: string }>(
      `SELECT practice_code AS practice, indicator_code AS indicator FROM alerts WHERE kind = 'limit_crossed'`,
    );
    expect(new Set(raised.map((a) => `${a.practice}:${a.indicator}`))).toEqual(expected);
    expect(first.limitCrossings).toBe(expected.size);
    expect(expected.size).toBeGreaterThan(0);
    expect(first.upToDate).toBe(false);
    // raising again with nothing changed evaluates nothing and raises nothing new
    expect(await raiseAlerts(db)).toEqual({
      tierChanges: 0,
      limitCrossings: 0,
      cusumSignals: 0,
      baseline: 0,
      upToDate: true,
    });
    // a write to what alerts depend on (here a recomputed period) makes the next run a full one, finding nothing new
    await computeResults(db, { force: true, from: '2019-09-01', to: '2019-09-01' });
    expect(await raiseAlerts(db)).toEqual({
      tierChanges: 0,
      limitCrossings: 0,
      cusumSignals: 0,
      baseline: 0,
      upToDate: false,
    });
  });

  it('a practice’s CUSUM accumulates its live funnel z-scores period by period (k = ½, h = 5)', async () => {
    const [pick] = await db.query<{ practice: string; indicator: string }>(
      `SELECT v.org_code AS practice, v.indicator_code AS indicator
         FROM indicator_values v JOIN variation_computations c ON c.indicator_code = v.indicator_code
          AND c.period_start = v.period_start AND c.fit_type IS NOT NULL
        WHERE v.current AND v.numerator > 0 GROUP BY 1, 2 HAVING count(*) >= 12 ORDER BY 2, 1 LIMIT 1`,
    );
    const r = await call(app, ANON, { method: 'GET', url: `/api/practices/${pick!.practice}/cusum` });
    expect(r.statusCode).toBe(200);
    expect(r.json().method).toMatch(/k = 0.5, h = 5/);
    const series = r.json().indicators.find((i: { indicator: string }) => i.indicator === pick!.indicator);
    const def = (await computableIndicators(db)).find((d) => d.code === pick!.indicator)!;
    let up = 0;
    let down = 0;
    for (const p of series.points) {
      // the z-score from the funnel computed live for that period, not from the stored results
      const live = await funnelFor(db, def, { area: null, comparator: 'england', period: p.periodStart });
      const z = live.rows.find((x) => x.code === pick!.practice)!.z_adjusted;
      expect(p.z).toBeCloseTo(z, 12);
      up = Math.max(0, up + z - 0.5);
      down = Math.max(0, down - z - 0.5);
      expect(p.upper).toBeCloseTo(up, 12);
      expect(p.lower).toBeCloseTo(-down, 12);
      expect(p.signal).toBe(up > 5 ? 'higher' : down > 5 ? 'lower' : null);
      if (up > 5) up = 0;
      if (down > 5) down = 0;
    }
  });

  it('a spine chart places each latest value within England’s spread, quartiles as percentile_cont', async () => {
    const r = (await call(app, ANON, { method: 'GET', url: '/api/practices/Z10005/spine' })).json();
    expect(r.rows.length).toBeGreaterThan(0);
    for (const row of r.rows) {
      const values = (
        await db.query<{ value: number }>(
          `SELECT v.value FROM indicator_values v JOIN organisations o ON o.code = v.org_code AND o.type = 'practice'
            WHERE v.indicator_code = $1 AND v.period_start = $2 AND v.current AND v.value IS NOT NULL`,
          [row.indicator, row.periodStart],
        )
      )
        .map((x) => x.value)
        .sort((a, b) => a - b);
      expect(row.spread.practices).toBe(values.length);
      expect(row.spread.min).toBe(values[0]);
      expect(row.spread.max).toBe(values.at(-1));
      for (const [k, p] of [
        ['p25', 0.25],
        ['median', 0.5],
        ['p75', 0.75],
      ] as const)
        expect(row.spread[k]).toBeCloseTo(quantileType7(values, p), 9);
      expect(row.value).toBeGreaterThanOrEqual(row.spread.min);
      expect(row.value).toBeLessThanOrEqual(row.spread.max);
      // the reading is the practice's place in that period's funnel, as the funnel page computes it live
      const def = (await computableIndicators(db)).find((d) => d.code === row.indicator);
      const live = def
        ? (
            await funnelFor(db, def, { area: null, comparator: 'england', period: row.periodStart })
          ).rows.find((x) => x.code === 'Z10005')
        : undefined;
      if (!live) expect(row.reading).toBeNull();
      else if (!live.flag_95 && !live.flag_99_8) expect(row.reading).toBe('within');
      else expect(row.reading).not.toBe('within');
      if (live) expect(row.expected).toBe(live.expected);
    }
  });

  it('a change of rules raises one alert per practice that moved tier', async () => {
    const before = (await currentRules(db))!;
    const old = await evaluate(db, before);
    const { version: _v, note: _n, createdBy: _c, createdAt: _a, ...rules } = before;
    await saveRules(
      db,
      { ...rules, minFamilies: 1, qBelow: 0.5, watchLevel: 0.95, minExpectedEvents: 0, windowMonths: 1 },
      'test: a looser rule',
      'test',
    );
    const now = await evaluate(db, (await currentRules(db))!);
    const moved = [...now.decisions].filter(([code, d]) => old.decisions.get(code)?.tier !== d.tier);
    expect(moved.length).toBeGreaterThan(0);
    const r = await raiseAlerts(db);
    expect(r.tierChanges).toBe(moved.length);
    const alerts = await db.query<{ practice: string; details: { from: string; to: string } }>(
      `SELECT practice_code AS practice, details FROM alerts WHERE kind = 'tier_change'`,
    );
    expect(new Set(alerts.map((a) => `${a.practice}:${a.details.from}>${a.details.to}`))).toEqual(
      new Set(moved.map(([code, d]) => `${code}:${old.decisions.get(code)!.tier}>${d.tier}`)),
    );
  });

  it('each user sees the alerts of the practices they cover, and marks them read', async () => {
    const [{ practice }] = await db.query<{ practice: string }>(
      `SELECT practice_code AS practice FROM alerts ORDER BY id LIMIT 1`,
    );
    const users = [
      ['lead', 'commissioner_lead', 'QZZ'],
      ['own', 'practice_user', practice],
    ] as const;
    for (const [name, role, org] of users) {
      const u = await createLocalUser(db, { email: `${name}@test.lantern.invalid`, password: TEST_PASSWORD });
      await addGrant(db, u.id, role, org);
    }
    const lead = await signIn(app, 'lead@test.lantern.invalid', 'commissioner_lead');
    const own = await signIn(app, 'own@test.lantern.invalid', 'practice_user');
    const all = (await call(app, lead, { method: 'GET', url: '/api/alerts?pageSize=200' })).json();
    const [{ n }] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts`);
    expect(n).toBeLessThanOrEqual(200);
    expect(all.alerts.length).toBe(n); // the synthetic area is all in the ICB QZZ
    expect(all.all).toBe(n);
    const mine = (await call(app, own, { method: 'GET', url: '/api/alerts' })).json();
    expect(mine.alerts.length).toBeGreaterThan(0);
    expect(mine.alerts.every((a: { practiceCode: string }) => a.practiceCode === practice)).toBe(true);
    expect(mine.unread).toBe(mine.alerts.length);
    // a practice cannot mark another practice's alert
    const other = all.alerts.find((a: { practiceCode: string }) => a.practiceCode !== practice);
    const r = await call(app, own, {
      method: 'POST',
      url: '/api/alerts/read',
      payload: { ids: [mine.alerts[0].id, other.id] },
    });
    expect(r.json()).toEqual({ marked: 1 });
    expect((await call(app, own, { method: 'GET', url: '/api/alerts' })).json().unread).toBe(mine.unread - 1);
    // read marks are per reader
    expect((await call(app, lead, { method: 'GET', url: '/api/alerts' })).json().unread).toBe(n);
  });

  it('the inbox is filtered and paged in the database: by kind, practice, indicator, read or unread', async () => {
    const lead = await signIn(app, 'lead@test.lantern.invalid', 'commissioner_lead');
    const get = async (q: string) => {
      const r = await call(app, lead, { method: 'GET', url: `/api/alerts?${q}` });
      expect(r.statusCode).toBe(200);
      return r.json();
    };
    const count = async (where: string, args: unknown[] = []) =>
      (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM alerts WHERE ${where}`, args))[0]!.n;
    // by kind: only that kind, and every one of it
    const crossings = await get('kind=limit_crossed&pageSize=200');
    expect(crossings.matching).toBe(await count(`kind = 'limit_crossed'`));
    expect(crossings.alerts.length).toBe(crossings.matching);
    expect(crossings.alerts.every((a: { kind: string }) => a.kind === 'limit_crossed')).toBe(true);
    expect(crossings.all).toBe(await count('true'));
    expect(crossings.matching).toBeLessThan(crossings.all);
    // the choices name every kind, practice and indicator in the inbox, with counts from the database
    expect(
      Object.fromEntries(
        crossings.choices.kinds.map((k: { kind: string; count: number }) => [k.kind, k.count]),
      ),
    ).toEqual(
      Object.fromEntries(
        (
          await db.query<{ kind: string; n: number }>(
            `SELECT kind, count(*)::int AS n FROM alerts GROUP BY kind`,
          )
        ).map((r) => [r.kind, r.n]),
      ),
    );
    expect(crossings.choices.kinds.find((k: { kind: string }) => k.kind === 'limit_crossed').label).toBe(
      'Beyond a 99.8% limit',
    );
    const [pick] = await db.query<{ practice: string; indicator: string; name: string; title: string }>(
      `SELECT a.practice_code AS practice, a.indicator_code AS indicator, o.name, d.title FROM alerts a
         JOIN organisations o ON o.code = a.practice_code JOIN indicators d ON d.code = a.indicator_code
        WHERE a.kind = 'limit_crossed' ORDER BY a.id LIMIT 1`,
    );
    expect(crossings.choices.practices).toContainEqual({
      code: pick!.practice,
      name: pick!.name,
      count: await count('practice_code = $1', [pick!.practice]),
    });
    expect(crossings.choices.indicators).toContainEqual({
      code: pick!.indicator,
      title: pick!.title,
      count: await count('indicator_code = $1', [pick!.indicator]),
    });
    // by practice and by indicator (a practice code is read in any case)
    const one = await get(
      `practice=${pick!.practice.toLowerCase()}&indicator=${pick!.indicator}&pageSize=200`,
    );
    expect(one.matching).toBe(
      await count('practice_code = $1 AND indicator_code = $2', [pick!.practice, pick!.indicator]),
    );
    expect(
      one.alerts.every(
        (a: { practiceCode: string; indicatorCode: string }) =>
          a.practiceCode === pick!.practice && a.indicatorCode === pick!.indicator,
      ),
    ).toBe(true);
    // read and unread, for this reader
    await call(app, lead, { method: 'POST', url: '/api/alerts/read', payload: { ids: [one.alerts[0].id] } });
    const read = await get('status=read&pageSize=200');
    expect(read.alerts.map((a: { id: number }) => a.id)).toEqual([one.alerts[0].id]);
    const unread = await get('status=unread&pageSize=200');
    expect(unread.matching).toBe(read.all - 1);
    expect(unread.alerts.some((a: { read: boolean }) => a.read)).toBe(false);
    expect(unread.unread).toBe(read.all - 1);
    // paging: the second page of two is the third and fourth newest
    const ordered = await db.query<{ id: number }>(`SELECT id FROM alerts ORDER BY created_at DESC, id DESC`);
    const page2 = await get('page=2&pageSize=2');
    expect(page2.alerts.map((a: { id: number }) => a.id)).toEqual(ordered.slice(2, 4).map((r) => r.id));
    expect(page2).toMatchObject({ page: 2, pageSize: 2, matching: ordered.length });
    // a bad filter is refused with what was expected
    const bad = await call(app, lead, { method: 'GET', url: '/api/alerts?kind=everything' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/kind/);
  });
});
