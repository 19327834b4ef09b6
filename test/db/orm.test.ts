/**
 * The schema-typed query builder (src/db/orm.ts) over both databases: it reads and writes through the same
 * connection as raw SQL, so it takes part in a transaction and rolls back with it; values come back in the
 * schema's types (timestamps as ISO strings, doubles as numbers, dates as YYYY-MM-DD).
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { describeEachDatabase } from './databases.js';
import { orm } from '../../src/db/orm.js';
import { organisations, loads } from '../../src/db/schema.js';
import type { Database } from '../../src/db/connect.js';

describeEachDatabase('typed query builder', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(() => t.dispose(db));

  it('writes and reads rows in the schema’s types, and sees what raw SQL wrote', async () => {
    await db.query(
      `INSERT INTO organisations (code, name, type, status, open_date) VALUES ('ZZ001', 'Raw practice', 'practice', 'active', '2001-02-03')`,
    );
    const [raw] = await orm(db).select().from(organisations).where(eq(organisations.code, 'ZZ001'));
    expect(raw).toMatchObject({
      code: 'ZZ001',
      name: 'Raw practice',
      openDate: '2001-02-03',
      closeDate: null,
    });
    await orm(db)
      .insert(organisations)
      .values({ code: 'ZZ002', name: 'Typed practice', type: 'practice', status: 'active' });
    const [typed] = await db.query<{ name: string }>(`SELECT name FROM organisations WHERE code = 'ZZ002'`);
    expect(typed?.name).toBe('Typed practice');
  });

  it('takes part in the transaction it is given: a rollback undoes its writes', async () => {
    await expect(
      db.transaction(async (tx) => {
        await orm(tx)
          .insert(organisations)
          .values({ code: 'ZZ003', name: 'Rolled back', type: 'practice', status: 'active' });
        // inside the transaction the row is there
        const inside = await orm(tx).select().from(organisations).where(eq(organisations.code, 'ZZ003'));
        expect(inside).toHaveLength(1);
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await orm(db).select().from(organisations).where(eq(organisations.code, 'ZZ003'))).toEqual([]);
  });

  it('returns timestamps as ISO strings, as raw queries do', async () => {
    const [load] = await orm(db)
      .insert(loads)
      .values({ source: 'test', fileName: 'f.csv', checksum: 'a'.repeat(64) })
      .returning();
    expect(load!.warnings).toEqual([]);
    expect(load!.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  });
});
