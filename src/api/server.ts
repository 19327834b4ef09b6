/** The HTTP server: API routes, OpenAPI document, problem-details errors, and the built web UI. */
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Database } from '../db/connect.js';
import { AppError, problem } from './errors.js';
import { healthRoutes } from './routes/health.js';
import { organisationRoutes } from './routes/organisations.js';
import { indicatorRoutes } from './routes/indicators.js';

export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

export interface ServerOptions {
  logger?: boolean;
  demo?: boolean;
}

export async function buildServer(db: Database, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: opts.logger ?? false, bodyLimit: 1024 * 1024 });
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Lantern API',
        version: '0.1.0',
        description:
          'Quality surveillance of GP practices and providers. Errors are RFC 9457 problem details.',
      },
    },
  });

  app.setErrorHandler((err: Error & { statusCode?: number }, request, reply) => {
    const status = err.statusCode ?? 500;
    const e =
      err instanceof AppError
        ? err
        : status < 500
          ? new AppError(status, 'bad_request', err.message)
          : new AppError(
              500,
              'internal',
              `Something went wrong on the server (request ${request.id}). It has been logged.`,
            );
    if (e.status >= 500) request.log.error(err);
    void reply.status(e.status).type('application/problem+json').send(problem(e, request.url));
  });

  healthRoutes(app, db, { demo: opts.demo ?? false });
  organisationRoutes(app, db);
  indicatorRoutes(app, db);
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  const hasUi = existsSync(WEB_DIST);
  if (hasUi) await app.register(fastifyStatic, { root: WEB_DIST, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    if (request.url.startsWith('/api/') || !hasUi || request.method !== 'GET')
      return reply
        .status(404)
        .type('application/problem+json')
        .send(
          problem(new AppError(404, 'not_found', `Nothing at ${request.method} ${request.url}`), request.url),
        );
    return reply.sendFile('index.html');
  });
  return app;
}
