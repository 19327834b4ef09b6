/** The API over a test database that holds some of the shared data files, as several tests of real data need. */
import { afterAll, beforeAll } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFile } from '../../src/ingest/ingest-file.js';
import type { TestDatabase } from '../db/databases.js';
import { shared } from '../shared-data.js';

/**
 * Opened before the enclosing describe's tests (the files loaded in order, then the server built) and closed after
 * them. Read `db` and `app` inside the tests: they are set once the set-up has run.
 */
export function serverOnSharedFiles(
  t: TestDatabase,
  files: string[],
  timeoutMs = 300_000,
): { db: Database; app: FastifyInstance } {
  const rig = {} as { db: Database; app: FastifyInstance };
  beforeAll(async () => {
    rig.db = await t.open();
    for (const f of files) await ingestFile(rig.db, shared(f));
    rig.app = await buildServer(rig.db, { rateLimit: false });
  }, timeoutMs);
  afterAll(async () => {
    await rig.app?.close();
    if (rig.db) await t.dispose(rig.db);
  });
  return rig;
}
