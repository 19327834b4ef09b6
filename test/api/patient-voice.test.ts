/**
 * Patient voice through the API, on both databases, over the synthetic area: feedback recorded and read back; an
 * NHS number in free text (spaced, or in other scripts' digits) refused with nothing stored; a practice records
 * only its own PPG's feedback; counts on the provider scorecard and the practice page equal what was recorded for
 * the own area's commissioner and are suppressed (1–7 withheld, others to the nearest 5) for everyone else.
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
import { ANON, call, createRoleUser, signIn, TEST_PASSWORD, type TestSession } from './sessions.js';

// 943 476 5919 passes the modulus 11 check (9×10 + 4×9 + 3×8 + 4×7 + 7×6 + 6×5 + 5×4 + 9×3 + 1×2 = 299; 299 mod 11 = 2; 11 − 2 = 9)
const NHS_SPACED = '943 476 5919';
const ARABIC_INDIC = '٩٤٣٤٧٦٥٩١٩';
const FULL_WIDTH = '９４３-４７６-５９１９';

type Counts = {
  total: number | null;
  suppressed: boolean;
  byTheme: Array<{ theme: string; positive: number | null; mixed: number | null; negative: number | null }>;
};
const cell = (c: Counts, theme: string, sentiment: 'positive' | 'mixed' | 'negative') =>
  c.byTheme.find((t) => t.theme === theme)![sentiment];

describeEachDatabase('patient voice', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const s: Record<string, TestSession> = {};
  const stored = async () =>
    (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM patient_feedback'))[0]!.n;

  beforeAll(async () => {
    setClock('2026-12-22T09:00:00Z');
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    app = await buildServer(db, { rateLimit: false });
    for (const role of ['practice_user', 'commissioner_lead', 'provider_user', 'partner'] as const) {
      await createRoleUser(db, role);
      s[role] = await signIn(app, `${role}@test.lantern.invalid`, role);
    }
    // a commissioner of the other synthetic area (9Z2)
    const other = await createLocalUser(db, {
      email: 'other-area@test.lantern.invalid',
      password: TEST_PASSWORD,
    });
    await addGrant(db, other.id, 'commissioner_lead', '9Z2');
    s.otherArea = await signIn(app, 'other-area@test.lantern.invalid', 'commissioner_lead');
    s.anonymous = ANON;
  }, 120_000);
  afterAll(async () => {
    setClock(null);
    await app?.close();
    if (db) await t.dispose(db);
  });

  const ppg = {
    subject: 'practice',
    org: 'Z10001',
    source: 'ppg',
    sourceDetail: 'Quarterly PPG meeting',
    receivedOn: '2026-12-01',
    periodFrom: '2026-09-01',
    periodTo: '2026-11-30',
    themes: [
      { theme: 'access', sentiment: 'negative' },
      { theme: 'dignity', sentiment: 'positive' },
    ],
    summary:
      'Members found the morning phone queue long; reception staff were described as kind and patient.',
  };
  const post = (who: TestSession, payload: Record<string, unknown>) =>
    call(app, who, { method: 'POST', url: '/api/patient-voice', payload });

  it('a practice user records PPG feedback and reads it back on the practice page, with its themes', async () => {
    const r = await post(s.practice_user!, ppg);
    expect(r.statusCode, r.body).toBe(201);
    const page = await call(app, s.practice_user!, {
      method: 'GET',
      url: '/api/practices/Z10001/patient-voice',
    });
    expect(page.statusCode).toBe(200);
    const body = page.json();
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({
      source: 'ppg',
      sourceLabel: 'Patient participation group',
      summary: ppg.summary,
      receivedOn: '2026-12-01',
      periodFrom: '2026-09-01',
      periodTo: '2026-11-30',
    });
    expect(
      body.items[0].themes.map((x: { theme: string; sentiment: string }) => `${x.theme}:${x.sentiment}`),
    ).toEqual(['access:negative', 'dignity:positive']);
    // the practice's own users count its feedback in full
    expect(body.counts.suppressed).toBe(false);
    expect(body.counts.total).toBe(1);
    expect(cell(body.counts, 'access', 'negative')).toBe(1);
    expect(body.mayRecord).toBe(true);
    expect(body.ppgOnly).toBe(true);
    expect(body.lists.warning).toMatch(/names/);
  });

  it('refuses an NHS number in any free-text field however written, and an over-long summary; nothing is stored', async () => {
    const before = await stored();
    for (const [field, text] of [
      ['summary', `Patient ${NHS_SPACED} waited a long time on the phone.`],
      ['summary', `Reference ${ARABIC_INDIC} raised at the meeting about access.`],
      ['summary', `Reference ${FULL_WIDTH} raised at the meeting about access.`],
      ['sourceDetail', `PPG meeting about ${NHS_SPACED}`],
    ] as const) {
      const r = await post(s.practice_user!, { ...ppg, [field]: text });
      expect(r.statusCode, `${field}: ${text}`).toBe(400);
      expect(r.body).toContain('NHS number');
      expect(r.body, 'the refused text is not echoed').not.toContain(text.slice(0, 20));
    }
    // ten digits that fail the check are not an NHS number (0123 456 780: the weighted sum 156 leaves check digit 9,
    // not 0): accepted
    const phone = await post(s.practice_user!, {
      ...ppg,
      summary: 'Members asked that 0123 456 780 be answered sooner.',
    });
    expect(phone.statusCode, phone.body).toBe(201);
    const long = await post(s.practice_user!, { ...ppg, summary: 'x'.repeat(1501) });
    expect(long.statusCode).toBe(400);
    expect(long.body).toContain('summary');
    expect(await stored()).toBe(before + 1);
  });

  it('a practice user cannot record for another practice, for a provider, or from another source', async () => {
    const before = await stored();
    const other = await post(s.practice_user!, { ...ppg, org: 'Z10030' });
    expect(other.statusCode).toBe(403);
    const provider = await post(s.practice_user!, { ...ppg, subject: 'provider', org: 'RZ1' });
    expect(provider.statusCode).toBe(403);
    const healthwatch = await post(s.practice_user!, { ...ppg, source: 'healthwatch' });
    expect(healthwatch.statusCode).toBe(403);
    // nor can a provider user or a partner record at all, nor another area's commissioner for this practice
    expect((await post(s.provider_user!, ppg)).statusCode).toBe(403);
    expect((await post(s.partner!, ppg)).statusCode).toBe(403);
    expect((await post(s.otherArea!, { ...ppg, source: 'healthwatch' })).statusCode).toBe(403);
    expect((await post(ANON, ppg)).statusCode).toBe(401);
    expect(await stored()).toBe(before);
  });

  it('a commissioner records only for their own area; dates and subjects that cannot be right are refused', async () => {
    const before = await stored();
    const provider = {
      ...ppg,
      subject: 'provider',
      org: 'RZ1',
      source: 'healthwatch',
    };
    const otherArea = await post(s.commissioner_lead!, { ...provider, area: '9Z2' });
    expect(otherArea.statusCode).toBe(403);
    expect(otherArea.body).toContain('9Z2');
    const notATrust = await post(s.commissioner_lead!, { ...provider, org: 'Z10002' });
    expect(notATrust.statusCode).toBe(400);
    expect(notATrust.body).toContain('Z10002');
    const future = await post(s.commissioner_lead!, { ...provider, receivedOn: '2026-12-23' });
    expect(future.statusCode).toBe(400);
    expect(future.body).toContain('receivedOn');
    const after = await post(s.commissioner_lead!, { ...provider, periodTo: '2026-12-02' });
    expect(after.statusCode).toBe(400);
    expect(after.body).toContain('periodTo');
    const twice = await post(s.commissioner_lead!, {
      ...provider,
      themes: [
        { theme: 'access', sentiment: 'negative' },
        { theme: 'access', sentiment: 'positive' },
      ],
    });
    expect(twice.statusCode).toBe(400);
    expect(await stored()).toBe(before);
  });

  it('provider scorecard: counts equal what was recorded for the own area; another area counts none of it; the rest see them suppressed', async () => {
    // nine Healthwatch reports about RZ1 in the last year, all negative on discharge, three also positive on
    // communication; one more from over a year ago, which is not counted
    const recorded: Array<Array<{ theme: string; sentiment: string }>> = [];
    for (let i = 0; i < 9; i++) {
      const themes = [{ theme: 'discharge', sentiment: 'negative' }];
      if (i < 3) themes.push({ theme: 'communication', sentiment: 'positive' });
      const r = await post(s.commissioner_lead!, {
        subject: 'provider',
        org: 'RZ1',
        source: 'healthwatch',
        receivedOn: `2026-${String(i + 1).padStart(2, '0')}-15`,
        periodFrom: `2026-${String(i + 1).padStart(2, '0')}-01`,
        periodTo: `2026-${String(i + 1).padStart(2, '0')}-10`,
        themes,
        summary: 'Enter and view visit: discharge letters late, ward staff explained plans clearly.',
      });
      expect(r.statusCode, r.body).toBe(201);
      recorded.push(themes);
    }
    const old = await post(s.commissioner_lead!, {
      subject: 'provider',
      org: 'RZ1',
      source: 'healthwatch',
      receivedOn: '2025-11-01',
      periodFrom: '2025-10-01',
      periodTo: '2025-10-31',
      themes: [{ theme: 'discharge', sentiment: 'negative' }],
      summary: 'An older report, outside the twelve months counted.',
    });
    expect(old.statusCode).toBe(201);
    const count = (theme: string, sentiment: string) =>
      recorded.filter((ts) => ts.some((x) => x.theme === theme && x.sentiment === sentiment)).length;

    const scorecard = async (who: TestSession) => {
      const r = await call(app, who, { method: 'GET', url: '/api/providers/RZ1/scorecard' });
      expect(r.statusCode).toBe(200);
      return r.json().patientVoice as Counts | null;
    };
    const own = (await scorecard(s.commissioner_lead!))!;
    expect(own.suppressed).toBe(false);
    expect(own.total).toBe(recorded.length);
    expect(cell(own, 'discharge', 'negative')).toBe(count('discharge', 'negative'));
    expect(cell(own, 'communication', 'positive')).toBe(count('communication', 'positive'));
    expect(cell(own, 'access', 'negative')).toBe(0);
    // another area's commissioner counts only their own area's feedback, as with concerns: none of 9Z1's reaches them
    const otherArea = (await scorecard(s.otherArea!))!;
    expect(otherArea.total).toBe(0);
    expect(otherArea.byTheme.every((x) => x.positive === 0 && x.mixed === 0 && x.negative === 0)).toBe(true);
    // everyone else counts every area's, suppressed: 9 rounds to 10, 3 (1–7) is withheld, 0 stays 0
    for (const who of ['provider_user', 'practice_user', 'partner']) {
      const c = (await scorecard(s[who]!))!;
      expect(c.suppressed, who).toBe(true);
      expect(c.total, who).toBe(10);
      expect(cell(c, 'discharge', 'negative'), who).toBe(10);
      expect(cell(c, 'communication', 'positive'), who).toBeNull();
      expect(cell(c, 'access', 'negative'), who).toBe(0);
    }
    expect(await scorecard(ANON)).toBeNull();
    // the list: the own area reads its records; another area, the provider and a practice read none
    const list = async (who: TestSession) =>
      (await call(app, who, { method: 'GET', url: '/api/providers/RZ1/patient-voice' })).json();
    expect((await list(s.commissioner_lead!)).items).toHaveLength(10);
    for (const who of ['otherArea', 'provider_user', 'practice_user']) {
      const l = await list(s[who]!);
      expect(l.items, who).toEqual([]);
      expect(l.counts.total, who).toBe(who === 'otherArea' ? 0 : 10);
    }
  });

  it('practice page: the own area counts in full; another area counts none of it; a provider and a partner see 1–7 withheld', async () => {
    const page = async (who: TestSession) =>
      (await call(app, who, { method: 'GET', url: '/api/practices/Z10001/patient-voice' })).json();
    // two PPG reports were stored above (the first and the one with a phone number), both access-negative
    const own = await page(s.commissioner_lead!);
    expect(own.counts.suppressed).toBe(false);
    expect(own.counts.total).toBe(2);
    expect(cell(own.counts, 'access', 'negative')).toBe(2);
    expect(own.items).toHaveLength(2);
    const otherArea = await page(s.otherArea!);
    expect(otherArea.counts.total).toBe(0);
    expect(otherArea.items).toEqual([]);
    for (const who of ['provider_user', 'partner']) {
      const p = await page(s[who]!);
      expect(p.counts.suppressed, who).toBe(true);
      expect(p.counts.total, who).toBeNull();
      expect(cell(p.counts, 'access', 'negative'), who).toBeNull();
      expect(cell(p.counts, 'clinical_care', 'negative'), who).toBe(0);
      expect(p.items, who).toEqual([]);
    }
    expect(
      (await call(app, ANON, { method: 'GET', url: '/api/practices/Z10001/patient-voice' })).statusCode,
    ).toBe(401);
  });
});
