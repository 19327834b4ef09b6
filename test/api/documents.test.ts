/**
 * Documents and meeting records through the API, on both databases: an upload comes back byte for byte with its
 * checksum; bad files (wrong type inside a .pdf name, oversize, path tricks in names) are refused with nothing left
 * behind (no row, no stored file, no temporary file); a file altered or removed on disk is reported, never served;
 * versions keep the old ones; visibility by area and practice; full-text search over minutes; append-only history;
 * an overdue action reaches its owner's inbox; every upload, download and edit is audited.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { setClock } from '../../src/domain/clock.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { describeEachDatabase } from '../db/databases.js';
import { call, signIn, TEST_PASSWORD, type TestSession } from './sessions.js';

const LIMIT = 64 * 1024;
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const pdf = (text: string) =>
  Buffer.from(`%PDF-1.4\n% ${text}\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n`);
// the 8-byte PNG signature and an IHDR chunk's start: enough for sniffing
const PNG = Buffer.from([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52,
]);

describeEachDatabase('documents and meetings', (t) => {
  let db: Database;
  let app: FastifyInstance;
  let dir: string;
  const s: Record<string, TestSession> = {};

  const counts = async () =>
    (
      await db.query<{ d: number; v: number }>(
        `SELECT (SELECT count(*)::int FROM documents) AS d, (SELECT count(*)::int FROM document_versions) AS v`,
      )
    )[0]!;
  const stored = () => readdirSync(join(dir, 'objects')).sort();
  const temps = () => readdirSync(join(dir, 'tmp'));
  const upload = (who: string, url: string, body: Buffer, q: Record<string, string>) =>
    call(app, s[who]!, {
      method: 'POST',
      url: `${url}?${new URLSearchParams(q)}`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: body,
    });

  beforeAll(async () => {
    setClock('2026-12-01T09:00:00Z');
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    dir = mkdtempSync(join(tmpdir(), 'lantern-doc-test-'));
    app = await buildServer(db, { rateLimit: false, documents: { dir, maxBytes: LIMIT } });
    const people: Array<[string, string, string | null]> = [
      ['lead', 'commissioner_lead', '9Z1'],
      ['south', 'commissioner_lead', '9Z2'],
      ['p1', 'practice_user', 'Z10001'],
      ['p2', 'practice_user', 'Z10002'],
      ['admin', 'admin', null],
    ];
    for (const [key, role, org] of people) {
      const email = `${key}@test.lantern.invalid`;
      const u = await createLocalUser(db, { email, password: TEST_PASSWORD });
      await addGrant(db, u.id, role as 'admin', org);
      s[key] = await signIn(app, email, role as 'admin');
    }
  });
  afterAll(async () => {
    setClock(null);
    await app?.close();
    await t.dispose(db);
    rmSync(dir, { recursive: true, force: true });
  });

  let pdfId = 0;
  const first = pdf('Locality prescribing review, first draft');

  it('stores an upload under its checksum and gives it back byte for byte (PDF, xlsx by its content types, PNG)', async () => {
    const r = await upload('p1', '/api/areas/9Z1/documents', first, {
      name: 'prescribing review.pdf',
      title: 'Prescribing review',
      summary: 'Antibiotic prescribing across the locality',
    });
    expect(r.statusCode, r.body).toBe(201);
    pdfId = r.json().documentId;
    expect(r.json()).toMatchObject({ version: 1, sha256: sha(first), sizeBytes: first.length });
    expect(stored()).toEqual([sha(first)]);
    expect(readFileSync(join(dir, 'objects', sha(first)))).toEqual(first);
    const d = await call(app, s.lead!, { method: 'GET', url: `/api/documents/${pdfId}/versions/1/file` });
    expect(d.statusCode).toBe(200);
    expect(d.headers['content-type']).toBe('application/pdf');
    expect(d.headers['x-checksum-sha256']).toBe(sha(first));
    expect(d.rawPayload).toEqual(first);

    // a real workbook (exceljs) is a zip whose [Content_Types].xml names a spreadsheet
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Figures').addRow(['practice', 'items']);
    const xlsx = Buffer.from(await wb.xlsx.writeBuffer());
    const x = await upload('lead', '/api/areas/9Z1/documents', xlsx, {
      name: 'figures.xlsx',
      title: 'Figures',
    });
    expect(x.statusCode, x.body).toBe(201);
    const img = await upload('lead', '/api/areas/9Z1/documents', PNG, { name: 'chart', title: 'Chart' });
    expect(img.statusCode, img.body).toBe(201);
    const list = (await call(app, s.p2!, { method: 'GET', url: '/api/areas/9Z1/documents' })).json();
    const types = Object.fromEntries(
      list.documents.map((d: { title: string; contentType: string }) => [d.title, d.contentType]),
    );
    expect(types).toEqual({
      'Prescribing review': 'application/pdf',
      Figures: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      Chart: 'image/png',
    });
  });

  it('refuses bad files and names, leaving no row, no stored file and no temporary file', async () => {
    const before = { rows: await counts(), files: stored() };
    const cases: Array<[string, Buffer, Record<string, string>, number, RegExp]> = [
      [
        'HTML in a .pdf',
        Buffer.from('<!DOCTYPE html><html><script>alert(1)</script></html>'),
        { name: 'report.pdf' },
        400,
        /HTML/,
      ],
      [
        'a program in a .pdf',
        Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 0x90)]),
        { name: 'report.pdf' },
        400,
        /Windows program/,
      ],
      [
        'a zip that is not Office',
        Buffer.from('PK\u0003\u0004 not really a document'),
        { name: 'x.docx' },
        400,
        /zip/,
      ],
      ['a PNG named .pdf', PNG, { name: 'scan.pdf' }, 400, /PNG image/],
      ['empty', Buffer.alloc(0), { name: 'a.pdf' }, 400, /./],
      ['over the limit', pdf('x'.repeat(LIMIT)), { name: 'big.pdf' }, 413, /./],
      ['a path in the name', first, { name: '../../etc/passwd' }, 400, /name/],
      ['a folder in the name', first, { name: 'a/b.pdf' }, 400, /name/],
      ['NUL in the name', first, { name: 'a\u0000.pdf' }, 400, /name/],
      ['a very long name', first, { name: `${'a'.repeat(300)}.pdf` }, 400, /name/],
      [
        'an NHS number in the summary',
        first,
        { name: 'a.pdf', summary: 'About patient 943 476 5919' },
        400,
        /NHS number/,
      ],
    ];
    for (const [what, body, q, status, message] of cases) {
      const r = await upload('p1', '/api/areas/9Z1/documents', body, { title: 'Refused', ...q });
      expect(r.statusCode, `${what}: ${r.body}`).toBe(status);
      expect(r.body, what).toMatch(message);
      expect(await counts(), what).toEqual(before.rows);
      expect(stored(), what).toEqual(before.files);
      expect(temps(), what).toEqual([]);
    }
    // a refused new version leaves the document as it was
    const v = await upload('p1', `/api/documents/${pdfId}/versions`, Buffer.from('<html></html>'), {
      name: 'v2.pdf',
    });
    expect(v.statusCode).toBe(400);
    expect(await counts()).toEqual(before.rows);
    expect(temps()).toEqual([]);
  });

  it('keeps every version: a new one is added, the old one still downloads unchanged', async () => {
    const second = pdf('Locality prescribing review, agreed');
    const r = await upload('lead', `/api/documents/${pdfId}/versions`, second, {
      name: 'review-v2.pdf',
      summary: 'Agreed at the locality meeting',
    });
    expect(r.statusCode, r.body).toBe(201);
    expect(r.json().version).toBe(2);
    const d = (await call(app, s.p2!, { method: 'GET', url: `/api/documents/${pdfId}` })).json();
    expect(d.versions.map((v: { version: number; sha256: string }) => [v.version, v.sha256])).toEqual([
      [1, sha(first)],
      [2, sha(second)],
    ]);
    expect(d.document).toMatchObject({
      version: 2,
      title: 'Prescribing review',
      summary: 'Agreed at the locality meeting',
    });
    const old = await call(app, s.p2!, { method: 'GET', url: `/api/documents/${pdfId}/versions/1/file` });
    expect(old.rawPayload).toEqual(first);
    const now = await call(app, s.p2!, { method: 'GET', url: `/api/documents/${pdfId}/versions/2/file` });
    expect(now.rawPayload).toEqual(second);
  });

  it('links a document only to what exists, and to practices of its own area', async () => {
    const link = (payload: object) =>
      call(app, s.p1!, { method: 'POST', url: `/api/documents/${pdfId}/links`, payload });
    const missing = await link({ kind: 'indicator', target: 'no_such_indicator' });
    expect(missing.statusCode).toBe(400);
    expect(missing.json().detail).toMatch(/no indicator "no_such_indicator"/);
    const elsewhere = await link({ kind: 'practice', target: 'Z10030' });
    expect(elsewhere.statusCode).toBe(400);
    expect(elsewhere.json().detail).toMatch(/not of area 9Z1/);
    const ok = await link({ kind: 'practice', target: 'Z10002' });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().links).toEqual([{ kind: 'practice', target: 'Z10002' }]);
  });

  it('shows a document only to members of its area, and a practice-only one only to that practice and the team', async () => {
    const r = await upload('lead', '/api/areas/9Z1/documents', pdf('visit notes'), {
      name: 'visit.pdf',
      title: 'Visit notes for one practice',
      visibility: 'practice',
      practice: 'Z10001',
    });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().documentId;
    const titles = async (who: string) =>
      (await call(app, s[who]!, { method: 'GET', url: '/api/areas/9Z1/documents' }))
        .json()
        .documents.map((d: { title: string }) => d.title);
    expect(await titles('p1')).toContain('Visit notes for one practice');
    expect(await titles('lead')).toContain('Visit notes for one practice');
    expect(await titles('p2')).not.toContain('Visit notes for one practice');
    expect((await call(app, s.p2!, { method: 'GET', url: `/api/documents/${id}` })).statusCode).toBe(404);
    expect(
      (await call(app, s.p2!, { method: 'GET', url: `/api/documents/${id}/versions/1/file` })).statusCode,
    ).toBe(404);
    // another area's commissioner sees neither the list nor the documents
    expect((await call(app, s.south!, { method: 'GET', url: '/api/areas/9Z1/documents' })).statusCode).toBe(
      403,
    );
    expect((await call(app, s.south!, { method: 'GET', url: `/api/documents/${pdfId}` })).statusCode).toBe(
      404,
    );
    expect(
      (await call(app, s.south!, { method: 'GET', url: `/api/documents/${pdfId}/versions/1/file` }))
        .statusCode,
    ).toBe(404);
    // a practice user cannot share with another practice only, nor with the commissioner team only
    const other = await upload('p1', '/api/areas/9Z1/documents', pdf('x'), {
      name: 'x.pdf',
      title: 'x',
      visibility: 'practice',
      practice: 'Z10002',
    });
    expect(other.statusCode).toBe(403);
    const team = await upload('p1', '/api/areas/9Z1/documents', pdf('x'), {
      name: 'x.pdf',
      title: 'x',
      visibility: 'commissioners',
    });
    expect(team.statusCode).toBe(403);
  });

  it('reports a file altered or missing on disk: the download refuses it, verify lists it', async () => {
    const a = pdf('to be altered');
    const m = pdf('to be removed');
    const ra = await upload('lead', '/api/areas/9Z1/documents', a, { name: 'a.pdf', title: 'Altered' });
    const rm = await upload('lead', '/api/areas/9Z1/documents', m, { name: 'm.pdf', title: 'Missing' });
    writeFileSync(join(dir, 'objects', sha(a)), Buffer.concat([a, Buffer.from('tampered')]));
    unlinkSync(join(dir, 'objects', sha(m)));
    const da = await call(app, s.lead!, {
      method: 'GET',
      url: `/api/documents/${ra.json().documentId}/versions/1/file`,
    });
    expect(da.statusCode).toBe(500);
    expect(da.json().detail).toMatch(/altered on disk: it no longer matches its checksum/);
    const dm = await call(app, s.lead!, {
      method: 'GET',
      url: `/api/documents/${rm.json().documentId}/versions/1/file`,
    });
    expect(dm.statusCode).toBe(500);
    expect(dm.json().detail).toMatch(/missing from the storage folder/);
    const v = await call(app, s.admin!, { method: 'GET', url: '/api/documents/verify' });
    expect(v.statusCode).toBe(200);
    const problems = v
      .json()
      .problems.map((p: { sha256: string; problem: string; versions: unknown }) => [
        p.sha256,
        p.problem,
        p.versions,
      ]);
    expect(problems.sort()).toEqual(
      [
        [sha(a), 'altered', [{ documentId: ra.json().documentId, version: 1 }]],
        [sha(m), 'missing', [{ documentId: rm.json().documentId, version: 1 }]],
      ].sort(),
    );
    expect((await call(app, s.lead!, { method: 'GET', url: '/api/documents/verify' })).statusCode).toBe(403);
  });

  let meetingId = 0;
  const meeting = {
    title: 'Locality quality meeting',
    heldOn: '2026-11-20',
    attendees: ['Commissioner lead', 'Practice manager', 'GP partner'],
    agenda: 'Prescribing; access',
    minutes: 'The group discussed the spirometry audits and the backlog of reviews.',
    decisions: ['Adopt the prescribing review'],
    actions: [
      {
        description: 'Send the audit results',
        ownerOrg: 'Z10001',
        ownerRole: 'Practice manager',
        dueOn: '2026-11-25',
      },
      {
        description: 'Book the next meeting',
        ownerOrg: '9Z1',
        ownerRole: 'Commissioner lead',
        dueOn: '2027-01-10',
      },
    ],
    links: [{ kind: 'practice', target: 'Z10001' }],
  };

  it('records a meeting found by a word of its minutes (full-text search, stemmed), not by others', async () => {
    const r = await call(app, s.lead!, { method: 'POST', url: '/api/areas/9Z1/meetings', payload: meeting });
    expect(r.statusCode, r.body).toBe(201);
    meetingId = r.json().meetingId;
    const search = async (q: string) =>
      (await call(app, s.p2!, { method: 'GET', url: `/api/areas/9Z1/meetings?q=${encodeURIComponent(q)}` }))
        .json()
        .meetings.map((m: { meetingId: number }) => m.meetingId);
    expect(await search('spirometry')).toEqual([meetingId]);
    expect(await search('audit')).toEqual([meetingId]); // "audits" in the minutes
    expect(await search('prescribing review')).toEqual([meetingId]); // a decision
    expect(await search('vaccination')).toEqual([]);
    const docs = (
      await call(app, s.p2!, { method: 'GET', url: '/api/areas/9Z1/documents?q=antibiotic' })
    ).json();
    expect(docs.documents.map((d: { documentId: number }) => d.documentId)).toEqual([]); // v2's summary replaced it
    const docs2 = (
      await call(app, s.p2!, { method: 'GET', url: '/api/areas/9Z1/documents?q=locality' })
    ).json();
    expect(docs2.documents.map((d: { documentId: number }) => d.documentId)).toEqual([pdfId]);
    // an action's owner must be of the area; an NHS number in the minutes is refused
    const bad = await call(app, s.lead!, {
      method: 'POST',
      url: '/api/areas/9Z1/meetings',
      payload: { ...meeting, actions: [{ ...meeting.actions[0], ownerOrg: 'Z10030' }] },
    });
    expect(bad.statusCode).toBe(400);
    const nhs = await call(app, s.lead!, {
      method: 'POST',
      url: '/api/areas/9Z1/meetings',
      payload: { ...meeting, minutes: 'Patient 9434765919 discussed' },
    });
    expect(nhs.statusCode).toBe(400);
    expect(nhs.body).toMatch(/NHS number/);
  });

  it('keeps the history append-only: an edit is a new version, a status an event; rows cannot be changed', async () => {
    const r = await call(app, s.lead!, {
      method: 'POST',
      url: `/api/meetings/${meetingId}/versions`,
      payload: { ...meeting, minutes: 'Corrected minutes.', actions: [], links: [] },
    });
    expect(r.statusCode, r.body).toBe(201);
    const m = (await call(app, s.p1!, { method: 'GET', url: `/api/meetings/${meetingId}` })).json();
    expect(m.versions.map((v: { version: number; minutes: string }) => [v.version, v.minutes])).toEqual([
      [1, meeting.minutes],
      [2, 'Corrected minutes.'],
    ]);
    expect(m.actions).toHaveLength(2);
    expect(m.links).toEqual([{ kind: 'practice', target: 'Z10001' }]);
    const actionId = m.actions[1].id;
    const done = await call(app, s.lead!, {
      method: 'POST',
      url: `/api/meeting-actions/${actionId}/status`,
      payload: { status: 'done', note: 'Booked' },
    });
    expect(done.statusCode, done.body).toBe(200);
    expect(done.json()).toMatchObject({ status: 'done', history: [{ status: 'done', note: 'Booked' }] });
    for (const sql of [
      `UPDATE meeting_versions SET minutes = 'x' WHERE meeting_id = ${meetingId}`,
      `DELETE FROM meeting_action_events`,
      `UPDATE document_versions SET title = 'x'`,
      `DELETE FROM documents`,
    ])
      await expect(db.query(sql), sql).rejects.toThrow(/append-only/);
  });

  it('puts an overdue action in its owner’s inbox, not in another practice’s', async () => {
    const inbox = async (who: string) =>
      (await call(app, s[who]!, { method: 'GET', url: '/api/alerts?kind=action_overdue' })).json().alerts;
    const mine = await inbox('p1');
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'action_overdue', practiceCode: 'Z10001' });
    expect(mine[0].message).toMatch(/Send the audit results/);
    expect(mine[0].message).toMatch(/due 2026-11-25/);
    expect(await inbox('p2')).toEqual([]);
    // the commissioner team's own action is not yet due (2027-01-10) and is done: nothing for the area itself
    expect((await inbox('lead')).map((a: { practiceCode: string }) => a.practiceCode)).toEqual(['Z10001']);
    // raised once, however often the inbox is read
    expect(await inbox('p1')).toHaveLength(1);
  });

  it('audits every upload (accepted and refused), download, edit and status change', async () => {
    const rows = await db.query<{ action: string; outcome: string; n: number }>(
      `SELECT action, outcome, count(*)::int AS n FROM audit_log
        WHERE action LIKE 'documents.%' OR action LIKE 'meetings.%' GROUP BY action, outcome ORDER BY action, outcome`,
    );
    const got = Object.fromEntries(rows.map((r) => [`${r.action} ${r.outcome}`, r.n]));
    expect(got).toMatchObject({
      'documents.upload success': 7,
      'documents.download success': 3,
      'documents.download failure': 2,
      'documents.verify success': 1,
      'meetings.record success': 1,
      'meetings.edit success': 1,
      'meetings.action_status success': 1,
      'documents.link success': 1,
    });
    // refused files: each refused for its content (type, emptiness, a name contradicting it), with its name; the
    // oversize body is refused by the server before any route, and bad names by the input schema
    const refused = await db.query<{ details: { name: string; reason: string } }>(
      `SELECT details FROM audit_log WHERE action = 'documents.upload' AND outcome = 'refused' ORDER BY seq`,
    );
    expect(refused.map((r) => r.details.name)).toEqual([
      'report.pdf',
      'report.pdf',
      'x.docx',
      'scan.pdf',
      'a.pdf',
      'v2.pdf',
    ]);
    expect(refused[0]!.details.reason).toMatch(/HTML/);
  });
});
