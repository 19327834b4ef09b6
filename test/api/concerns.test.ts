/**
 * Concerns end to end through the API, on both databases: logging with a pseudonymised NHS number, the workflow
 * with working-day deadlines at each step, the provider's redacted view, the audited reveal, escalation to an
 * incident, signals from synthetic concerns with a planted cluster, and the QSG pack whose charts match the data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { extractText, getDocumentProxy } from 'unpdf';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { setClock } from '../../src/domain/clock.js';
import { PatientKeys } from '../../src/concerns/nhs-number.js';
import { seedDemoConcerns } from '../../src/concerns/demo.js';
import { suppressedValue } from '../../src/stats/suppress.js';
import { HAVE_BROWSER } from '../e2e/browser.js';
import { describeEachDatabase } from '../db/databases.js';
import { ANON, call, createRoleUser, signIn, type TestSession } from './sessions.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';

const NHS = '943 476 5919';
const NHS_DIGITS = '9434765919';
const ROLES_USED = [
  'practice_user',
  'commissioner_lead',
  'commissioner_analyst',
  'provider_user',
  'partner',
] as const;
const report = {
  provider: 'RZ1',
  category: 'discharge_summary_late',
  description: 'Discharge summary for an inpatient stay arrived nine days after discharge.',
  harm: 'low',
  eventDate: '2026-12-14',
  nhsNumber: NHS,
};

describeEachDatabase('concerns', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const s: Record<string, TestSession> = {};
  const keys = PatientKeys.random();
  let icb: string;

  beforeAll(async () => {
    setClock('2026-12-22T09:00:00Z');
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    app = await buildServer(db, { rateLimit: false, patientKeys: keys });
    for (const role of ROLES_USED) await createRoleUser(db, role);
    const other = await createLocalUser(db, {
      email: 'rz2@test.lantern.invalid',
      password: 'test-only lantern matrix passphrase',
    });
    await addGrant(db, other.id, 'provider_user', 'RZ2');
    await atTime('2026-12-22T09:00:00Z');
    [{ icb }] = await db.query<{ icb: string }>(
      `SELECT parent_code AS icb FROM organisation_links WHERE child_code = '9Z1' AND relationship = 'sub_icb_icb'`,
    );
  }, 300_000);
  afterAll(async () => {
    setClock(null);
    await app?.close();
    if (db) await t.dispose(db);
  });

  /** Set the clock and sign everyone in (sessions idle out on the clock's time, so after moving it by days too). */
  async function atTime(instant: string) {
    setClock(instant);
    for (const role of ROLES_USED) s[role] = await signIn(app, `${role}@test.lantern.invalid`, role);
    s.rz2 = await signIn(app, 'rz2@test.lantern.invalid', 'provider_user');
  }
  const move = (who: TestSession, id: number, to: string, extra: Record<string, unknown> = {}) =>
    call(app, who, {
      method: 'POST',
      url: `/api/concerns/${id}/transitions`,
      payload: { to, reason: `moving to ${to}`, ...extra },
    });

  it('publishes the taxonomy with the harm identifiers and NRLS mapping', async () => {
    const r = await call(app, ANON, { method: 'GET', url: '/api/concerns/taxonomy' });
    expect(r.statusCode).toBe(200);
    const tx = r.json();
    expect(tx.harmGrades.map((h: { id: string }) => h.id)).toEqual([
      'no_harm',
      'low',
      'moderate',
      'severe',
      'death',
    ]);
    const items = tx.categories.flatMap(
      (c: { items: Array<{ id: string; nrlsCategory: string }> }) => c.items,
    );
    expect(items.find((i: { id: string }) => i.id === 'discharge_summary_late').nrlsCategory).toBe(
      'documentation',
    );
    expect(items.every((i: { nrlsCategory: string | null }) => i.nrlsCategory)).toBe(true);
  });

  it('refuses bad reports with the field and what was expected', async () => {
    const bad = async (patch: Record<string, unknown>, text: RegExp) => {
      const r = await call(app, s.practice_user, {
        method: 'POST',
        url: '/api/concerns',
        payload: { ...report, ...patch },
      });
      expect(r.statusCode).toBe(400);
      expect(r.json().detail).toMatch(text);
    };
    await bad({ nhsNumber: '943 476 5918' }, /nhsNumber is not a valid NHS number/);
    await bad({ description: `Letter for patient 943 476 5919 was late again.` }, /looks like an NHS number/);
    await bad({ category: 'communication' }, /not a current second-level category/);
    await bad({ eventDate: '2027-01-05' }, /in the future/);
    await bad({ harm: 'catastrophic' }, /harm/);
    await bad({ provider: 'Z10002' }, /not a known NHS trust/);
  });

  it('carries a concern from practice to commissioner to provider and back, with the deadlines of each step', async () => {
    const made = await call(app, s.practice_user, { method: 'POST', url: '/api/concerns', payload: report });
    expect(made.statusCode).toBe(201);
    const c = made.json();
    expect(c.status).toBe('submitted');
    // Tue 22 Dec 2026: acknowledge in 2 working days, triage in 5 (25, 28 Dec are bank holidays)
    expect(c.due).toEqual({ acknowledge: '2026-12-24', triage: '2026-12-31' });
    expect(c.hasNhsNumber).toBe(true);
    expect(JSON.stringify(c)).not.toContain(NHS_DIGITS);

    const illegal = await move(s.commissioner_lead, c.id, 'closed', { outcome: 'not_upheld' });
    expect(illegal.statusCode).toBe(409);
    expect(illegal.json().allowed).toEqual(['triaged', 'redirected', 'duplicate']);

    // the provider cannot see it before it is sent
    expect(
      (await call(app, s.provider_user, { method: 'GET', url: `/api/concerns/${c.id}` })).statusCode,
    ).toBe(404);
    expect(
      (await move(s.commissioner_lead, c.id, 'triaged'))
        .json()
        .deadlines.find((d: { name: string }) => d.name === 'triage').metOn,
    ).toBe('2026-12-22');
    const sent = (await move(s.commissioner_lead, c.id, 'with_provider')).json();
    // 10 working days from 22 Dec: 23, 24, 29, 30, 31 Dec, 4–8 Jan (1 Jan is a bank holiday)
    expect(sent.due.providerResponse).toBe('2027-01-08');

    const seen = await call(app, s.provider_user, { method: 'GET', url: `/api/concerns/${c.id}` });
    expect(seen.statusCode).toBe(200);
    expect(seen.json().reporter).toBeNull();
    expect(seen.json().practice).toBeNull();
    expect(seen.json().allowedTransitions).toEqual(['provider_responded']);
    expect((await call(app, s.rz2, { method: 'GET', url: `/api/concerns/${c.id}` })).statusCode).toBe(404);
    expect((await move(s.provider_user, c.id, 'closed')).statusCode).toBe(409);

    await atTime('2027-01-06T14:00:00Z');
    try {
      const responded = (
        await move(s.provider_user, c.id, 'provider_responded', {
          reason: 'Summary process reviewed; ward clerk cover added.',
        })
      ).json();
      expect(responded.deadlines.find((d: { name: string }) => d.name === 'providerResponse')).toMatchObject({
        metOn: '2027-01-06',
        overdue: false,
      });
      // commissioner review: 10 working days from 6 Jan 2027
      expect(responded.due.commissionerReview).toBe('2027-01-20');
      const review = await move(s.commissioner_lead, c.id, 'commissioner_review');
      expect(review.statusCode, review.body).toBe(200);
      const closed = (await move(s.commissioner_lead, c.id, 'closed', { outcome: 'concern_upheld' })).json();
      expect(closed.status).toBe('closed');
      expect(closed.outcome).toBe('concern_upheld');
      expect(closed.history.map((e: { toState: string }) => e.toState)).toEqual([
        'draft',
        'submitted',
        'triaged',
        'with_provider',
        'provider_responded',
        'commissioner_review',
        'closed',
      ]);
      expect(
        closed.history.every((e: { actor: string; role: string | null; at: string }) => e.actor && e.at),
      ).toBe(true);
    } finally {
      await atTime('2026-12-22T09:00:00Z');
    }
  });

  it('keeps the commissioner’s triage note internal unless shared: the provider and the practice never get it', async () => {
    const c = (
      await call(app, s.practice_user, {
        method: 'POST',
        url: '/api/concerns',
        payload: { ...report, nhsNumber: undefined },
      })
    ).json();
    const internal = 'Third similar report from this practice this quarter; check the pattern first.';
    const shared = 'Please review how discharge summaries are sent after weekend discharges.';
    expect((await move(s.commissioner_lead, c.id, 'triaged', { reason: internal })).statusCode).toBe(200);
    const sent = await move(s.commissioner_lead, c.id, 'with_provider', {
      reason: shared,
      visibility: 'shared',
    });
    expect(sent.statusCode, sent.body).toBe(200);
    // the commissioner team sees both notes, each with its marking
    const notes = (h: Array<{ toState: string; reason: string | null; visibility: string }>) =>
      Object.fromEntries(
        h.filter((e) => e.toState !== 'draft').map((e) => [e.toState, [e.reason, e.visibility]]),
      );
    expect(notes(sent.json().history)).toEqual({
      submitted: ['Submitted by the practice', 'shared'],
      triaged: [internal, 'internal'],
      with_provider: [shared, 'shared'],
    });
    // the provider and the reporting practice see each step, the shared note, and nothing of the internal one
    for (const who of [s.provider_user, s.practice_user]) {
      const r = await call(app, who, { method: 'GET', url: `/api/concerns/${c.id}` });
      expect(r.statusCode).toBe(200);
      expect(notes(r.json().history)).toEqual({
        submitted: ['Submitted by the practice', 'shared'],
        triaged: [null, 'internal'],
        with_provider: [shared, 'shared'],
      });
      expect(r.body).not.toContain('Third similar report');
    }
    // the marking is stored with the step
    expect(
      await db.query(
        `SELECT to_state AS "to", visibility FROM concern_events WHERE concern_id = $1 AND party = 'commissioner' ORDER BY id`,
        [c.id],
      ),
    ).toEqual([
      { to: 'triaged', visibility: 'internal' },
      { to: 'with_provider', visibility: 'shared' },
    ]);
  });

  it('applies a provider’s own deadlines', async () => {
    const put = await call(app, s.commissioner_lead, {
      method: 'PUT',
      url: '/api/providers/RZ3/settings',
      payload: {
        acknowledge: 1,
        triage: 3,
        providerResponse: 15,
        commissionerReview: 10,
        incidentRegime: 'sif2015',
      },
    });
    expect(put.statusCode).toBe(200);
    const c = (
      await call(app, s.practice_user, {
        method: 'POST',
        url: '/api/concerns',
        payload: { ...report, provider: 'RZ3', nhsNumber: undefined },
      })
    ).json();
    expect(c.due).toEqual({ acknowledge: '2026-12-23', triage: '2026-12-29' });
    await move(s.commissioner_lead, c.id, 'triaged');
    const sent = (await move(s.commissioner_lead, c.id, 'with_provider')).json();
    expect(sent.due.providerResponse).toBe('2027-01-15');
    const esc = (await move(s.commissioner_lead, c.id, 'escalated_to_incident')).json();
    expect(esc.incidentId).toBeGreaterThan(0);
    const incidents = (
      await call(app, s.commissioner_lead, { method: 'GET', url: '/api/providers/RZ3/incidents' })
    ).json().incidents;
    const si = incidents.find((i: { id: number }) => i.id === esc.incidentId);
    expect(si.regime).toBe('sif2015');
    // 2015 framework: reported within 2 working days of being identified (22 Dec → 24 Dec)
    expect(si.deadlines.find((d: { name: string }) => d.name === 'report').due).toBe('2026-12-24');

    // the commissioner may choose the regime when escalating: PSIRF here, against the provider's 2015 setting
    const other = (
      await call(app, s.practice_user, {
        method: 'POST',
        url: '/api/concerns',
        payload: { ...report, provider: 'RZ3', nhsNumber: undefined },
      })
    ).json();
    await move(s.commissioner_lead, other.id, 'triaged');
    const psirf = (
      await move(s.commissioner_lead, other.id, 'escalated_to_incident', { regime: 'psirf' })
    ).json();
    const opened = (
      await call(app, s.commissioner_lead, { method: 'GET', url: '/api/providers/RZ3/incidents' })
    )
      .json()
      .incidents.find((i: { id: number }) => i.id === psirf.incidentId);
    expect(opened).toMatchObject({ regime: 'psirf', deadlines: [] });
  });

  it('reveals an NHS number only to a quality lead, with a reason, and audits it', async () => {
    const c = (
      await call(app, s.practice_user, { method: 'POST', url: '/api/concerns', payload: report })
    ).json();
    const analyst = await call(app, s.commissioner_analyst, {
      method: 'POST',
      url: `/api/concerns/${c.id}/nhs-number`,
      payload: { reason: 'Linking to the provider investigation.' },
    });
    expect(analyst.statusCode).toBe(403);
    const noReason = await call(app, s.commissioner_lead, {
      method: 'POST',
      url: `/api/concerns/${c.id}/nhs-number`,
      payload: { reason: 'x' },
    });
    expect(noReason.statusCode).toBe(400);
    const r = await call(app, s.commissioner_lead, {
      method: 'POST',
      url: `/api/concerns/${c.id}/nhs-number`,
      payload: { reason: 'Linking to the provider investigation.' },
    });
    expect(r.json().nhsNumber).toBe(NHS_DIGITS);
    const [audit] = await db.query<{ details: { reason: string } }>(
      `SELECT details FROM audit_log WHERE action = 'concerns.nhs_number_revealed' AND target = $1`,
      [`concern ${c.id}`],
    );
    expect(audit.details.reason).toBe('Linking to the provider investigation.');
    const related = (
      await call(app, s.commissioner_lead, { method: 'GET', url: `/api/concerns/${c.id}/related` })
    ).json().related;
    expect(related.some((x: { why: string[] }) => x.why.includes('same patient'))).toBe(true);
  });

  it('signals the planted cluster in synthetic concerns and links it to those concerns', async () => {
    const n = await seedDemoConcerns(db, keys, { icb, trust: 'RZ1' });
    expect(n).toBe(0); // concerns exist already: the demo seed only writes into an empty store
    const fresh = await t.open();
    try {
      await ingestFolder(fresh, writeSyntheticArea());
      const seeded = await seedDemoConcerns(fresh, keys, { icb, trust: 'RZ1' });
      expect(seeded).toBeGreaterThan(200);
      const app2 = await buildServer(fresh, { rateLimit: false, patientKeys: keys });
      // a quality lead for the whole ICB, so every practice's concerns are theirs to open
      const icbLead = await createLocalUser(fresh, {
        email: 'commissioner_lead@test.lantern.invalid',
        password: 'test-only lantern matrix passphrase',
      });
      await addGrant(fresh, icbLead.id, 'commissioner_lead', icb);
      await createRoleUser(fresh, 'partner');
      await createRoleUser(fresh, 'provider_user');
      const lead = await signIn(app2, 'commissioner_lead@test.lantern.invalid', 'commissioner_lead');
      const r = (await call(app2, lead, { method: 'GET', url: '/api/providers/RZ1/signals' })).json();
      const cluster = r.signals.find(
        (x: { method: string; categoryId: string }) =>
          x.method === 'cluster' && x.categoryId === 'discharge_summary_late',
      );
      expect(cluster).toBeDefined();
      // independently: RZ1's counted discharge-letter concerns dated within the signal's span
      const expected = (
        await fresh.query<{ id: number }>(
          `SELECT id FROM concerns WHERE provider_code = 'RZ1' AND category_id = 'discharge_summary_late'
             AND status NOT IN ('draft', 'duplicate', 'redirected') AND event_date BETWEEN $1 AND $2 ORDER BY id`,
          [cluster.from, cluster.to],
        )
      ).map((x) => x.id);
      expect(cluster.concernIds).toEqual(expected);
      // the planted five (40 to 20 days before today) are among them
      const planted = await fresh.query<{ n: number }>(
        `SELECT count(DISTINCT practice_code)::int AS n FROM concerns WHERE id = ANY($1) AND event_date BETWEEN '2026-11-12' AND '2026-12-02'`,
        [cluster.concernIds],
      );
      expect(planted[0].n).toBeGreaterThanOrEqual(5);

      // Outside the commissioner team every count of concerns is suppressed: 1–7 hidden, others multiples of 5.
      await createRoleUser(fresh, 'practice_user');
      const suppressedOk = (n: unknown) =>
        n === null || n === 0 || (typeof n === 'number' && n >= 10 && n % 5 === 0);
      for (const role of ['partner', 'provider_user', 'practice_user'] as const) {
        const who = await signIn(app2, `${role}@test.lantern.invalid`, role);
        const counts: unknown[] = [];
        if (role !== 'practice_user') {
          const seen = (await call(app2, who, { method: 'GET', url: '/api/providers/RZ1/signals' })).json();
          expect(seen.suppressed).toBe(true);
          counts.push(...seen.overall.counts, ...seen.signals.map((x: { count: number }) => x.count));
          counts.push(...seen.byCategory.map((x: { total: number }) => x.total));
        }
        const card = (await call(app2, who, { method: 'GET', url: '/api/providers/RZ1/scorecard' })).json()
          .concerns;
        expect(card.suppressed).toBe(true);
        counts.push(
          card.total,
          card.moderateOrWorse,
          ...card.byCategory.map((x: { count: number }) => x.count),
        );
        counts.push(...card.contractBreaches.map((x: { count: number }) => x.count));
        const choice = (
          await call(app2, who, { method: 'GET', url: '/api/referral-choice?providers=RZ1,RZ2,RZ3' })
        ).json();
        counts.push(...choice.providers.map((p: { concerns: { total: number } }) => p.concerns.total));
        if (role === 'partner') {
          const pack = (
            await call(app2, who, { method: 'GET', url: `/api/reports/qsg?area=${icb}&format=json` })
          ).json();
          for (const p of pack.providers)
            counts.push(
              p.total,
              p.overdueResponses,
              ...p.monthly.map((m: { count: number }) => m.count),
              ...p.themes.map((x: { count: number }) => x.count),
            );
        }
        expect(counts.length).toBeGreaterThan(10);
        expect(
          counts.filter((n) => !suppressedOk(n)),
          role,
        ).toEqual([]);
      }
      // ...while the quality lead sees the raw counts (so the check above could fail)
      const raw = (await call(app2, lead, { method: 'GET', url: '/api/providers/RZ1/scorecard' })).json()
        .concerns;
      expect(raw.suppressed).toBe(false);
      expect(raw.byCategory.some((x: { count: number }) => !suppressedOk(x.count))).toBe(true);

      // The QSG pack: the chart's bars are the suppressed monthly counts, drawn to scale.
      const html = (
        await call(app2, lead, {
          method: 'GET',
          url: `/api/reports/qsg?area=${icb}&from=2026-06-01&to=2026-11-30`,
        })
      ).body;
      const monthly = await fresh.query<{ month: string; n: number }>(
        `SELECT to_char(event_date, 'YYYY-MM') AS month, count(*)::int AS n FROM concerns
          WHERE provider_code = 'RZ1' AND status NOT IN ('draft', 'duplicate', 'redirected') AND event_date BETWEEN '2026-06-01' AND '2026-11-30'
          GROUP BY 1 ORDER BY 1`,
      );
      const section = html.slice(html.indexOf('data-provider="RZ1"'));
      const svg = section.slice(section.indexOf('<svg'), section.indexOf('</svg>'));
      const max = Number(/data-max="(\d+)"/.exec(svg)![1]);
      const plot = Number(/data-plot-height="([\d.]+)"/.exec(svg)![1]);
      const bars = [
        ...svg.matchAll(/data-month="([\d-]+)" data-count="(\d+|\*)"[^>]*?(?:height="([\d.]+)")?/g),
      ];
      expect(bars.map((b) => b[1])).toEqual([
        '2026-06',
        '2026-07',
        '2026-08',
        '2026-09',
        '2026-10',
        '2026-11',
      ]);
      for (const b of bars) {
        const raw = monthly.find((m) => m.month === b[1])?.n ?? 0;
        const shown = suppressedValue(raw);
        expect(b[2]).toBe(shown === null ? '*' : String(shown));
        if (shown !== null && b[3]) expect(Number(b[3])).toBeCloseTo((shown / max) * plot, 1);
      }
      const total = monthly.reduce((a, m) => a + m.n, 0);
      const row = /<tr><td>[^<]*\(RZ1\)<\/td><td>[^<]*<\/td><td class="num">([^<]*)<\/td>/.exec(html);
      expect(row?.[1]).toBe(String(suppressedValue(total) ?? '*'));

      if (HAVE_BROWSER) {
        const pdf = await call(app2, lead, {
          method: 'GET',
          url: `/api/reports/qsg?area=${icb}&from=2026-06-01&to=2026-11-30&format=pdf`,
        });
        expect(pdf.statusCode).toBe(200);
        expect(pdf.headers['content-type']).toBe('application/pdf');
        const doc = await getDocumentProxy(new Uint8Array(pdf.rawPayload));
        const text = (await extractText(doc, { mergePages: true })).text
          .replace(/\s+/g, ' ')
          .replace(/- /g, '-');
        expect(doc.numPages).toBeGreaterThanOrEqual(1);
        expect(text).toContain('Quality Surveillance Group pack');
        expect(text).toContain('Synthetic General Hospital NHS Trust (demo) (RZ1)');
        for (const b of bars) expect(text).toContain(`${b[1]}: ${b[2]}`);
      }
      await app2.close();
    } finally {
      await t.dispose(fresh);
    }
  }, 300_000);

  it('never shows a provider user the reporter, the practice or anything of an NHS number', async () => {
    const secret = await db.query<{ link: string; sealed: string; reporter: string; practice: string }>(
      `SELECT nhs_number_link AS link, nhs_number_sealed AS sealed, reporter, practice_code AS practice
         FROM concerns WHERE nhs_number_link IS NOT NULL`,
    );
    expect(secret.length).toBeGreaterThan(0);
    // send every concern to the provider so the provider sees as much as it ever could
    const all = (await call(app, s.commissioner_lead, { method: 'GET', url: '/api/concerns' })).json()
      .concerns;
    for (const c of all) {
      if (c.status === 'submitted') await move(s.commissioner_lead, c.id, 'triaged');
      if (c.status === 'submitted' || c.status === 'triaged')
        await move(s.commissioner_lead, c.id, 'with_provider');
    }
    const urls = [
      '/api/concerns',
      '/api/concerns?overdue=true',
      '/api/providers/RZ1/signals',
      '/api/providers/RZ1/scorecard',
      '/api/providers/RZ1/incidents',
      '/api/concerns/taxonomy',
    ];
    const list = (await call(app, s.provider_user, { method: 'GET', url: '/api/concerns' })).json().concerns;
    expect(list.length).toBeGreaterThan(0);
    for (const c of list) urls.push(`/api/concerns/${c.id}`, `/api/concerns/${c.id}/related`);
    for (const url of urls) {
      const body = (await call(app, s.provider_user, { method: 'GET', url })).body;
      expect(body).not.toContain(NHS_DIGITS);
      expect(body).not.toContain('practice_user@test.lantern.invalid');
      for (const x of secret) {
        expect(body).not.toContain(x.link);
        expect(body).not.toContain(x.sealed.split('.')[2]);
        expect(body).not.toContain(x.practice);
      }
      expect(body).not.toMatch(/nhsNumber|hasNhsNumber|nhs_number/);
    }
  });

  it('lists the oldest overdue concerns even when newer ones fill the page limit', async () => {
    const log = async (eventDate: string) => {
      const r = await call(app, s.practice_user, {
        method: 'POST',
        url: '/api/concerns',
        payload: { ...report, eventDate, nhsNumber: undefined },
      });
      expect(r.statusCode, r.body).toBe(201);
      return r.json().id as number;
    };
    // submitted on Mon 2 Nov and never acknowledged: overdue since 5 Nov, and the least recently changed
    await atTime('2026-11-02T09:00:00Z');
    const old: number[] = [];
    try {
      old.push(await log('2026-10-30'), await log('2026-10-30'));
    } finally {
      await atTime('2026-12-22T09:00:00Z');
    }
    // three logged today: newer, and not yet due
    for (let i = 0; i < 3; i++) await log('2026-12-21');
    const overdue = await call(app, s.commissioner_lead, {
      method: 'GET',
      url: '/api/concerns?overdue=true&limit=2',
    });
    expect(overdue.statusCode).toBe(200);
    const listed = overdue.json().concerns as Array<{ id: number; deadlines: Array<{ overdue: boolean }> }>;
    expect(listed.map((c) => c.id)).toEqual([...old].reverse());
    for (const c of listed) expect(c.deadlines.some((d) => d.overdue)).toBe(true);
  });
});

describe('the clock seam', () => {
  it('refuses a malformed LANTERN_CLOCK with what it expects', async () => {
    const { readConfig, ConfigError } = await import('../../src/config/env.js');
    expect(() => readConfig({ LANTERN_CLOCK: '22/12/2026' })).toThrow(ConfigError);
    expect(() => readConfig({ LANTERN_CLOCK: '22/12/2026' })).toThrow(/ISO 8601/);
    expect(readConfig({ LANTERN_CLOCK: '2026-12-22T09:00:00Z' }).port).toBe(3000);
  });
});
