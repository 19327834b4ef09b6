/**
 * Routes are declared with zod schemas and an access rule. zod parses and types the request, and the same
 * schemas, turned into JSON Schema, document the route in the OpenAPI file. Every route must say who may call
 * it (see access.ts); the route table feeds the authorisation-matrix test.
 */
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
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

/** A non-JSON answer (a download, a report page), documented by its media types. */
export interface FileAnswer {
  kind: 'file';
  description: string;
  contentTypes: string[];
}
export const fileAnswer = (description: string, ...contentTypes: string[]): FileAnswer => ({
  kind: 'file',
  description,
  contentTypes,
});

/** A JSON answer sent under its own media types (FHIR's application/fhir+json), described by its schema. */
export interface MediaAnswer<S extends z.ZodType = z.ZodType> {
  kind: 'media';
  schema: S;
  contentTypes: string[];
}
export const mediaAnswer = <S extends z.ZodType>(schema: S, ...contentTypes: string[]): MediaAnswer<S> => ({
  kind: 'media',
  schema,
  contentTypes,
});

/**
 * Every successful answer a route gives: the status, and the zod schema of its JSON body (null: no body; for 302,
 * a redirect to the Location header).
 */
export type Responses = Partial<
  Record<200 | 201 | 202 | 204 | 302, z.ZodType | FileAnswer | MediaAnswer | null>
>;

/** What a handler may return: the JSON of any declared status (the schema's input type), or the reply it sent. */
type HandlerResult<R extends Responses> =
  | {
      [K in keyof R]: R[K] extends z.ZodType
        ? z.input<R[K]>
        : R[K] extends MediaAnswer<infer S>
          ? z.input<S>
          : never;
    }[keyof R]
  | FastifyReply
  | void;

export interface RouteSpec<
  P extends z.ZodType,
  Q extends z.ZodType,
  B extends z.ZodType,
  R extends Responses = Responses,
> {
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
  /**
   * The answers on success, by status. The OpenAPI document and the web's generated client come from these; the
   * handler's return value is type-checked against them, and with LANTERN_CHECK_RESPONSES=1 (the test suite) every
   * JSON answer is checked against its schema at run time. Errors are problem documents (see errors.ts).
   */
  responses: R;
  handler: (input: {
    params: z.infer<P>;
    query: z.infer<Q>;
    body: z.infer<B>;
    viewer: Viewer;
    request: FastifyRequest;
    reply: FastifyReply;
  }) => Promise<Responses extends R ? unknown : HandlerResult<R>>;
}

export interface RouteEntry {
  method: string;
  url: string;
  summary: string;
  access: Access;
  body: 'json' | 'csv' | null;
  /** the source file that declared it (docs/addresses.md maps every address to its file from this) */
  file: string;
}
/**
 * Each server's declared routes, kept on the instance route() was first given: the server itself, whose
 * encapsulated plugin scopes (Fastify builds them with Object.create) read the same table through their prototype.
 */
const TABLE = Symbol('lantern.routeTable');
type WithTable = FastifyInstance & { [TABLE]?: Map<string, RouteEntry> };
const tableOf = (app: FastifyInstance) => ((app as WithTable)[TABLE] ??= new Map());
/** The file whose code called route(): the first frame of the stack outside this module (read once, at start). */
function declaredIn(): string {
  for (const line of (new Error().stack ?? '').split('\n').slice(1)) {
    const m = /(?:\(|at )(?:file:\/\/)?(\/[^():]+):\d+:\d+\)?$/.exec(line.trim());
    if (m && !/\/api\/route\.[jt]s$/.test(m[1]!)) return m[1]!;
  }
  return 'unknown';
}

/** Every route declared on this server, for the authorisation matrix, the fuzzer and the address map. */
export const routeTable = (app: FastifyInstance): RouteEntry[] => [...tableOf(app).values()];

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

const toJson = (s: z.ZodType, io: 'input' | 'output' = 'input') =>
  z.toJSONSchema(s, {
    target: 'draft-7',
    io,
    unrepresentable: 'any',
    // a Date leaves the server as its ISO string (JSON.stringify)
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'date' || TIMESTAMPS.has(ctx.zodSchema)) {
        for (const k of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[k];
        ctx.jsonSchema.type = 'string';
        ctx.jsonSchema.format = 'date-time';
      }
    },
  }) as Record<string, unknown>;

const TIMESTAMPS = new WeakSet<object>();
/**
 * A timestamp as handlers hold it (a Date from the driver, or an ISO string); JSON carries the string, and the
 * OpenAPI document says just that: a date-time string.
 */
