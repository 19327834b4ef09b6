/** Every route × anonymous and every role × own/other organisation, against the policy in matrix.ts. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { searchAudit, verifyAudit } from '../../src/auth/audit.js';
import { describeEachDatabase } from '../db/databases.js';
import { runMatrix, setUpMatrix, type MatrixContext } from './matrix.js';

describeEachDatabase('authorisation matrix', (t) => {
  let db: Database;
  let app: FastifyInstance;
  let ctx: MatrixContext;
  beforeAll(async () => {
    db = await t.open();
    ctx = await setUpMatrix(db);
    app = ctx.app;
  });
  afterAll(async () => {
    await app.close();
    await t.dispose(db);
  });

  it('every route answers every role as the policy says, for their own and for other organisations', async () => {
    expect(await runMatrix(ctx)).toEqual([]);
  });
  it('refusals are in the audit trail, which stays intact', async () => {
    const denied = await searchAudit(db, { action: 'access.denied', limit: 5000 });
    expect(denied.length).toBeGreaterThan(20);
    expect(denied.map((d) => d.target)).toContain('GET /api/audit');
    expect(
      denied.find((d) => d.target === 'POST /api/loads' && d.actor.startsWith('provider_user')),
    ).toBeDefined();
    expect((await verifyAudit(db)).ok).toBe(true);
  });
});
