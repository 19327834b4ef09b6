/**
 * The API reference page, GET /api/docs: Swagger UI over the OpenAPI document (/api/openapi.json), from files
 * served here and never a CDN, under the same Content-Security-Policy as the rest (scripts from this origin only;
 * the page's own start-up script is a file too, not inline). Swagger UI's built files come from the
 * @fastify/swagger-ui package, which ships them; its own routes are not used, so that the page is declared with
 * route() like every other address and stands in the authorisation matrix.
 */
import type { FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Database } from '../db/connect.js';
import { route, fileAnswer } from './route.js';
import { PUBLIC } from './access.js';

const ASSETS = '/api/docs/assets/';
/** Swagger UI's files that the page uses; nothing else in the package's folder is served. */
const FILES = new Set(['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png']);

const PAGE = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Lantern API reference</title>
    <link rel="stylesheet" href="${ASSETS}swagger-ui.css" />
    <link rel="icon" type="image/png" href="${ASSETS}favicon-32x32.png" sizes="32x32" />
  </head>
  <body>
    <main id="swagger-ui"></main>
    <script src="${ASSETS}swagger-ui-bundle.js"></script>
    <script src="/api/docs/start.js"></script>
  </body>
</html>
`;

// "Try it out" sends the session cookie; a state-changing call needs the x-csrf-token header from /api/auth/session
const START = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true });
});
`;

export async function apiDocs(app: FastifyInstance, db: Database): Promise<void> {
  const swaggerUi = dirname(createRequire(import.meta.url).resolve('@fastify/swagger-ui'));
  await app.register(fastifyStatic, {
    root: join(swaggerUi, 'static'),
    prefix: ASSETS,
    decorateReply: false,
    allowedPath: (path) => FILES.has(path.replace(/^\//, '')),
  });
  route(app, db, {
    method: 'GET',
    url: '/api/docs',
    summary: 'The API reference: this document, browsable (Swagger UI)',
    tags: ['system'],
    access: PUBLIC,
    responses: { 200: fileAnswer('The reference page', 'text/html') },
    handler: async ({ reply }) => reply.type('text/html; charset=utf-8').send(PAGE),
  });
  route(app, db, {
    method: 'GET',
    url: '/api/docs/start.js',
    summary: 'The API reference page’s start-up script',
    tags: ['system'],
    access: PUBLIC,
    responses: { 200: fileAnswer('The script', 'text/javascript') },
    handler: async ({ reply }) => reply.type('text/javascript; charset=utf-8').send(START),
  });
}
