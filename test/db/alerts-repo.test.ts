/**
 * Alerts inserted in batches (insertAlerts): every new one once, with its id; a key already stored, or repeated in
 * the list, is not inserted again; a list longer than one statement's batch is inserted whole.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { insertAlerts, type NewAlert } from '../../src/db/repos/alerts.js';
import { describeEachDatabase } from './databases.js';

const alert = (key: string): NewAlert => ({
  key,
  kind: 'tier_change',
  practice: 'P00001',
  indicator: null,
  periodStart: null,
  message: `alert ${key}`,
  details: { n: key },
  at: '2026-01-05T09:00:00.000Z',
});

describeEachDatabase('alerts inserted in batches', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(() => t.dispose(db));

  it('inserts each new key once, more than one batch of them, and gives back the ids of those inserted', async () => {
    const first = await insertAlerts(db, [alert('a'), alert('b'), alert('a')]);
    expect([...first.keys()].sort()).toEqual(['a', 'b']);
    // 2,500 more than a statement's batch (2,000), two of them stored already
    const many = Array.from({ length: 2500 }, (_, i) => alert(`k${i}`));
    const second = await insertAlerts(db, [alert('a'), ...many, alert('b')]);
    expect(second.size).toBe(2500);
    expect(second.has('a') || second.has('b')).toBe(false);
    const stored = await db.query<{ id: number; key: string; message: string }>(
      'SELECT id, key, message FROM alerts ORDER BY id',
    );
    expect(stored).toHaveLength(2502);
    const ids = new Map([...first, ...second]);
    for (const r of stored) {
      expect(ids.get(r.key), r.key).toBe(r.id);
      expect(r.message).toBe(`alert ${r.key}`);
    }
    expect(await insertAlerts(db, [])).toEqual(new Map());
  });
});
