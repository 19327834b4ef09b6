/**
 * Indicators chosen with member practices, on both databases: a local indicator is proposed, opened for comment,
 * commented on by practices (their latest say counts, only while open, only for their own practice), adopted into
 * a new version of the tier rule set with the practices' agreement in its note, and retired again; illegal moves
 * name the allowed ones; the history is append-only.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { setClock } from '../../src/domain/clock.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { describeEachDatabase } from '../db/databases.js';
import { call, defineLocalIndicator, signIn, TEST_PASSWORD, type TestSession } from './sessions.js';

const CODE = 'local_dna_rate';

describeEachDatabase('indicator lifecycle', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const s: Record<string, TestSession> = {};
  const users = [
    ['lead', 'commissioner_lead', 'QZZ'],
    ['a', 'practice_user', 'Z10001'],
    ['b', 'practice_user', 'Z10002'],
  ] as const;
  async function signInAll() {
    for (const [name, role] of users) s[name] = await signIn(app, `${name}@test.lantern.invalid`, role);
  }
  beforeAll(async () => {
    setClock('2026-12-01T09:00:00Z');
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    await defineLocalIndicator(db, CODE);
    app = await buildServer(db, { rateLimit: false });
    for (const [name, role, org] of users) {
      const u = await createLocalUser(db, { email: `${name}@test.lantern.invalid`, password: TEST_PASSWORD });
      await addGrant(db, u.id, role, org);
    }
    await signInAll();
  }, 300_000);
  afterAll(async () => {
    setClock(null);
    await app?.close();
    if (db) await t.dispose(db);
  });

  const move = (to: string, extra: Record<string, unknown> = {}) =>
    call(app, s.lead, {
      method: 'POST',
      url: `/api/indicators/${CODE}/lifecycle`,
      payload: { to, why: `moving to ${to}`, ...extra },
    });
  const say = (who: TestSession, agree: boolean | null, comment: string, practice?: string) =>
    call(app, who, {
      method: 'POST',
      url: `/api/indicators/${CODE}/comments`,
      payload: { agree, comment, ...(practice ? { practice } : {}) },
    });
  const rules = async () =>
    (await call(app, s.lead, { method: 'GET', url: '/api/tiers/rules' })).json().rules;

  it('starts with the first rule set’s indicators adopted and the local one not proposed', async () => {
    const list = (await call(app, s.a, { method: 'GET', url: '/api/indicators/lifecycle' })).json()
      .indicators;
    const adopted = list
      .filter((i: { state: string }) => i.state === 'adopted')
      .map((i: { code: string }) => i.code);
    expect(adopted).toEqual((await rules()).indicators);
    expect(list.find((i: { code: string }) => i.code === CODE)).toMatchObject({
      state: 'not_proposed',
      allowed: ['proposed'],
    });
  });

  it('moves only along the lifecycle; comments only while open, for the commenter’s own practice', async () => {
    const skip = await move('adopted');
    expect(skip.statusCode).toBe(409);
    expect(skip.json().allowed).toEqual(['proposed']);
    expect((await say(s.a, true, 'Too early')).statusCode).toBe(400);
    expect((await move('proposed')).statusCode).toBe(200);
    const noDate = await move('open_for_comment');
    expect(noDate.statusCode).toBe(400);
    expect(noDate.json().detail).toMatch(/closing date/);
    expect((await move('open_for_comment', { closesOn: '2026-12-15' })).json().state).toBe(
      'open_for_comment',
    );

    expect((await say(s.a, true, 'We record missed appointments the same way.')).statusCode).toBe(201);
    // the practice's latest say counts: it changes its mind
    expect(
      (await say(s.a, false, 'On reflection our booking system counts them differently.')).statusCode,
    ).toBe(201);
    expect((await say(s.b, true, 'Agreed.')).statusCode).toBe(201);
    expect((await say(s.b, true, 'On behalf of another practice', 'Z10003')).statusCode).toBe(403);
    const l = (await call(app, s.b, { method: 'GET', url: `/api/indicators/${CODE}/lifecycle` })).json();
    expect(l.tally).toEqual({ agree: 1, disagree: 1, commentOnly: 0 });
    expect(l.comments).toHaveLength(3);
    expect(l.latest.map((x: { practice: string; agree: boolean }) => [x.practice, x.agree])).toEqual([
      ['Z10001', false],
      ['Z10002', true],
    ]);

    // adopting before the comment period closes is refused, naming the date, and not offered; the closing date
    // itself is still open for comment
    for (const day of ['2026-12-01T09:00:00Z', '2026-12-15T16:00:00Z']) {
      setClock(day);
      await signInAll();
      const early = await move('adopted');
      expect(early.statusCode).toBe(409);
      expect(early.json()).toMatchObject({
        detail:
          'Missed appointments (local audit) is open for comment until 2026-12-15: it can be adopted from 2026-12-16, once the practices have had their say',
        closesOn: '2026-12-15',
        adoptableFrom: '2026-12-16',
        allowed: ['retired'],
      });
      const row = (
        await call(app, s.lead, { method: 'GET', url: `/api/indicators/${CODE}/lifecycle` })
      ).json();
      expect(row).toMatchObject({ state: 'open_for_comment', adoptableFrom: '2026-12-16' });
    }
    expect((await rules()).indicators).not.toContain(CODE);

    // after the closing date, no more comments
    setClock('2026-12-16T09:00:00Z');
    await signInAll();
    const late = await say(s.b, null, 'A late thought');
    expect(late.statusCode).toBe(400);
    expect(late.json().detail).toMatch(/comments closed on 2026-12-15/);
  });

  it('adopting writes a new tier rule set with the practices’ agreement; retiring writes one without it', async () => {
    const before = await rules();
    expect(
      (await call(app, s.lead, { method: 'GET', url: `/api/indicators/${CODE}/lifecycle` })).json(),
    ).toMatchObject({ adoptableFrom: null });
    const r = await move('adopted');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ state: 'adopted', ruleVersion: before.version + 1 });
    expect(Array.isArray(r.json().moved)).toBe(true);
    const after = (await call(app, s.lead, { method: 'GET', url: '/api/tiers/rules' })).json();
    expect(after.rules.indicators).toEqual([...before.indicators, CODE].sort());
    expect(after.history[0].note).toMatch(
      /^Adopted Missed appointments \(local audit\) after comment \(1 practices agree, 1 disagree, 0 commented only\)/,
    );
    const retired = await move('retired');
    expect(retired.json()).toMatchObject({ state: 'retired', ruleVersion: before.version + 2 });
    expect((await rules()).indicators).toEqual(before.indicators);
    // the last adopted indicator cannot be retired: tiers need one (the synthetic area's rule set adopts one)
    expect(before.indicators).toHaveLength(1);
    const [last] = before.indicators;
    const lone = await call(app, s.lead, {
      method: 'POST',
      url: `/api/indicators/${last}/lifecycle`,
      payload: { to: 'retired', why: 'Leaves nothing to judge on' },
    });
    expect(lone.statusCode).toBe(400);
    expect(lone.json().detail).toMatch(/at least one adopted indicator/);
    const events = (await call(app, s.a, { method: 'GET', url: `/api/indicators/${CODE}/lifecycle` })).json()
      .events;
    expect(events.map((e: { toState: string }) => e.toState)).toEqual([
      'proposed',
      'open_for_comment',
      'adopted',
      'retired',
    ]);
    await expect(db.query(`DELETE FROM indicator_comments`)).rejects.toThrow(/append-only/);
  });
});
