/**
 * A provider serves several commissioning areas: what one area's commissioners see and decide about a provider
 * stays with that area. Concern counts come unsuppressed only for the viewer's own area's practices; deadline
 * settings, surveillance status and incidents belong to the area that set them; a provider's users see only their
 * own trust's incidents. On both databases, over the synthetic area (CCG 9Z1 holds Z10001–Z10018, 9Z2 the rest).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { setClock } from '../../src/domain/clock.js';
import { addWorkingDays } from '../../src/domain/working-days.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { describeEachDatabase } from '../db/databases.js';
import { call, createRoleUser, signIn, TEST_PASSWORD, type TestSession } from './sessions.js';

const TODAY = '2026-12-22';

describeEachDatabase('provider records per commissioning area', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const s: Record<string, TestSession> = {};
  /** concerns about RZ1 from a practice of 9Z1, and one from a practice of 9Z2 */
  const fromOwn: number[] = [];
  let fromOther: number;

  async function user(
    key: string,
    role: 'commissioner_lead' | 'practice_user' | 'provider_user',
    org: string,
  ) {
    const email = `${key}@test.lantern.invalid`;
    const u = await createLocalUser(db, { email, password: TEST_PASSWORD });
    await addGrant(db, u.id, role, org);
    s[key] = await signIn(app, email, role);
  }

  const report = (who: TestSession, practice: string, provider = 'RZ1') =>
    call(app, who, {
      method: 'POST',
      url: '/api/concerns',
      payload: {
        practice,
        provider,
        category: 'discharge_summary_late',
        description: 'Discharge summary arrived nine days after discharge.',
        harm: 'low',
        // last month: the monthly charts count complete months
        eventDate: '2026-11-14',
      },
    });

  beforeAll(async () => {
    setClock(`${TODAY}T09:00:00Z`);
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    app = await buildServer(db, { rateLimit: false });
    await createRoleUser(db, 'commissioner_lead'); // grant 9Z1
    s.lead = await signIn(app, 'commissioner_lead@test.lantern.invalid', 'commissioner_lead');
    await createRoleUser(db, 'provider_user'); // grant RZ1
    s.rz1 = await signIn(app, 'provider_user@test.lantern.invalid', 'provider_user');
    await user('lead9z2', 'commissioner_lead', '9Z2');
    await user('gp1', 'practice_user', 'Z10001');
    await user('gp30', 'practice_user', 'Z10030');
    for (let i = 0; i < 3; i++) {
      const r = await report(s.gp1, 'Z10001');
      expect(r.statusCode, r.body).toBe(201);
      fromOwn.push(r.json().id);
    }
    fromOther = (await report(s.gp30, 'Z10030')).json().id;
  }, 300_000);
  afterAll(async () => {
    setClock(null);
    await app?.close();
    if (db) await t.dispose(db);
  });

  const scorecard = (who: TestSession, code = 'RZ1') =>
    call(app, who, { method: 'GET', url: `/api/providers/${code}/scorecard` });

  it('counts concerns unsuppressed only from the viewer’s own area: another area’s lead does not see them', async () => {
    const own = (await scorecard(s.lead)).json().concerns;
    expect(own).toMatchObject({ total: 3, suppressed: false });
    expect(own.covers).toMatch(/9Z1/);
    const other = (await scorecard(s.lead9z2)).json().concerns;
    // 9Z2's own practices sent one concern: that one, in full, and none of 9Z1's
    expect(other).toMatchObject({ total: 1, suppressed: false });
    expect(other.covers).toMatch(/9Z2/);
    const signals = (await call(app, s.lead9z2, { method: 'GET', url: '/api/providers/RZ1/signals' })).json();
    const counted = (signals.overall?.counts ?? []).reduce((a: number, b: number | null) => a + (b ?? 0), 0);
    expect(counted).toBe(1);
    // the referral comparison and themes follow the same rule
    const choice = (
      await call(app, s.lead9z2, { method: 'GET', url: '/api/referral-choice?providers=RZ1' })
    ).json();
    expect(choice.providers[0].concerns).toMatchObject({ total: 1, suppressed: false });
    const themeTotal = async (who: TestSession) => {
      const t = await call(app, who, { method: 'GET', url: '/api/concerns/themes' });
      return (t.json().rows as Array<{ providerCode: string; last365: number }>)
        .filter((r) => r.providerCode === 'RZ1')
        .reduce((a, r) => a + r.last365, 0);
    };
    expect(await themeTotal(s.lead9z2)).toBe(1);
    expect(await themeTotal(s.lead)).toBe(3);
  });

  it('a commissioner of an area with no practices sees no other area’s themes, on the page or in its download', async () => {
    await db.query(
      `INSERT INTO organisations (code, name, type, status) VALUES ('9Z3', 'NHS Empty Sub-ICB (test)', 'sub_icb', 'active')`,
    );
    await user('leadNoPractices', 'commissioner_lead', '9Z3');
    const t = (await call(app, s.leadNoPractices, { method: 'GET', url: '/api/concerns/themes' })).json();
    expect(t.covers).toMatch(/9Z3/);
    expect(t.rows).toEqual([]);
    const csv = await call(app, s.leadNoPractices, { method: 'GET', url: '/api/concerns/themes/export' });
    expect(csv.statusCode).toBe(200);
    expect(csv.body.trim().split('\r\n')).toHaveLength(1);
    // the lead of 9Z1 sees their own area's three concerns about RZ1 in full, in the download too
    const own = await call(app, s.lead, { method: 'GET', url: '/api/concerns/themes/export' });
    const rz1 = own.body.split('\r\n').filter((l) => l.startsWith('RZ1,'));
    expect(rz1.map((l) => Number(l.split(',').at(-1)))).toEqual([3]);
  });

  it('a provider’s users see their own trust’s incidents on its scorecard, never another trust’s', async () => {
    for (const provider of ['RZ1', 'RZ2']) {
      const r = await call(app, s.lead, {
        method: 'POST',
        url: '/api/incidents',
        payload: {
          provider,
          title: `Wrong-site procedure at ${provider}`,
          description: 'A serious incident recorded for the test.',
          identifiedOn: '2026-12-15',
        },
      });
      expect(r.statusCode, r.body).toBe(201);
      expect(r.json().areaCode).toBe('9Z1');
    }
    const own = (await scorecard(s.rz1, 'RZ1')).json();
    expect(own.incidents.map((i: { title: string }) => i.title)).toEqual(['Wrong-site procedure at RZ1']);
    const other = (await scorecard(s.rz1, 'RZ2')).json();
    expect(other.incidents).toBeNull();
    expect(JSON.stringify(other)).not.toContain('Wrong-site procedure at RZ2');
    // the incidents route agrees: another trust's is not there for them
    expect((await call(app, s.rz1, { method: 'GET', url: '/api/providers/RZ2/incidents' })).statusCode).toBe(
      404,
    );
  });

  it('only the area that recorded an incident changes it', async () => {
    const [incident] = (
      await call(app, s.lead, { method: 'GET', url: '/api/providers/RZ1/incidents' })
    ).json().incidents;
    const update = (who: TestSession) =>
      call(app, who, {
        method: 'POST',
        url: `/api/incidents/${incident.id}`,
        payload: { document: { title: 'Investigation report', reference: 'DOC-1' } },
      });
    expect((await update(s.lead9z2)).statusCode).toBe(404);
    const after = (await call(app, s.lead, { method: 'GET', url: '/api/providers/RZ1/incidents' })).json()
      .incidents[0];
    expect(after.documents).toEqual([]);
    // another area's lead does not see it listed either
    expect(
      (await call(app, s.lead9z2, { method: 'GET', url: '/api/providers/RZ1/incidents' })).json().incidents,
    ).toEqual([]);
    expect((await update(s.lead)).statusCode).toBe(200);
  });

  it('deadline settings apply to the area that set them alone; another area’s lead cannot change them', async () => {
    const settings = {
      acknowledge: 7,
      triage: 9,
      providerResponse: 20,
      commissionerReview: 15,
      incidentRegime: 'psirf',
    };
    const refused = await call(app, s.lead9z2, {
      method: 'PUT',
      url: '/api/providers/RZ1/settings',
      payload: { ...settings, area: '9Z1' },
    });
    expect(refused.statusCode).toBe(403);
    const own = await call(app, s.lead9z2, {
      method: 'PUT',
      url: '/api/providers/RZ1/settings',
      payload: settings,
    });
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({ area: '9Z2', acknowledge: 7, custom: true });
    // 9Z1's concerns keep the default clock (acknowledge within 2 working days of submission) ...
    const mine = (await call(app, s.lead, { method: 'GET', url: `/api/concerns/${fromOwn[0]}` })).json();
    const ack = mine.deadlines.find((d: { name: string }) => d.name === 'acknowledge');
    expect(ack.due).toBe(addWorkingDays(TODAY, 2));
    // ... and 9Z2's concern follows 9Z2's settings
    const theirs = (await call(app, s.lead9z2, { method: 'GET', url: `/api/concerns/${fromOther}` })).json();
    expect(theirs.deadlines.find((d: { name: string }) => d.name === 'acknowledge').due).toBe(
      addWorkingDays(TODAY, 7),
    );
    expect(
      (await call(app, s.lead, { method: 'GET', url: '/api/providers/RZ1/settings' })).json(),
    ).toMatchObject({ area: '9Z1', acknowledge: 2, custom: false });
  });

  it('surveillance status is each area’s own decision', async () => {
    const refused = await call(app, s.lead9z2, {
      method: 'POST',
      url: '/api/providers/RZ1/surveillance',
      payload: { area: '9Z1', level: 'risk_summit', reason: 'Another area must not decide this for 9Z1' },
    });
    expect(refused.statusCode).toBe(403);
    const ok = await call(app, s.lead9z2, {
      method: 'POST',
      url: '/api/providers/RZ1/surveillance',
      payload: { level: 'enhanced', reason: 'Rising discharge concerns from our practices' },
    });
    expect(ok.statusCode, ok.body).toBe(200);
    const card = (await scorecard(s.lead)).json().surveillance;
    expect(card.byArea).toEqual([expect.objectContaining({ areaCode: '9Z2', level: 'enhanced' })]);
    expect(card.history.every((h: { areaCode: string }) => h.areaCode === '9Z2')).toBe(true);
  });
});
