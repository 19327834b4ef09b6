/**
 * Alerts and digests by email, on both databases, through a real SMTP server started here on a free local port
 * (smtp-server; never the network): an immediate subscriber gets each new alert about the practices they cover,
 * linking back to the inbox filtered to it and carrying no concern text or NHS number; a weekly subscriber gets one
 * digest of their unread alerts and nothing immediate; an 'off' user gets nothing; a message with an NHS number in
 * it is refused before it is queued; a send the relay refuses is recorded, retried after the back-off and delivered
 * once; two senders deliver each message once; the preference route's access and validation.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { SMTPServer } from 'smtp-server';
import { openDatabase, type Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { computeResults } from '../../src/variation/compute.js';
import { raiseAlerts } from '../../src/alerts/service.js';
import { createConcern } from '../../src/concerns/concerns.js';
import { PatientKeys, syntheticNhsNumber, validNhsNumber } from '../../src/concerns/nhs-number.js';
import { searchAudit } from '../../src/auth/audit.js';
import { ROLES, type Role } from '../../src/domain/roles.js';
import { createMailer, MAX_ATTEMPTS, sendDue } from '../../src/email/sender.js';
import { queueAlertEmails, queueWeeklyDigests, weekOf } from '../../src/email/queue.js';
import { alertMessage, PatientDataInMessage } from '../../src/email/compose.js';
import type { EmailSettings } from '../../src/email/settings.js';
import { readConfig } from '../../src/config/env.js';
import { mulberry32 } from '../../src/stats/random.js';
import { TIER_LABEL } from '../../src/variation/rules.js';
import { describeEachDatabase, PG_URL } from '../db/databases.js';
import { ANON, call, createRoleUser, signIn, type TestSession } from './sessions.js';

interface Received {
  to: string;
  subject: string;
  text: string;
  messageId: string;
}

/** Decode what nodemailer wrote: RFC 2047 encoded words in the subject; quoted-printable or base64 text. */
function parseMail(raw: string, to: string): Received {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers = new Map<string, string>();
  for (const line of head!.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const i = line.indexOf(':');
    headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
  }
  const words = (s: string) =>
    s
      .replace(/\?=\s+=\?/g, '?==?')
      .replace(/=\?utf-8\?([QB])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
        enc.toUpperCase() === 'B'
          ? Buffer.from(data, 'base64').toString('utf8')
          : qp(data.replace(/_/g, ' ')),
      );
  const qp = (s: string) =>
    Buffer.from(
      s
        .replace(/=\r?\n/g, '')
        .replace(/=([0-9A-F]{2})/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16))),
      'latin1',
    ).toString('utf8');
  const body = rest.join('\n\n');
  const cte = headers.get('content-transfer-encoding')?.toLowerCase();
  const text =
    cte === 'quoted-printable'
      ? qp(body)
      : cte === 'base64'
        ? Buffer.from(body, 'base64').toString('utf8')
        : body;
  return {
    to,
    subject: words(headers.get('subject') ?? ''),
    text: text.replace(/\r\n/g, '\n'),
    messageId: headers.get('message-id') ?? '',
  };
}

const PUBLIC_URL = 'https://lantern.test.invalid';

