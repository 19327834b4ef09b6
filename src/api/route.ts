/**
 * Routes are declared with zod schemas and an access rule. zod parses and types the request, and the same
 * schemas, turned into JSON Schema, document the route in the OpenAPI file. Every route must say who may call
 * it (see access.ts); the route table feeds the authorisation-matrix test.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/connect.js';
import { AppError, badRequest } from './errors.js';
import { unstorableInput, withReceived } from './params.js';
import { rolesFor } from '../auth/policy.js';
import { authorise, checkCsrf, permissionsOf, Viewer, type Access, type Principal } from './access.js';

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

type Checked<T> = { ok: true; data: T } | { ok: false; error: AppError };

/** Validate one part of the request once; the caller decides when a failure is reported (after access). */
function check<T extends z.ZodType>(
  schema: T | undefined,
  data: unknown,
  where: string,
): Checked<z.infer<T>> {
  if (!schema) return { ok: true, data: {} as z.infer<T> };
  // text no column can hold as sent (NUL, lone surrogates) is refused anywhere in the input, before the schema
  const unstorable = unstorableInput(data);
  const r = unstorable.length === 0 ? schema.safeParse(data ?? {}) : null;
  if (r?.success) return { ok: true, data: r.data };
  const issues = r
    ? r.error.issues.map((i) => ({ in: where, name: i.path.join('.'), message: withReceived(i, data) }))
    : unstorable.map((i) => ({ in: where, ...i }));
  return {
    ok: false,
    error: badRequest(`invalid ${where}: ${issues.map((i) => `${i.name} ${i.message}`).join('; ')}`, issues),
  };
}

function valid<T>(c: Checked<T>): T {
  if (!c.ok) throw c.error;
  return c.data;
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
      const checkedParams = check(spec.params, request.params, 'path parameters');
      const checkedQuery = check(spec.query, request.query, 'query parameters');
      // an access rule reads the normalised code where the input parses, else the raw input
      const forAccess = (schema: z.ZodType | undefined, c: Checked<unknown>, raw: unknown) =>
        (schema && c.ok ? c.data : raw) as Record<string, unknown>;
      const permissions = permissionsOf(db, principal);
      const acting = await authorise(db, request, principal, permissions, spec.access, {
        params: forAccess(spec.params, checkedParams, request.params),
        query: forAccess(spec.query, checkedQuery, request.query),
      });
      if (spec.method !== 'GET') checkCsrf(request, principal);
      const params = valid(checkedParams);
      const query = valid(checkedQuery);
      let body: z.infer<B>;
      if (spec.body === 'csv') {
        if (!Buffer.isBuffer(request.body))
          throw badRequest('send the file as the request body with Content-Type: text/csv');
        body = request.body as z.infer<B>;
      } else body = valid(check(jsonBody, request.body, 'body')) as z.infer<B>;
      return spec.handler({
        params,
        query,
        body,
        viewer: new Viewer(db, principal, permissions, acting),
        request,
        reply,
      });
    },
  });
}

function describeAccess(a: Access): string {
  if (a.kind === 'public') return 'Access: anyone (published data).';
  if (a.kind === 'signed_in') return 'Access: any signed-in user, for their own account.';
  return `Access: ${rolesFor(a.action).join(', ')} (${a.action}${a.org ? ', with a grant covering the organisation' : ''}).`;
}
