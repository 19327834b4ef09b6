/**
 * The improvement process end to end through the API, on both databases: the commissioner shares the data with a
 * practice that could do better; nothing goes beyond the commissioner and the practice before the practice's reply;
 * a buddy is suggested among similar practices that do best on the indicators in question; a support plan is
 * proposed, agreed by the practice, reviewed, and escalated by the quality lead with an evidence pack that NHS
 * England (partner) can read; reviews past their date are listed; every step is kept, append-only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { setClock } from '../../src/domain/clock.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { allowedSteps, checkStep, StepRefused } from '../../src/improvement/workflow.js';
import { describeEachDatabase } from '../db/databases.js';
import { call, signIn, TEST_PASSWORD, type TestSession } from './sessions.js';

describe('improvement workflow table', () => {
  const fresh = { stage: 'shared' as const, replied: false, planAgreed: false };
  it('holds back peer review, buddies, plans and escalation until the practice has replied', () => {
    expect(allowedSteps(fresh, ['commissioner'], true)).toEqual(['reply', 'close', 'note']);
    expect(() => checkStep(fresh, 'peer_review', ['commissioner'], true)).toThrow(StepRefused);
    expect(() => checkStep(fresh, 'buddy', ['commissioner'], true)).toThrow(/reply must be on record/);
    expect(checkStep(fresh, 'reply', ['practice'], false)).toBe('replied');
  });
  it('escalates only an agreed plan, and only as the quality lead', () => {
    const plan = { stage: 'support_plan' as const, replied: true, planAgreed: false };
    expect(() => checkStep(plan, 'escalate', ['commissioner'], true)).toThrow(/not yet agreed/);
    const agreed = { ...plan, planAgreed: true };
    expect(() => checkStep(agreed, 'escalate', ['commissioner'], false)).toThrow(/quality lead/);
    expect(checkStep(agreed, 'escalate', ['commissioner'], true)).toBe('escalated');
    // the practice agrees the plan; the commissioner cannot agree it for them
    expect(allowedSteps(plan, ['practice'], false)).toContain('agree_plan');
    expect(allowedSteps(plan, ['commissioner'], true)).not.toContain('agree_plan');
  });
  it('a late reply does not move a case back', () => {
    expect(
      checkStep({ stage: 'buddied', replied: true, planAgreed: false }, 'reply', ['practice'], false),
    ).toBe('buddied');
  });
});

describeEachDatabase('improvement cases', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const s: Record<string, TestSession> = {};
  let practice: string;
  let other: string;
  const users: Array<[string, string, string | null]> = [];

  beforeAll(async () => {
    setClock('2026-12-01T09:00:00Z');
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    app = await buildServer(db, { rateLimit: false });
    // a lead signs in and reads the area's tiers: the practice that could do better is the one the case is with
    const lead = await createLocalUser(db, { email: 'lead@test.lantern.invalid', password: TEST_PASSWORD });
    await addGrant(db, lead.id, 'commissioner_lead', '9Z1');
    s.lead = await signIn(app, 'lead@test.lantern.invalid', 'commissioner_lead');
    const tiers = (await call(app, s.lead, { method: 'GET', url: '/api/tiers?area=9Z1' })).json();
    practice = tiers.practices.find((p: { tier: string }) => p.tier === 'could_do_better').code;
    other = tiers.practices.find((p: { code: string }) => p.code !== practice).code;
    users.push(
      ['lead', 'commissioner_lead', '9Z1'],
      ['analyst', 'commissioner_analyst', '9Z1'],
      ['practice', 'practice_user', practice],
      ['otherPractice', 'practice_user', other],
      ['peers', 'peer_group_lead', '9Z1'],
      ['partner', 'partner', null],
      ['provider', 'provider_user', 'RZ1'],
    );
    for (const [name, role, org] of users.slice(1)) {
      const u = await createLocalUser(db, { email: `${name}@test.lantern.invalid`, password: TEST_PASSWORD });
      await addGrant(db, u.id, role as never, org);
    }
    await signInAll();
  }, 300_000);
  afterAll(async () => {
    setClock(null);
    await app?.close();
    if (db) await t.dispose(db);
  });

  /** Sessions idle out on the clock's time: after moving it by days, everyone signs in again. */
  async function signInAll() {
    for (const [name, role] of users)
      s[name] = await signIn(app, `${name}@test.lantern.invalid`, role as never);
  }
  let id: number;
  const step = (who: TestSession, payload: Record<string, unknown>) =>
    call(app, who, { method: 'POST', url: `/api/improvement/${id}/steps`, payload });
  const view = (who: TestSession) => call(app, who, { method: 'GET', url: `/api/improvement/${id}` });

  it('the commissioner shares the data: the case holds the tier evidence as it stood', async () => {
    const r = await call(app, s.analyst, {
      method: 'POST',
      url: `/api/practices/${practice}/improvement`,
      payload: { why: 'Quarterly review: worse than expected on an adopted indicator.' },
    });
    expect(r.statusCode).toBe(201);
    id = r.json().id;
    const v = (await view(s.practice)).json();
    expect(v.case).toMatchObject({
      practiceCode: practice,
      stage: 'shared',
      tierAtOpening: 'could_do_better',
    });
    // reply expected within 20 working days of 1 December 2026: Christmas and Boxing Day (with the substitute
    // day on 28 December) and New Year's Day are not working days
    expect(v.case.reviewDue).toBe('2026-12-31');
    const share = v.steps[0];
    expect(share).toMatchObject({ kind: 'share', party: 'commissioner', role: 'commissioner_analyst' });
    expect(share.evidence.tier).toBe('could_do_better');
    expect(share.evidence.evidence.length).toBeGreaterThan(0);
    expect(share.evidence.evidence.every((e: { worseWatch: boolean }) => e.worseWatch)).toBe(true);
    expect(v.case.indicators).toEqual([
      ...new Set(share.evidence.evidence.map((e: { indicator: string }) => e.indicator)),
    ]);
    // the practice sees who acted by role, not by name
    expect(share.actor).toBeNull();
    expect((await view(s.lead)).json().steps[0].actor).toBe('analyst@test.lantern.invalid');
    expect(v.allowed).toEqual(['reply', 'note']);
    // one open case per practice
    const again = await call(app, s.lead, {
      method: 'POST',
      url: `/api/practices/${practice}/improvement`,
      payload: { why: 'A second case for the same practice.' },
    });
    expect(again.statusCode).toBe(400);
    expect(again.json().detail).toMatch(/already has an open improvement case/);
  });

  it('is seen only by the parties: another practice, a provider and a partner before escalation get 404 or 403', async () => {
    expect((await view(s.otherPractice)).statusCode).toBe(404);
    expect((await view(s.partner)).statusCode).toBe(404);
    expect((await view(s.provider)).statusCode).toBe(403);
    const list = (await call(app, s.otherPractice, { method: 'GET', url: '/api/improvement' })).json();
    expect(list.cases).toEqual([]);
  });

  it('holds peer review and buddies until the practice replies: before it the peer-group lead cannot see the case', async () => {
    // the right of reply: nothing goes beyond the commissioner and the practice before the practice has replied
    const unseen = await view(s.peers);
    expect(unseen.statusCode).toBe(404);
    const listed = await call(app, s.peers, { method: 'GET', url: '/api/improvement' });
    expect(listed.json().cases.map((c: { id: number }) => c.id)).not.toContain(id);
    const earlyReview = {
      kind: 'peer_review',
      why: 'Locality peer review',
      attendees: 'Four practices of the locality',
      conclusions: 'Discussed.',
    };
    const early = await step(s.peers, earlyReview);
    expect(early.statusCode).toBe(404);
    const note = await step(s.peers, { kind: 'note', why: 'An annotation before the reply' });
    expect(note.statusCode).toBe(404);
    // the commissioner's own early peer review is refused with the steps open
    const own = await step(s.lead, earlyReview);
    expect(own.statusCode).toBe(409);
    expect(own.json().step).toBe('peer_review');
    expect(own.json().detail).toMatch(/reply must be on record/);
    // the commissioner records a reply only on the practice's behalf
    expect((await step(s.lead, { kind: 'reply', why: 'Our reply' })).statusCode).toBe(400);
    const reply = await step(s.practice, {
      kind: 'reply',
      why: 'Our list gained a care home in the spring; most of the difference is its residents.',
    });
    expect(reply.statusCode).toBe(200);
    expect(reply.json().case).toMatchObject({ stage: 'replied', replied: true, reviewDue: null });
    const review = await step(s.peers, {
      kind: 'peer_review',
      why: 'Locality peer review',
      attendees: 'Four practices of the locality and the medicines optimisation team',
      conclusions: 'The care home explains part of it; a buddy would help with the rest.',
    });
    expect(review.statusCode).toBe(200);
    expect(review.json().case.stage).toBe('peer_review');
    expect((await view(s.peers)).statusCode).toBe(200);
  });

  it('suggests buddies: similar practices, doing well, best on the indicators in question', async () => {
    const r = await call(app, s.lead, { method: 'GET', url: `/api/improvement/${id}/buddies` });
    expect(r.statusCode).toBe(200);
    const { suggestions, indicators } = r.json();
    expect(suggestions.length).toBeGreaterThan(0);
    expect(suggestions.length).toBeLessThanOrEqual(3);
    const tiers = (await call(app, s.lead, { method: 'GET', url: '/api/tiers?area=9Z1' })).json();
    const tierOf = new Map(tiers.practices.map((p: { code: string; tier: string }) => [p.code, p.tier]));
    const direction = new Map(
      (await call(app, s.lead, { method: 'GET', url: '/api/indicators' }))
        .json()
        .indicators.map((d: { code: string; direction: string }) => [d.code, d.direction]),
    );
    let last = Infinity;
    for (const b of suggestions) {
      expect(b.code).not.toBe(practice);
      expect(tierOf.get(b.code)).toBe('doing_well');
      expect(b.similarityRank).toBeLessThanOrEqual(30);
      expect(b.results.map((x: { indicator: string }) => x.indicator)).toEqual(indicators);
      // the score is the mean z-score signed so that higher is better, recomputed here from the results shown
      const mean =
        b.results.reduce(
          (a: number, x: { indicator: string; zAdjusted: number }) =>
            a + (direction.get(x.indicator) === 'higher_better' ? 1 : -1) * x.zAdjusted,
          0,
        ) / b.results.length;
      expect(b.score).toBeCloseTo(mean, 12);
      expect(b.score).toBeGreaterThan(0);
      expect(b.score).toBeLessThanOrEqual(last);
      last = b.score;
    }
    const chosen = await step(s.lead, {
      kind: 'buddy',
      why: 'Most similar list, and best on the indicator in question',
      buddy: suggestions[0].code,
    });
    expect(chosen.json().case).toMatchObject({ stage: 'buddied', buddyCode: suggestions[0].code });
    const stepRow = (await view(s.lead)).json().steps.at(-1);
    expect(stepRow.evidence.suggestions[0].code).toBe(suggestions[0].code);
  });

  it('a support plan is agreed by the practice, reviewed, and its review date falls due', async () => {
    const plan = await step(s.lead, {
      kind: 'support_plan',
      why: 'Agreed at the practice visit',
      actions: [
        {
          action: 'Medication review of the care home residents',
          owner: 'Practice pharmacist',
          reviewBy: '2027-02-01',
        },
        { action: 'Buddy visit to compare prescribing', owner: 'Practice manager', reviewBy: '2027-01-15' },
      ],
    });
    expect(plan.json().case).toMatchObject({
      stage: 'support_plan',
      planAgreed: false,
      reviewDue: '2027-01-15',
    });
    // an agreed plan comes before escalation
    expect((await step(s.lead, { kind: 'escalate', why: 'Too early' })).statusCode).toBe(409);
    expect((await step(s.lead, { kind: 'agree_plan', why: 'Not ours to agree' })).statusCode).toBe(409);
    const agreed = await step(s.practice, { kind: 'agree_plan', why: 'We agree the plan' });
    expect(agreed.json().case.planAgreed).toBe(true);

    // on 20 January the review of 15 January is overdue
    setClock('2027-01-20T09:00:00Z');
    await signInAll();
    const overdue = (await call(app, s.lead, { method: 'GET', url: '/api/improvement?overdue=true' })).json();
    expect(overdue.cases.map((c: { id: number }) => c.id)).toEqual([id]);
    expect(overdue.cases[0].overdue).toBe(true);
    const review = await step(s.lead, {
      kind: 'review',
      why: 'Buddy visit held; no change in the figures yet',
      progress: 'no_change',
      nextReview: '2027-03-01',
    });
    expect(review.json().case).toMatchObject({ reviewDue: '2027-03-01', overdue: false });
    expect((await view(s.lead)).json().steps.at(-1).evidence.tier).toBeDefined();
    expect(
      (await call(app, s.lead, { method: 'GET', url: '/api/improvement?overdue=true' })).json().cases,
    ).toEqual([]);
  });

  it('escalation is the quality lead’s, with an evidence pack NHS England can then read', async () => {
    const analyst = await step(s.analyst, { kind: 'escalate', why: 'No progress after the plan' });
    expect(analyst.statusCode).toBe(409);
    expect(analyst.json().detail).toMatch(/quality lead/);
    const r = await step(s.lead, { kind: 'escalate', why: 'No progress after an agreed plan and a review' });
    expect(r.json().case.stage).toBe('escalated');
    const last = (await view(s.lead)).json().steps.at(-1);
    expect(last.evidence.steps.map((x: { kind: string }) => x.kind)).toEqual([
      'share',
      'reply',
      'peer_review',
      'buddy',
      'support_plan',
      'agree_plan',
      'review',
    ]);
    // the partner now sees the case and its pack, read-only
    const seen = await view(s.partner);
    expect(seen.statusCode).toBe(200);
    expect(seen.json().allowed).toEqual([]);
    expect((await step(s.partner, { kind: 'note', why: 'A partner note' })).statusCode).toBe(409);
    const html = await call(app, s.partner, { method: 'GET', url: `/api/improvement/${id}/pack` });
    expect(html.headers['content-type']).toMatch(/text\/html/);
    expect(html.body).toContain('most of the difference is its residents'); // the practice's reply goes with it
    expect(html.body).toContain('Medication review of the care home residents');
    expect(html.body).not.toMatch(/<script/i);
    const audit = await db.query<{ action: string }>(
      `SELECT action FROM audit_log WHERE target = $1 ORDER BY seq`,
      [`case ${id}`],
    );
    expect(audit.map((a) => a.action)).toEqual([
      'improvement.open',
      'improvement.reply',
      'improvement.peer_review',
      'improvement.buddy',
      'improvement.support_plan',
      'improvement.agree_plan',
      'improvement.review',
      'improvement.escalate',
      'improvement.pack',
    ]);
  });

  it('closes with an outcome; the steps cannot be changed afterwards', async () => {
    const r = await step(s.lead, {
      kind: 'close',
      why: 'NHS England review concluded',
      outcome: 'escalation_concluded',
    });
    expect(r.json().case).toMatchObject({ stage: 'closed', outcome: 'escalation_concluded' });
    expect((await step(s.practice, { kind: 'note', why: 'After closing' })).statusCode).toBe(409);
    await expect(
      db.query(`UPDATE improvement_steps SET why = 'rewritten' WHERE case_id = $1`, [id]),
    ).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM improvement_steps WHERE case_id = $1`, [id])).rejects.toThrow(
      /append-only/,
    );
    // closed, so a new case may be opened
    expect(
      (
        await call(app, s.lead, {
          method: 'POST',
          url: `/api/practices/${practice}/improvement`,
          payload: { why: 'A new review after closure.' },
        })
      ).statusCode,
    ).toBe(201);
  });

  it('a practice adds context to one of its values; other practices cannot', async () => {
    const [value] = await db.query<{ indicator: string; period: string }>(
      `SELECT indicator_code AS indicator, period_start AS period FROM indicator_values WHERE org_code = $1 AND current LIMIT 1`,
      [practice],
    );
    const note = {
      indicator: value!.indicator,
      periodStart: value!.period,
      note: 'A care home joined our list.',
    };
    const r = await call(app, s.practice, {
      method: 'POST',
      url: `/api/practices/${practice}/annotations`,
      payload: note,
    });
    expect(r.statusCode).toBe(201);
    const bad = await call(app, s.practice, {
      method: 'POST',
      url: `/api/practices/${practice}/annotations`,
      payload: { ...note, periodStart: '1999-01-01' },
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/no value of .* for the period starting 1999-01-01/);
    expect(
      (
        await call(app, s.otherPractice, {
          method: 'POST',
          url: `/api/practices/${practice}/annotations`,
          payload: note,
        })
      ).statusCode,
    ).toBe(403);
    const list = (
      await call(app, s.lead, { method: 'GET', url: `/api/practices/${practice}/annotations` })
    ).json();
    expect(list.annotations).toEqual([
      expect.objectContaining({ indicator: note.indicator, periodStart: note.periodStart, note: note.note }),
    ]);
  });
});