describeEachDatabase('email', (t) => {
  let db: Database;
  let app: FastifyInstance;
  let smtp: SMTPServer;
  let settings: EmailSettings;
  const received: Received[] = [];
  /** while true, the relay refuses every message with a temporary failure (451) */
  let refusing = false;
  const sessions = new Map<Role, TestSession>();
  const userId = new Map<Role, number>();
  const emailOf = (role: Role) => `${role}@test.lantern.invalid`;
  const keys = PatientKeys.random();
  const concernNumber = syntheticNhsNumber(mulberry32(18));
  const concernText = 'Discharge letter never reached the surgery for the lantern-email-probe patient.';
  const inOrgName = '943 476 5919';
  let clock = Date.now();
  const later = (ms: number) => new Date((clock += ms));

  const outbox = (where = 'true', args: unknown[] = []) =>
    db.query<{
      id: number;
      userId: number;
      kind: string;
      alertId: number | null;
      status: string;
      attempts: number;
      lastError: string | null;
      subject: string;
      body: string;
    }>(
      `SELECT id, user_id AS "userId", kind, alert_id AS "alertId", status, attempts, last_error AS "lastError",
              subject, body FROM email_outbox WHERE ${where} ORDER BY id`,
      args,
    );

  beforeAll(async () => {
    smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, done) {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          if (refusing)
            return done(Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 }));
          const raw = Buffer.concat(chunks).toString('utf8');
          for (const r of session.envelope.rcptTo) received.push(parseMail(raw, r.address));
          done();
        });
      },
    });
    await new Promise<void>((ready) => smtp.listen(0, '127.0.0.1', ready));
    settings = {
      smtp: { host: '127.0.0.1', port: (smtp.server.address() as AddressInfo).port, secure: false },
      from: 'Lantern <lantern@test.lantern.invalid>',
      publicUrl: PUBLIC_URL,
      intervalSeconds: 3600,
    };
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    // the main server has no relay: email is off there, and the senders are called directly below
    app = await buildServer(db, { rateLimit: false, patientKeys: keys });
    for (const role of ROLES) {
      userId.set(role, (await createRoleUser(db, role)).id);
      sessions.set(role, await signIn(app, emailOf(role), role));
    }
    // a concern about the practice, with an NHS number: nothing of it may reach an email
    await createConcern(
      db,
      keys,
      { userId: null, email: 'test@test.lantern.invalid', role: null },
      {
        provider: 'RZ1',
        category: 'clinic_letter_late',
        harm: 'no_harm',
        description: concernText,
        eventDate: '2024-01-10',
        practice: 'Z10001',
        nhsNumber: concernNumber,
        submit: true,
      },
    );
    // practices' latest value of a proportion indicator made far higher than expected (as a newer load would):
    // Z10001 (the practice user's), and Z10030 (outside 9Z1) whose name is made to hold an NHS number
    const [ind] = await db.query<{ code: string; period: string }>(
      `SELECT v.indicator_code AS code, max(v.period_start) AS period FROM indicator_values v
         JOIN indicators d ON d.code = v.indicator_code AND d.method = 'proportion' AND d.org_type = 'practice'
        WHERE v.current AND v.numerator IS NOT NULL GROUP BY v.indicator_code
       HAVING count(DISTINCT v.period_start) > 1 ORDER BY 1 LIMIT 1`,
    );
    await db.query(
      `UPDATE indicator_values SET numerator = round(denominator * 0.995), value = round(denominator * 0.995) / denominator * 100
        WHERE indicator_code = $1 AND period_start = $2 AND current AND org_code IN ('Z10001', 'Z10030')`,
      [ind!.code, ind!.period],
    );
    await db.query(`UPDATE organisations SET name = $1 WHERE code = 'Z10030'`, [`Surgery ${inOrgName}`]);
    await computeResults(db);
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    await new Promise<void>((done) => (smtp ? smtp.close(() => done()) : done()));
    if (db) await t.dispose(db);
  });

  const put = (role: Role, payload: Record<string, unknown>) =>
    call(app, sessions.get(role)!, { method: 'PUT', url: '/api/alerts/email', payload });

  it('the preference is off by default, chosen per user, validated, and each change audited', async () => {
    const first = await call(app, sessions.get('practice_user')!, {
      method: 'GET',
      url: '/api/alerts/email',
    });
    expect(first.json()).toEqual({ mode: 'off', enabled: false });
    // the immediate and weekly subscribers, and a user who chose immediate then went back to off
    expect((await put('practice_user', { mode: 'immediate' })).json()).toEqual({
      mode: 'immediate',
      enabled: false,
    });
    expect((await put('admin', { mode: 'immediate' })).statusCode).toBe(200);
    expect((await put('commissioner_analyst', { mode: 'weekly' })).statusCode).toBe(200);
    expect((await put('commissioner_lead', { mode: 'immediate' })).statusCode).toBe(200);
    expect((await put('commissioner_lead', { mode: 'off' })).statusCode).toBe(200);
    const got = await call(app, sessions.get('practice_user')!, { method: 'GET', url: '/api/alerts/email' });
    expect(got.json().mode).toBe('immediate');
    const audit = await searchAudit(db, { action: 'account.email_preference', limit: 50 });
    const lead = audit.filter((a) => a.actor === emailOf('commissioner_lead')).map((a) => a.details);
    expect(lead.reverse()).toEqual([
      { from: 'off', to: 'immediate' },
      { from: 'immediate', to: 'off' },
    ]);
    // validation: the field and the value are named; nothing changes
    const bad = await put('practice_user', { mode: 'hourly' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().detail).toMatch(/mode/);
    expect(bad.json().detail).toMatch(/hourly/);
    expect((await put('practice_user', {})).statusCode).toBe(400);
    expect((await put('practice_user', { mode: 'off', extra: 1 })).statusCode).toBe(400);
    // without the CSRF token, refused
    const noCsrf = await app.inject({
      method: 'PUT',
      url: '/api/alerts/email',
      cookies: sessions.get('practice_user')!.cookies,
      payload: { mode: 'off' },
    });
    expect(noCsrf.statusCode).toBe(403);
    expect(
      (await call(app, sessions.get('practice_user')!, { method: 'GET', url: '/api/alerts/email' })).json()
        .mode,
    ).toBe('immediate');
  });

  it('the preference routes answer those with an inbox only (anonymous 401, other roles 403)', async () => {
    const inbox: readonly Role[] = ['admin', 'commissioner_lead', 'commissioner_analyst', 'practice_user'];
    for (const who of ['anonymous', ...ROLES] as const) {
      const s = who === 'anonymous' ? ANON : sessions.get(who)!;
      const get = await call(app, s, { method: 'GET', url: '/api/alerts/email' });
      // PUT with the user's current choice, so the probe changes nothing
      const current = get.statusCode === 200 ? get.json().mode : 'off';
      const set = await call(app, s, { method: 'PUT', url: '/api/alerts/email', payload: { mode: current } });
      const expected = who === 'anonymous' ? 401 : inbox.includes(who) ? 200 : 403;
      expect([who, get.statusCode, set.statusCode]).toEqual([who, expected, expected]);
    }
  });

  it('a message naming an NHS number is refused before it is queued', () => {
    expect(validNhsNumber(inOrgName)).not.toBeNull();
    const facts = {
      kind: 'limit_crossed' as const,
      practiceCode: 'Z10030',
      indicatorCode: 'x',
      indicatorTitle: 'An indicator',
      periodStart: '2024-01-01',
    };
    expect(() => alertMessage({ ...facts, practiceName: `Surgery ${inOrgName}` })).toThrow(
      PatientDataInMessage,
    );
    // a ten-digit number failing the check is not an NHS number
    expect(alertMessage({ ...facts, practiceName: 'Surgery 943 476 5918' }).subject).toMatch(/Surgery/);
  });

  it('new alerts are queued with the alert for immediate subscribers only, refused where a name holds an NHS number, and a refused send is retried and delivered once', async () => {
    const report = await raiseAlerts(db);
    expect(report.limitCrossings).toBeGreaterThan(0);
    const alerts = await db.query<{ id: number; practice: string }>(
      'SELECT id, practice_code AS practice FROM alerts ORDER BY id',
    );
    const about = (p: string) => alerts.filter((a) => a.practice === p).map((a) => a.id);
    expect(about('Z10001').length).toBeGreaterThan(0);
    expect(about('Z10030').length).toBeGreaterThan(0);
    const rows = await outbox();
    const idsFor = (role: Role, status?: string) =>
      rows
        .filter((r) => r.userId === userId.get(role) && (!status || r.status === status))
        .map((r) => r.alertId)
        .sort((a, b) => a! - b!);
    // the practice user: the alerts about their practice; the administrator: every alert
    expect(idsFor('practice_user')).toEqual(about('Z10001'));
    expect(idsFor('admin')).toEqual(alerts.map((a) => a.id));
    // nothing for the weekly subscriber, the user who chose off, or anyone who never chose
    expect(new Set(rows.map((r) => r.userId))).toEqual(
      new Set([userId.get('practice_user'), userId.get('admin')]),
    );
    expect(rows.every((r) => r.kind === 'alert')).toBe(true);
    // the Z10030 message is refused and recorded without a body; the alert itself was raised
    expect(idsFor('admin', 'refused')).toEqual(about('Z10030'));
    for (const r of rows.filter((x) => x.status === 'refused')) {
      expect([r.subject, r.body]).toEqual(['', '']);
      expect(r.lastError).toMatch(/NHS number/);
    }

    // the relay refuses (451): each attempt recorded, tried again only after the back-off
    const mailer = createMailer(settings);
    const send = (at: Date) => sendDue(db, mailer, { from: settings.from, publicUrl: PUBLIC_URL, now: at });
    const queued = rows.filter((r) => r.status === 'queued').length;
    clock = Date.now() + 1000;
    refusing = true;
    expect(await send(later(0))).toEqual({ sent: 0, retrying: queued, failed: 0, refused: 0, expired: 0 });
    expect(received).toEqual([]);
    for (const r of await outbox(`status = 'queued'`)) {
      expect(r.attempts).toBe(1);
      expect(r.lastError).toMatch(/451/);
    }
    expect(await send(later(30_000))).toEqual({ sent: 0, retrying: 0, failed: 0, refused: 0, expired: 0 });
    refusing = false;
    expect(await send(later(31_000))).toEqual({
      sent: queued,
      retrying: 0,
      failed: 0,
      refused: 0,
      expired: 0,
    });
    expect(await send(later(3_600_000))).toEqual({ sent: 0, retrying: 0, failed: 0, refused: 0, expired: 0 });
    const sent = await outbox(`status = 'sent'`);
    expect(sent.length).toBe(queued);
    expect(sent.every((r) => r.attempts === 2 && r.lastError === null)).toBe(true);
    // delivered once each
    expect(received.length).toBe(queued);
    expect(new Set(received.map((m) => m.messageId)).size).toBe(queued);
  });

  it('an alert email names the alert, links back to the inbox showing it, and carries no concern text, NHS number or figure', async () => {
    const mine = received.filter((m) => m.to === emailOf('practice_user'));
    const alerts = await db.query<{
      id: number;
      kind: string;
      indicator: string | null;
      details: Record<string, unknown>;
    }>(
      `SELECT id, kind, indicator_code AS indicator, details FROM alerts WHERE practice_code = 'Z10001' ORDER BY id`,
    );
    expect(mine.length).toBe(alerts.length);
    const [{ name }] = await db.query<{ name: string }>(
      `SELECT name FROM organisations WHERE code = 'Z10001'`,
    );
    for (const m of mine) {
      expect(m.subject).toContain('Lantern alert');
      expect(m.subject).toContain(`${name} (Z10001)`);
      expect(m.text).not.toContain(concernText.slice(0, 30));
      expect(m.text.replace(/\D/g, '')).not.toContain(concernNumber.replace(/\D/g, ''));
      expect(m.text).toContain(`${PUBLIC_URL}/practices/Z10001`);
    }
    // each alert's link opens the inbox filtered to it: followed as the recipient, the alert is there
    for (const a of alerts) {
      const links = mine
        .flatMap((m) =>
          [...m.text.matchAll(/https:\/\/lantern\.test\.invalid(\/inbox\?\S+)/g)].map((x) => x[1]!),
        )
        .filter((l) => new URLSearchParams(l.split('?')[1]).get('kind') === a.kind);
      const shown = [];
      for (const l of links) {
        const r = await call(app, sessions.get('practice_user')!, {
          method: 'GET',
          url: `/api${l.replace('/inbox', '/alerts')}`,
        });
        shown.push(...r.json().alerts.map((x: { id: number }) => x.id));
      }
      expect(shown).toContain(a.id);
    }
    // no figure: no number with a decimal point but the name of the limit
    for (const m of mine) expect(m.text.replaceAll('99.8%', '')).not.toMatch(/\d\.\d/);
    // nothing reached the users who chose weekly or off, or who never chose
    expect(new Set(received.map((m) => m.to))).toEqual(new Set([emailOf('practice_user'), emailOf('admin')]));
  });

  it('the weekly digest: one message per weekly subscriber with their unread alerts, queued once a week', async () => {
    const analyst = sessions.get('commissioner_analyst')!;
    // one alert read: the digest leaves it out
    const inbox = (await call(app, analyst, { method: 'GET', url: '/api/alerts' })).json();
    expect(inbox.alerts.length).toBeGreaterThan(1);
    const read = inbox.alerts[0].id;
    await call(app, analyst, { method: 'POST', url: '/api/alerts/read', payload: { ids: [read] } });
    // independently: alerts about the practices of 9Z1 (Z10001–Z10018) that this user has not read
    const unread = await db.query<{ id: number; practice: string; kind: string }>(
      `SELECT id, practice_code AS practice, kind FROM alerts WHERE practice_code BETWEEN 'Z10001' AND 'Z10018'
          AND id NOT IN (SELECT alert_id FROM alert_reads WHERE user_id = $1) ORDER BY id`,
      [userId.get('commissioner_analyst')],
    );
    expect(unread.length).toBeGreaterThan(0);
    const at = later(60_000);
    const before = received.length;
    const first = await queueWeeklyDigests(db, { now: at });
    expect(first).toMatchObject({ week: weekOf(at), queued: 1, before: 0, refused: 0 });
    // again in the same week: nothing more
    expect(await queueWeeklyDigests(db, { now: later(3_600_000) })).toMatchObject({ queued: 0, before: 1 });
    const mailer = createMailer(settings);
    expect(
      (await sendDue(db, mailer, { from: settings.from, publicUrl: PUBLIC_URL, now: later(0) })).sent,
    ).toBe(1);
    const digest = received.slice(before);
    expect(digest.map((m) => m.to)).toEqual([emailOf('commissioner_analyst')]);
    const m = digest[0]!;
    expect(m.subject).toBe(
      `Lantern: ${unread.length} unread alert${unread.length === 1 ? '' : 's'} this week`,
    );
    const items = m.text.split('\n').filter((l) => /^\d+\. /.test(l));
    expect(items.length).toBe(unread.length);
    for (const a of unread) expect(m.text).toContain(`practice=${a.practice}`);
    expect(m.text).toContain(`${PUBLIC_URL}/inbox?status=unread`);
    expect(m.text).not.toContain(concernText.slice(0, 30));
    // the weekly subscriber never had an immediate message
    expect((await outbox('user_id = $1', [userId.get('commissioner_analyst')])).map((r) => r.kind)).toEqual([
      'digest',
    ]);
  });

  it('a message that keeps failing is given up after the last attempt, with its error', async () => {
    const [a] = await db.query<{ id: number }>(
      `SELECT id FROM alerts WHERE practice_code = 'Z10001' LIMIT 1`,
    );
    const lead = userId.get('commissioner_lead')!;
    await queueAlertEmails(
      db,
      a!.id,
      {
        kind: 'cusum',
        practiceCode: 'Z10001',
        practiceName: null,
        indicatorCode: null,
        indicatorTitle: null,
        periodStart: null,
      },
      [{ userId: lead, email: emailOf('commissioner_lead'), practices: null }],
      later(0).toISOString(),
    );
    await db.query(`UPDATE email_outbox SET attempts = $2 WHERE user_id = $1`, [lead, MAX_ATTEMPTS - 1]);
    const broken = { sendMail: () => Promise.reject(new Error('connection refused')) };
    const r = await sendDue(db, broken, { from: settings.from, publicUrl: PUBLIC_URL, now: later(1000) });
    expect(r).toMatchObject({ sent: 0, failed: 1, retrying: 0 });
    const [row] = await outbox('user_id = $1', [lead]);
    expect(row).toMatchObject({ status: 'failed', attempts: MAX_ATTEMPTS });
    expect(row!.lastError).toMatch(/connection refused/);
  });

  it('two senders running together deliver each message once', async () => {
    // 12 messages: three alerts for four more accounts
    const users = await db.query<{ id: number; email: string }>(
      `INSERT INTO users (email) SELECT 'bulk' || n || '@test.lantern.invalid' FROM generate_series(1, 4) n RETURNING id, email`,
    );
    const alerts = await db.query<{ id: number }>(`SELECT id FROM alerts ORDER BY id LIMIT 3`);
    expect(alerts.length).toBe(3);
    for (const a of alerts)
      await queueAlertEmails(
        db,
        a.id,
        {
          kind: 'cusum',
          practiceCode: 'Z10004',
          practiceName: `Practice of alert ${a.id}`,
          indicatorCode: null,
          indicatorTitle: null,
          periodStart: null,
        },
        users.map((u) => ({ userId: u.id, email: u.email, practices: null })),
        later(0).toISOString(),
      );
    // on PostgreSQL the second sender has its own connections, as a second process would
    let other: Database = db;
    if (db.kind === 'postgres') {
      const [{ name }] = await db.query<{ name: string }>('SELECT current_database() AS name');
      const url = new URL(PG_URL!);
      url.pathname = `/${name}`;
      other = await openDatabase({ databaseUrl: url.toString(), migrate: false });
    }
    const before = received.length;
    try {
      const at = later(1000);
      const o = { from: settings.from, publicUrl: PUBLIC_URL, now: at, batch: 2 };
      const [x, y] = await Promise.all([
        sendDue(db, createMailer(settings), o),
        sendDue(other, createMailer(settings), o),
      ]);
      expect(x.sent + y.sent).toBe(12);
      expect(x.sent).toBeGreaterThan(0);
      expect(y.sent).toBeGreaterThan(0);
    } finally {
      if (other !== db) await other.close();
    }
    const got = received.slice(before);
    expect(got.length).toBe(12);
    expect(new Set(got.map((m) => m.messageId)).size).toBe(12);
    expect(new Set(got.map((m) => `${m.to} ${m.subject}`)).size).toBe(12);
    expect((await outbox(`status = 'queued'`)).length).toBe(0);
  });

  it('a server with a relay says email is on and sends on its interval, and stops when closed', async () => {
    const lead = userId.get('commissioner_lead')!;
    const [a] = await db.query<{ id: number }>(`SELECT id FROM alerts ORDER BY id DESC LIMIT 1`);
    const queued = await queueAlertEmails(
      db,
      a!.id,
      {
        kind: 'cusum',
        practiceCode: 'Z10004',
        practiceName: 'Interval probe',
        indicatorCode: null,
        indicatorTitle: null,
        periodStart: null,
      },
      [{ userId: lead, email: emailOf('commissioner_lead'), practices: null }],
      new Date().toISOString(),
    );
    expect(queued).toEqual({ queued: 1, refused: 0 });
    const before = received.length;
    const toLead = () => received.slice(before).filter((m) => m.to === emailOf('commissioner_lead'));
    const withRelay = await buildServer(db, { rateLimit: false, email: { settings, intervalMs: 20 } });
    try {
      const s = await signIn(withRelay, emailOf('practice_user'), 'practice_user');
      expect((await call(withRelay, s, { method: 'GET', url: '/api/alerts/email' })).json()).toEqual({
        mode: 'immediate',
        enabled: true,
      });
      for (let i = 0; i < 100 && toLead().length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    } finally {
      await withRelay.close();
    }
    expect(toLead().map((m) => m.subject)).toEqual([
      'Lantern alert: Sustained shift (CUSUM) – Interval probe (Z10004)',
    ]);
  });
});

