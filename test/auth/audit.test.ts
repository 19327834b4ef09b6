/** The audit chain: appends are numbered and chained; editing, deleting or reordering any entry is detected. */
import { afterEach, beforeEach, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Database } from '../../src/db/connect.js';
import { appendAudit, canonicalJson, verifyAudit } from '../../src/auth/audit.js';
import { describeEachDatabase } from '../db/databases.js';

const entry = (i: number) => ({
  actorUserId: i,
  actor: `user${i}@test.lantern.invalid`,
  role: 'commissioner_analyst',
  action: 'data.upload',
  target: `load:${i}`,
  outcome: 'success' as const,
  details: { values: { inserted: i, superseded: 0 }, file: `upload/f${i}.csv`, note: 'zürich — "quoted", €' },
  ip: '127.0.0.1',
});

/** Tampering needs the table owner to switch off the append-only trigger first, as an attacker with DB access would. */
async function tamper(db: Database, sql: string, params: unknown[] = []) {
  await db.query('ALTER TABLE audit_log DISABLE TRIGGER USER');
  await db.query(sql, params);
  await db.query('ALTER TABLE audit_log ENABLE TRIGGER USER');
}

describeEachDatabase('audit trail', (t) => {
  let db: Database;
  beforeEach(async () => {
    db = await t.open();
    for (let i = 1; i <= 6; i++) await appendAudit(db, entry(i));
  });
  afterEach(() => t.dispose(db));

  it('an untouched chain verifies, numbered 1…n', async () => {
    const r = await verifyAudit(db);
    expect(r).toMatchObject({ ok: true, entries: 6 });
    const seqs = await db.query<{ seq: number }>('SELECT seq FROM audit_log ORDER BY seq');
    expect(seqs.map((s) => s.seq)).toEqual([1, 2, 3, 4, 5, 6]);
  });
  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(db.query(`UPDATE audit_log SET actor = 'x' WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await expect(db.query('DELETE FROM audit_log WHERE seq = 2')).rejects.toThrow(/append-only/);
    await expect(db.query('TRUNCATE audit_log')).rejects.toThrow(/append-only/);
    expect((await verifyAudit(db)).ok).toBe(true);
  });
  it('detects an altered entry', async () => {
    await tamper(
      db,
      `UPDATE audit_log SET details = jsonb_set(details, '{file}', '"upload/other.csv"') WHERE seq = 3`,
    );
    expect(await verifyAudit(db)).toMatchObject({
      ok: false,
      entries: 6,
      breaks: [{ seq: 3, problem: expect.stringMatching(/altered/) }],
    });
  });
  it('detects an altered entry whose hash was recomputed without the chain', async () => {
    // rewriting entry 3 and its own hash still breaks entry 4, which holds the old hash
    await tamper(db, `UPDATE audit_log SET actor = 'someone@else', hash = repeat('a', 64) WHERE seq = 3`);
    const r = await verifyAudit(db);
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({
      breaks: [{ seq: 3 }, { seq: 4, problem: expect.stringMatching(/does not follow/) }],
    });
  });
  it('detects a deleted entry', async () => {
    await tamper(db, 'DELETE FROM audit_log WHERE seq = 4');
    expect(await verifyAudit(db)).toMatchObject({
      ok: false,
      breaks: [{ seq: 5, problem: expect.stringMatching(/entry 4 is missing/) }],
    });
  });
  it('detects reordered entries (contents swapped between two sequence numbers)', async () => {
    await tamper(
      db,
      `UPDATE audit_log a SET actor_user_id = b.actor_user_id, actor = b.actor, target = b.target, details = b.details,
              at = b.at, prev_hash = b.prev_hash, hash = b.hash
         FROM (SELECT * FROM audit_log WHERE seq IN (2, 5)) b WHERE a.seq IN (2, 5) AND b.seq <> a.seq`,
    );
    expect(await verifyAudit(db)).toMatchObject({
      ok: false,
      breaks: [{ seq: 2, problem: expect.stringMatching(/reordered/) }, { seq: 3 }, { seq: 5 }, { seq: 6 }],
    });
  });
  it('detects renumbering that closes the gap left by a deletion', async () => {
    await tamper(db, 'DELETE FROM audit_log WHERE seq = 2');
    await tamper(db, 'UPDATE audit_log SET seq = seq - 1 WHERE seq > 2');
    expect(await verifyAudit(db)).toMatchObject({
      ok: false,
      // every renumbered entry no longer matches its hash, which covers its number
      breaks: [
        { seq: 2, problem: expect.stringMatching(/does not follow.*altered/) },
        { seq: 3, problem: expect.stringMatching(/^entry 3 has been altered/) },
        { seq: 4 },
        { seq: 5 },
      ],
    });
  });
  it('reports every break, not only the first, so a later tampering is not hidden behind an earlier one', async () => {
    for (let i = 7; i <= 9; i++) await appendAudit(db, entry(i));
    await tamper(db, `UPDATE audit_log SET actor = 'someone@else' WHERE seq = 2`);
    await tamper(db, `UPDATE audit_log SET target = 'load:99' WHERE seq = 5`);
    await tamper(db, 'DELETE FROM audit_log WHERE seq IN (7, 8)');
    const r = await verifyAudit(db);
    expect(r).toMatchObject({ ok: false, entries: 7, breakCount: 3 });
    expect(r.ok === false && r.breaks.map((b) => [b.seq, b.problem.match(/altered|missing/)?.[0]])).toEqual([
      [2, 'altered'],
      [5, 'altered'],
      [9, 'missing'],
    ]);
    expect(r.ok === false && r.breaks[2]!.problem).toMatch(/entries 7–8 are missing/);
  });
  it('text no column can hold as sent (lone surrogates, NUL) is hashed as it is stored, so the chain still verifies', async () => {
    const odd = await appendAudit(db, {
      ...entry(7),
      actor: '\ud800@x.invalid',
      target: 'user:\u0000 7',
      details: { email: 'a\udc00b', 'k\u0000ey': ['\ud83d', 'nul\u0000'], fine: '\ud83d\ude00' },
    });
    await appendAudit(db, entry(8));
    expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: 8 });
    const [row] = await db.query<{ actor: string; target: string; details: unknown }>(
      'SELECT actor, target, details FROM audit_log WHERE seq = $1',
      [odd.seq],
    );
    expect(row).toEqual({
      actor: '\ufffd@x.invalid',
      target: 'user: 7',
      details: { email: 'a\ufffdb', key: ['\ufffd', 'nul'], fine: '\ud83d\ude00' },
    });
    expect(odd).toMatchObject(row!);
  });
  it('no text breaks the chain (any code units, any details)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary', maxLength: 30 }),
        fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), fc.jsonValue({ stringUnit: 'binary' })),
        async (actor, details) => {
          await appendAudit(db, { ...entry(0), actor, target: actor, details });
        },
      ),
      { numRuns: 40 },
    );
    expect(await verifyAudit(db)).toMatchObject({ ok: true, entries: 46 });
  });
});

it('canonical JSON does not depend on key order (jsonb reorders keys)', () => {
  fc.assert(
    fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (o) => {
      const reversed = Object.fromEntries(Object.entries(o).reverse());
      expect(canonicalJson(reversed)).toBe(canonicalJson(o));
      expect(JSON.parse(canonicalJson(o))).toEqual(JSON.parse(JSON.stringify(o)));
    }),
  );
});
