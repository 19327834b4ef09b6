/**
 * The matrix catches a missing check: with the access check removed from one route at a time (by replacing
 * `authorise` for that route only), the matrix must report that route. Routes open to everyone have nothing
 * to remove; signed-in-only routes act on the caller's own account, so without a caller there is nothing to act on.
 */
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { routeTable } from '../../src/api/route.js';
import { openTestPglite } from '../db/databases.js';
import { runMatrix, setUpMatrix, type MatrixContext } from './matrix.js';

const weakened = vi.hoisted(() => ({ route: '' }));
vi.mock('../../src/api/access.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../src/api/access.js')>();
  return {
    ...real,
    authorise: (...args: Parameters<typeof real.authorise>) => {
      const [, request] = args;
      if (`${request.method} ${request.routeOptions.url}` === weakened.route) return Promise.resolve([]);
      return real.authorise(...args);
    },
  };
});

let db: Database;
let app: FastifyInstance;
let ctx: MatrixContext;
beforeAll(async () => {
  db = await openTestPglite();
  ctx = await setUpMatrix(db);
  app = ctx.app;
});
afterAll(async () => {
  // the mocked module may stay loaded for the worker's next test file: leave it checking every route
  weakened.route = '';
  await app.close();
  await db.close();
});

it('with every check in place the matrix is clean', async () => {
  weakened.route = '';
  expect(await runMatrix(ctx)).toEqual([]);
});

it('removing the check from any role-restricted route makes the matrix fail for that route', async () => {
  const restricted = routeTable(app).filter((r) => r.access.kind === 'action');
  expect(restricted.length).toBeGreaterThanOrEqual(9);
  for (const r of restricted) {
    weakened.route = `${r.method} ${r.url}`;
    const problems = await runMatrix(ctx, [weakened.route]);
    expect(problems, `removing the check on ${weakened.route}`).toEqual(
      expect.arrayContaining([expect.stringContaining(`${weakened.route} as anonymous`)]),
    );
  }
  weakened.route = '';
});
