/**
 * The API contract: route() documents each declared answer in the OpenAPI document, and (with
 * LANTERN_CHECK_RESPONSES=1, as in the whole test suite) refuses to send JSON its schema does not describe.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import { z } from 'zod';
import { openTestPglite } from '../db/databases.js';
import { fileAnswer, mediaAnswer, route, timestamp } from '../../src/api/route.js';
import { PUBLIC } from '../../src/api/access.js';
import { ANONYMOUS } from '../../src/api/access.js';
import type { Database } from '../../src/db/connect.js';

describe('route contract', () => {
  let db: Database;
  let app: FastifyInstance;
  beforeAll(async () => {
    expect(process.env.LANTERN_CHECK_RESPONSES).toBe('1');
    db = await openTestPglite();
    app = Fastify();
    await app.register(swagger, { openapi: { openapi: '3.0.3', info: { title: 't', version: '0' } } });
    app.decorateRequest('principal', null as never);
    app.addHook('onRequest', async (request) => {
      request.principal = ANONYMOUS;
    });
    const answer = z.object({ n: z.number().int(), at: timestamp() });
    route(app, db, {
      method: 'GET',
      url: '/kept',
      summary: 'answers as declared',
      tags: ['t'],
      access: PUBLIC,
      responses: { 200: answer },
      handler: async () => ({ n: 3, at: new Date('2026-01-02T03:04:05Z') }),
    });
    route(app, db, {
      method: 'GET',
      url: '/broken',
      summary: 'answers outside its contract',
      tags: ['t'],
      access: PUBLIC,
      responses: { 200: answer },
      // the cast stands for a handler whose types drifted from what it really sends
      handler: async () => ({ n: 'three', at: new Date() }) as unknown as { n: number; at: Date },
    });
    route(app, db, {
      method: 'GET',
      url: '/undeclared',
      summary: 'answers with a status it does not declare',
      tags: ['t'],
      access: PUBLIC,
      responses: { 200: answer },
      handler: async ({ reply }) => reply.status(201).send({ n: 1, at: new Date() }),
    });
    route(app, db, {
      method: 'GET',
      url: '/file',
      summary: 'a download',
      tags: ['t'],
      access: PUBLIC,
      responses: { 200: fileAnswer('A spreadsheet', 'text/csv') },
      handler: async ({ reply }) => reply.type('text/csv').send('a,b\n1,2\n'),
    });
    // a JSON answer under its own media type (as FHIR's application/fhir+json), checked like application/json
    const resource = z.object({ resourceType: z.literal('Thing'), n: z.number().int() });
    for (const [url, n] of [
      ['/media', 1],
      ['/media-broken', 'one'],
    ] as const)
      route(app, db, {
        method: 'GET',
        url,
        summary: 'a FHIR-like answer',
        tags: ['t'],
        access: PUBLIC,
        responses: { 200: mediaAnswer(resource, 'application/fhir+json') },
        handler: async ({ reply }) =>
          reply.type('application/fhir+json; charset=utf-8').send({ resourceType: 'Thing', n }),
      });
    route(app, db, {
      method: 'GET',
      url: '/redirect',
      summary: 'a redirect',
      tags: ['t'],
      access: PUBLIC,
      responses: { 302: null },
      handler: async ({ reply }) => reply.redirect('/kept', 302),
    });
    await app.ready();
  });
  afterAll(async () => {
    await app.close();
    await db.close();
  });

  it('sends an answer that matches its schema, a Date as its ISO string', async () => {
    const r = await app.inject('/kept');
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ n: 3, at: '2026-01-02T03:04:05.000Z' });
  });

  it('refuses an answer outside its contract, naming the field', async () => {
    const r = await app.inject('/broken');
    expect(r.statusCode).toBe(500);
    expect(r.body).toContain('GET /broken answered 200 outside its contract: n:');
  });

  it('refuses a status the contract does not declare', async () => {
    const r = await app.inject('/undeclared');
    expect(r.statusCode).toBe(500);
    expect(r.body).toContain('answered 201, which its contract does not declare');
  });

  it('documents JSON, files and problem documents in the OpenAPI document', () => {
    const doc = app.swagger() as {
      paths: Record<
        string,
        {
          get: {
            responses: Record<
              string,
              { content?: Record<string, { schema: { properties: Record<string, { type?: string }> } }> }
            >;
          };
        }
      >;
    };
    const kept = doc.paths['/kept']!.get.responses;
    const schema = kept['200']!.content!['application/json']!.schema;
    expect(schema.properties.n.type).toBe('integer');
    expect(JSON.stringify(schema.properties.at)).toContain('date-time');
    expect(Object.keys(kept['4XX']?.content ?? kept['4xx']?.content ?? {})).toEqual([
      'application/problem+json',
    ]);
    expect(Object.keys(doc.paths['/file']!.get.responses['200']!.content!)).toEqual(['text/csv']);
    const media = doc.paths['/media']!.get.responses['200']!.content!;
    expect(Object.keys(media)).toEqual(['application/fhir+json']);
    expect(media['application/fhir+json']!.schema.properties.n.type).toBe('integer');
    expect(doc.paths['/redirect']!.get.responses['302']).toMatchObject({
      description: 'A redirect to the Location header',
    });
  });

  it('checks an answer sent under its declared media type', async () => {
    expect((await app.inject('/media')).statusCode).toBe(200);
    const broken = await app.inject('/media-broken');
    expect(broken.statusCode).toBe(500);
    expect(broken.body).toContain('GET /media-broken answered 200 outside its contract: n:');
  });
});