export const timestamp = () => {
  const t = z.union([z.date(), z.iso.datetime({ offset: true })]);
  TIMESTAMPS.add(t);
  return t;
};

const PROBLEM_JSON = {
  type: 'object',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        properties: { in: { type: 'string' }, name: { type: 'string' }, message: { type: 'string' } },
      },
    },
  },
  additionalProperties: true,
};

/** The OpenAPI responses object: each declared success, and the problem document for client and server errors. */
function openApiResponses(responses: Responses | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [status, answer] of Object.entries(responses ?? {})) {
    if (answer === undefined) continue;
    if (answer === null)
      out[status] = { description: status === '302' ? 'A redirect to the Location header' : 'No content' };
    else if ('kind' in answer && answer.kind === 'media')
      out[status] = {
        description: 'OK',
        content: Object.fromEntries(
          answer.contentTypes.map((t) => [t, { schema: toJson(answer.schema, 'output') }]),
        ),
      };
    else if ('kind' in answer && answer.kind === 'file')
      out[status] = {
        description: answer.description,
        content: Object.fromEntries(answer.contentTypes.map((t) => [t, { schema: { type: 'string' } }])),
      };
    else
      out[status] = {
        description: 'OK',
        content: { 'application/json': { schema: toJson(answer as z.ZodType, 'output') } },
      };
  }
  const problemDoc = (description: string) => ({
    description,
    content: { 'application/problem+json': { schema: PROBLEM_JSON } },
  });
  out['4xx'] = problemDoc('The request was refused: a problem document naming what was wrong');
  out['5xx'] = problemDoc('The server failed: a problem document with the request id');
  return out;
}

/** With LANTERN_CHECK_RESPONSES=1, a JSON answer that does not match its declared schema fails the request. */
function contractCheck(method: string, url: string, responses: Responses | undefined) {
  if (process.env.LANTERN_CHECK_RESPONSES !== '1' || !responses) return undefined;
  return async (_request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const type = String(reply.getHeader('content-type') ?? '');
    // errors are problem documents, made by the error handler, not the route
    const declared = responses[reply.statusCode as keyof Responses];
    const media = declared && 'kind' in declared && declared.kind === 'media' ? declared : undefined;
    const json = type.startsWith('application/json') || !!media?.contentTypes.some((t) => type.startsWith(t));
    // an answer sent from the store is bytes, compressed for a client that accepts it (stored-answer.ts)
    const encoding = reply.getHeader('content-encoding');
    const text =
      typeof payload === 'string'
        ? payload
        : Buffer.isBuffer(payload)
          ? (encoding === 'gzip'
              ? gunzipSync(payload)
              : encoding === 'br'
                ? brotliDecompressSync(payload)
                : payload
            ).toString('utf8')
          : null;
    if (reply.statusCode >= 300 || text === null || !json) return payload;
    if (declared === undefined)
      throw new Error(`${method} ${url} answered ${reply.statusCode}, which its contract does not declare`);
    const schema = media ? media.schema : declared;
    if (schema === null || 'kind' in schema) return payload;
    const r = (schema as z.ZodType).safeParse(JSON.parse(text));
    if (!r.success)
      throw new Error(
        `${method} ${url} answered ${reply.statusCode} outside its contract: ${r.error.issues
          .slice(0, 5)
          .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
          .join('; ')}`,
      );
    return payload;
  };
}

export function route<
  P extends z.ZodType = z.ZodObject,
  Q extends z.ZodType = z.ZodObject,
  B extends z.ZodType = z.ZodObject,
  R extends Responses = Responses,
>(app: FastifyInstance, db: Database, spec: RouteSpec<P, Q, B, R>): void {
  tableOf(app).set(`${spec.method} ${spec.url}`, {
    method: spec.method,
    url: spec.url,
    summary: spec.summary,
    access: spec.access,
    body: spec.body === 'csv' ? 'csv' : spec.body ? 'json' : null,
    file: declaredIn(),
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
      ...(spec.responses ? { response: openApiResponses(spec.responses) } : {}),
    },
    ...(spec.rateLimit ? { config: { rateLimit: spec.rateLimit } } : {}),
    // zod validates (below); Fastify's own validator is switched off so there is one source of truth
    validatorCompiler: () => (data) => ({ value: data }),
    // the response schemas document and check; they never filter or coerce what is sent
    serializerCompiler: () => (data) => JSON.stringify(data),
    ...(() => {
      const onSend = contractCheck(spec.method, spec.url, spec.responses);
      return onSend ? { onSend } : {};
    })(),
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