describe('email settings', () => {
  const base = { LANTERN_DATA_DIR: '/tmp/lantern-email-settings' };
  it('no relay: email is off', () => {
    expect(readConfig(base).email).toBeNull();
  });
  it('a relay URL gives host, port, TLS and credentials; the From address and public URL are required', () => {
    const env = {
      ...base,
      LANTERN_SMTP_URL: 'smtps://mailer%40icb:p%2Fss@relay.example',
      LANTERN_MAIL_FROM: 'Lantern <lantern@icb.example>',
      LANTERN_PUBLIC_URL: 'https://lantern.icb.example/',
    };
    expect(readConfig(env).email).toEqual({
      smtp: { host: 'relay.example', port: 465, secure: true, auth: { user: 'mailer@icb', pass: 'p/ss' } },
      from: 'Lantern <lantern@icb.example>',
      publicUrl: 'https://lantern.icb.example',
      intervalSeconds: 60,
    });
    expect(() => readConfig({ ...env, LANTERN_MAIL_FROM: '' })).toThrow(/LANTERN_MAIL_FROM/);
    expect(() => readConfig({ ...env, LANTERN_PUBLIC_URL: 'lantern' })).toThrow(
      /LANTERN_PUBLIC_URL.*"lantern"/,
    );
    expect(() => readConfig({ ...env, LANTERN_SMTP_URL: 'http://relay' })).toThrow(/smtp:\/\//);
  });
  it('a relay by host: port 587 and no credentials unless a user is named, who then needs a password', () => {
    const env = {
      ...base,
      LANTERN_SMTP_HOST: 'relay.example',
      LANTERN_MAIL_FROM: 'lantern@icb.example',
      LANTERN_PUBLIC_URL: 'http://localhost:3000',
    };
    expect(readConfig(env).email?.smtp).toEqual({ host: 'relay.example', port: 587, secure: false });
    expect(() => readConfig({ ...env, LANTERN_SMTP_USER: 'u' })).toThrow(/LANTERN_SMTP_PASSWORD/);
    expect(() => readConfig({ ...env, LANTERN_SMTP_PORT: 'x' })).toThrow(/LANTERN_SMTP_PORT.*"x"/);
  });
});

it('a digest week starts on Monday (UTC)', () => {
  // 30 November 2026 is a Monday
  expect(weekOf(new Date('2026-11-30T00:00:00Z'))).toBe('2026-11-30');
  expect(weekOf(new Date('2026-12-06T23:59:59Z'))).toBe('2026-11-30');
  expect(weekOf(new Date('2026-12-07T00:00:00Z'))).toBe('2026-12-07');
});

it('a tier change names both tiers; a field cannot add a line or a header', () => {
  const m = alertMessage({
    kind: 'tier_change',
    practiceCode: 'Z10001',
    practiceName: 'A practice\r\nBcc: someone@example.invalid',
    indicatorCode: null,
    indicatorTitle: null,
    periodStart: null,
    tierFrom: 'doing_well',
    tierTo: 'below_the_line',
  });
  expect(m.body).toContain(`Tier: from “${TIER_LABEL.doing_well}” to “${TIER_LABEL.below_the_line}”`);
  expect(m.subject).toBe('Lantern alert: Tier changed – A practice Bcc: someone@example.invalid (Z10001)');
  expect(m.body.split('\n').filter((l) => l.startsWith('Bcc'))).toEqual([]);
  expect(m.body).toContain('{{LANTERN_PUBLIC_URL}}/inbox?kind=tier_change&practice=Z10001');
});
