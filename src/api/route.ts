/**
 * Routes are declared with zod schemas: zod parses and types the request, and the same schemas, turned into
 * JSON Schema, document the route in the OpenAPI file. The route table also feeds the access tests.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { badRequest } from './errors.js';

export interface RouteSpec<P extends z.ZodType, Q extends z.ZodType> {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  url: string;
  summary: string;
  tags: string[];
  params?: P;
  query?: Q;
  handler: (input: {
    params: z.infer<P>;
    query: z.infer<Q>;
    request: FastifyRequest;
    reply: FastifyReply;
  }) => Promise<unknown>;
}

export const ROUTES: Array<{ method: string; url: string; summary: string }> = [];

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

export function route<P extends z.ZodType = z.ZodObject, Q extends z.ZodType = z.ZodObject>(
  app: FastifyInstance,
  spec: RouteSpec<P, Q>,
): void {
  ROUTES.push({ method: spec.method, url: spec.url, summary: spec.summary });
  app.route({
    method: spec.method,
    url: spec.url,
    schema: {
      summary: spec.summary,
      tags: spec.tags,
      ...(spec.params ? { params: toJson(spec.params) } : {}),
      ...(spec.query ? { querystring: toJson(spec.query) } : {}),
    },
    // zod validates (below); Fastify's own validator is switched off so there is one source of truth
    validatorCompiler: () => (data) => ({ value: data }),
    handler: async (request, reply) => {
      const params = parse(spec.params, request.params, 'path parameters');
      const query = parse(spec.query, request.query, 'query parameters');
      return spec.handler({ params, query, request, reply });
    },
  });
}
