/**
 * Routes are declared with zod schemas and an access rule. zod parses and types the request, and the same
 * schemas, turned into JSON Schema, document the route in the OpenAPI file. Every route must say who may call
 * it (see access.ts); the route table feeds the authorisation-matrix test.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/connect.js';
import { badRequest } from './errors.js';
import { authorise, checkCsrf, Viewer, type Access, type Principal } from './access.js';

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
}

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  access: Access;
  params?: P;
  query?: Q;
  /** a JSON body schema; or 'csv' for a text/csv upload handed over as a Buffer */
  body?: B | 'csv';
  /** per-client limit, e.g. sign-in and exports */
  rateLimit?: { max: number; timeWindow: string };
  handler: (input: {
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
    viewer: Viewer;
    request: FastifyRequest;
    reply: FastifyReply;
  }) => Promise<unknown>;
}

export interface RouteEntry {
  method: string;
  url: string;
  summary: string;
  access: Access;
  body: 'json' | 'csv' | null;
}
const TABLE = new Map<string, RouteEntry>();
/** Every declared route, for the authorisation matrix. */
export const routeTable = (): RouteEntry[] => [...TABLE.values()];

function parse<T extends z.ZodType>(schema: T | undefined, data: unknown, where: string): z.infer<T> {
  if (!schema) return {} as z.infer<T>;
  const r = schema.safeParse(data ?? {});
  if (!r.success) {
    const issues = r.error.issues.map((i) => ({ in: where, name: i.path.join('.'), message: i.message }));
    throw badRequest(`invalid ${where}: ${issues.map((i) => `${i.name} ${i.message}`).join('; ')}`, issues);
  }
  return r.data;
}

const toJson = (s: z.ZodType) =>
  z.toJSONSchema(s, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;

export function route<
  P extends z.ZodType = z.ZodObject,
  Q extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodObject,
>(app: FastifyInstance, db: Database, spec: RouteSpec<P, Q, B>): void {
  TABLE.set(`${spec.method} ${spec.url}`, {
    method: spec.method,
    url: spec.url,
    summary: spec.summary,
    access: spec.access,
    body: spec.body === 'csv' ? 'csv' : spec.body ? 'json' : null,
  });
  const jsonBody = spec.body && spec.body !== 'csv' ? spec.body : undefined;
  app.route({
    method: spec.method,
    url: spec.url,
    schema: {
      summary: spec.summary,
      tags: spec.tags,
      description: describeAccess(spec.access),
      ...(spec.params ? { params: toJson(spec.params) } : {}),
      ...(spec.query ? { querystring: toJson(spec.query) } : {}),
      ...(jsonBody ? { body: toJson(jsonBody) } : {}),
    },
    ...(spec.rateLimit ? { config: { rateLimit: spec.rateLimit } } : {}),
    // zod validates (below); Fastify's own validator is switched off so there is one source of truth
    validatorCompiler: () => (data) => ({ value: data }),
    handler: async (request, reply) => {
      const principal = request.principal;
      // who first (401/403 before anything about the input), then the CSRF token, then the input
      const raw = {
        params: request.params as Record<string, unknown>,
        query: request.query as Record<string, unknown>,
      };
      const preParsed = { params: safe(spec.params, raw.params), query: safe(spec.query, raw.query) };
      const acting = await authorise(db, request, principal, spec.access, preParsed);
      if (spec.method !== 'GET') checkCsrf(request, principal);
      const params = parse(spec.params, request.params, 'path parameters');
      const query = parse(spec.query, request.query, 'query parameters');
      let body: z.infer<B>;
      if (spec.body === 'csv') {
        if (!Buffer.isBuffer(request.body))
          throw badRequest('send the file as the request body with Content-Type: text/csv');
        body = request.body as z.infer<B>;
      } else body = parse(jsonBody, request.body, 'body') as z.infer<B>;
      return spec.handler({ params, query, body, viewer: new Viewer(db, principal, acting), request, reply });
    },
  });
}

/** Parsed input where it parses (so an access rule can read a normalised code), else the raw input. */
function safe(schema: z.ZodType | undefined, data: Record<string, unknown>): Record<string, unknown> {
  if (!schema) return data;
  const r = schema.safeParse(data ?? {});
  return r.success ? (r.data as Record<string, unknown>) : data;
}

function describeAccess(a: Access): string {
  if (a.kind === 'public') return 'Access: anyone (published data).';
  if (a.kind === 'signed_in') return 'Access: any signed-in user, for their own account.';
  return `Access: ${a.roles.join(', ')}${a.org ? ', with a grant covering the organisation' : ''}.`;
}
