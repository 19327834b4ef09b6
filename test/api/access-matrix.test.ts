/** Every route × anonymous and every role × own/other organisation, against the policy in matrix.ts. */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { searchAudit, verifyAudit } from '../../src/auth/audit.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { ROLES, type Role } from '../../src/domain/roles.js';
import { describeEachDatabase } from '../db/databases.js';
import { createRoleUser, defineLocalIndicator, signIn, TEST_PASSWORD, type TestSession } from './sessions.js';
import { runMatrix, type MatrixContext } from './matrix.js';

describeEachDatabase('authorisation matrix', (t) => {
  let db: Database;
  let app: FastifyInstance;
  let ctx: MatrixContext;
  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    await defineLocalIndicator(db);
    app = await buildServer(db, { rateLimit: false });
    const emailOf = (role: Role) => `${role}@test.lantern.invalid`;
    const sessions = new Map<Role | 'anonymous', TestSession>();
    for (const role of ROLES) {
      await createRoleUser(db, role);
      sessions.set(role, await signIn(app, emailOf(role), role));
    }
    await createLocalUser(db, { email: 'matrix-login@test.lantern.invalid', password: TEST_PASSWORD });
    const target = await createLocalUser(db, {
      email: 'target@test.lantern.invalid',
      password: TEST_PASSWORD,
    });
    await addGrant(db, target.id, 'partner', null);
    ctx = { app, sessions, emailOf, targetUserId: target.id };
  });
  afterAll(async () => {
    await app.close();
    await t.dispose(db);
  });

  it('every route answers every role as the policy says, for their own and for other organisations', async () => {
    expect(await runMatrix(ctx)).toEqual([]);
  });
  it('refusals are in the audit trail, which stays intact', async () => {
    const denied = await searchAudit(db, { action: 'access.denied', limit: 500 });
    expect(denied.length).toBeGreaterThan(20);
    expect(denied.map((d) => d.target)).toContain('GET /api/audit');
    expect(
      denied.find((d) => d.target === 'POST /api/loads' && d.actor.startsWith('provider_user')),
    ).toBeDefined();
    expect((await verifyAudit(db)).ok).toBe(true);
  });
});
