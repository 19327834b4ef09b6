/**
 * The OpenAPI document is complete: every operation says what it answers on success (a JSON schema, a file's media
 * types, or no content), so the web's generated types (web/src/api/schema.gen.ts) describe every answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { openTestPglite } from '../db/databases.js';

interface Operation {
  responses?: Record<string, { description?: string; content?: Record<string, { schema?: unknown }> }>;
}

/** "GET /api/x" for each operation none of whose successes is described (Fastify's bare "Default Response"). */
export function undescribedOperations(document: {
  paths: Record<string, Record<string, Operation>>;
}): string[] {
  const missing: string[] = [];
  for (const [path, item] of Object.entries(document.paths))
    for (const [method, operation] of Object.entries(item)) {
      const successes = Object.entries(operation.responses ?? {}).filter(([status]) =>
        /^[23]\d\d$/.test(status),
      );
      const described = successes.some(
        ([, r]) =>
          r.description === 'No content' ||
          r.description === 'A redirect to the Location header' ||
          Object.values(r.content ?? {}).some((media) => media.schema !== undefined),
      );
      if (!described) missing.push(`${method.toUpperCase()} ${path}`);
    }
  return missing;
}

describe('OpenAPI document', () => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    db = await openTestPglite();
    app = await buildServer(db, { secureCookies: false });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('finds an operation with only the default answer, and passes a described one', () => {
    const document = {
      paths: {
        '/a': { get: { responses: { 200: { description: 'Default Response' } } } },
        '/b': {
          get: { responses: { 200: { description: 'OK', content: { 'application/json': { schema: {} } } } } },
        },
        '/e': { get: { responses: { 302: { description: 'A redirect to the Location header' } } } },
        '/f': { get: { responses: { 302: { description: 'Default Response' } } } },
        '/c': { delete: { responses: { 204: { description: 'No content' } } } },
        '/d': {
          get: {
            responses: {
              200: { description: 'A CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
            },
          },
        },
      },
    };
    expect(undescribedOperations(document)).toEqual(['GET /a', 'GET /f']);
  });

  it('describes what every operation answers on success', () => {
    const document = app.swagger() as unknown as Parameters<typeof undescribedOperations>[0];
    expect(Object.keys(document.paths).length).toBeGreaterThan(100);
    expect(undescribedOperations(document)).toEqual([]);
  });
});
