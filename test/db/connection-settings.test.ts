/**
 * What every connection to a PostgreSQL server is set up with: no JIT compilation (src/db/connect.ts), on each of
 * the pool's connections, not only the first.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/connect.js';
import { describeEachDatabase } from './databases.js';

describeEachDatabase('connection settings', (t) => {
  let db: Database;
  beforeAll(async () => {
    db = await t.open();
  });
  afterAll(() => t.dispose(db));

  // PGlite is built without a JIT provider: nothing to switch off
  it.skipIf(t.name !== 'postgres')(
    'compiles no query just in time, on every connection the pool opens',
    async () => {
      // four transactions held open at once take four connections (the pool's size)
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const seen: string[] = [];
      const open = Array.from({ length: 4 }, () =>
        db.transaction(async (tx) => {
          const [r] = await tx.query<{ jit: string; pid: number }>(
            `SELECT current_setting('jit') AS jit, pg_backend_pid() AS pid`,
          );
          seen.push(`${r!.pid}:${r!.jit}`);
          await held;
        }),
      );
      while (seen.length < 4) await new Promise((r) => setTimeout(r, 10));
      release();
      await Promise.all(open);
      expect(new Set(seen.map((s) => s.split(':')[0])).size).toBe(4);
      expect(seen.every((s) => s.endsWith(':off'))).toBe(true);
    },
  );
});
