/** The HTTP server: security headers, sessions, API routes, OpenAPI document, problem-details errors, and the built web UI. */
import Fastify, { LogController, type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { existsSync } from 'node:fs';
import type { Database } from '../db/connect.js';
import { resolveSession, SESSION_COOKIE } from '../auth/sessions.js';
import type { OidcClient } from '../auth/oidc.js';
import { AppError, problem } from './errors.js';
import { ANONYMOUS } from './access.js';
import { genReqId, loggerOptions, requestLogging, type LogOptions } from './logging.js';
import { answerableError } from './failure-audit.js';
import { healthRoutes } from './routes/health.js';
import { organisationRoutes } from '../organisations/routes.js';
import { hierarchyRoutes } from '../hierarchy/routes.js';
import { indicatorRoutes } from '../indicators/routes/catalogue.js';
import { indicatorVariationRoutes } from '../indicators/routes/variation.js';
import { lifecycleRoutes } from '../indicators/routes/lifecycle.js';
import { loadRoutes } from '../loads/routes.js';
import { UPLOAD_LIMIT_BYTES } from '../loads/upload.js';
import { authRoutes, type AuthOptions } from '../auth/routes/sessions.js';
import { adminRoutes } from '../auth/routes/admin.js';
import { adminAccountRoutes } from '../auth/routes/admin-accounts.js';
import { passwordRoutes } from '../auth/routes/password.js';
import { permissionRoutes } from '../auth/routes/permissions.js';
import { practiceRoutes } from '../practices/routes.js';
import { tierRoutes } from '../tiers/routes.js';
import { concernRoutes } from '../concerns/routes.js';
import { providerRoutes } from '../providers/routes.js';
import { incidentRoutes } from '../incidents/routes.js';
import { concernThemeRoutes } from '../concerns/themes-routes.js';
import { referralChoiceRoutes } from '../referral-choice/routes.js';
import { patientVoiceRoutes } from '../patient-voice/routes.js';
import { exportRoutes } from '../exports/routes.js';
import { reportRoutes } from '../reports/routes.js';
import { improvementRoutes } from '../improvement/routes.js';
import { alertRoutes } from '../alerts/routes.js';
import { groupRoutes } from '../groups/routes.js';
import { PatientKeys } from '../concerns/nhs-number.js';
import { continuityRoutes } from '../continuity/routes.js';
import { ensureTaxonomy } from '../concerns/categories.js';
import { publicRoutes } from '../public/routes.js';
import { emailRoutes } from '../email/routes.js';
import type { EmailSettings } from '../email/settings.js';
import type { Mailer } from '../email/sender.js';
import { FHIR_JSON, fhirRoutes } from '../fhir/routes.js';
import { areaWorkforceRoutes } from '../areas/routes/workforce.js';
import { operationOutcome } from '../fhir/operation-outcome.js';
import { documentRoutes } from '../documents/routes.js';
import { FileStore } from '../documents/storage.js';
import { projectPath } from '../config/paths.js';
import type { TrustProxy } from '../config/env.js';
import { apiDocs } from './docs.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The default size limit of a document file (LANTERN_DOCUMENTS_MAX_BYTES). */
export const DOCUMENT_LIMIT_BYTES = 20 * 1024 * 1024;

/** the built web UI (npm run build:web), found from the project root, so from src/ and dist/ alike */
export const WEB_DIST = projectPath('web', 'dist');

export interface ServerOptions {
  /** JSON-lines logging (pino): off unless given; a level and a stream (tests) may be named */
  logger?: boolean | LogOptions;
  /** demo mode: demo accounts exist and the UI says so */
  demo?: boolean;
  /** the store holds the synthetic demo area rather than real data */
  syntheticData?: boolean;
  /** Secure and __Host- cookies (default true; tests over plain http switch it off) */
  secureCookies?: boolean;
  oidc?: OidcClient | null;
  demoAccounts?: AuthOptions['demoAccounts'];
  /** per-route rate limits (sign-in, exports, uploads); on unless a test switches them off */
  rateLimit?: boolean;
  /** keys for NHS numbers in concerns (link hash and encryption); a throw-away key when not given (tests) */
  patientKeys?: PatientKeys;
  /** the built web UI to serve (default web/dist) */
  webRoot?: string;
  /** email (docs/email.md): the relay settings, or null/absent for none; a mailer and interval for tests */
  email?: { settings: EmailSettings; mailer?: Mailer; intervalMs?: number } | null;
  /** document files (docs/documents.md): the storage folder and the size limit; a throw-away folder when not given (tests) */
  documents?: { dir?: string; maxBytes?: number };
  /** which proxies' X-Forwarded-For to believe (LANTERN_TRUST_PROXY, see config/env.ts); none by default */
  trustProxy?: TrustProxy;
}

export async function buildServer(db: Database, opts: ServerOptions = {}): Promise<FastifyInstance> {
  const secureCookies = opts.secureCookies ?? true;
  const app = Fastify({
    logger: loggerOptions(opts.logger),
    // one line per request, written by requestLogging when it is answered, instead of Fastify's two
    logController: new LogController({ disableRequestLogging: true }),
    genReqId,
    requestIdHeader: false,
    bodyLimit: 256 * 1024,
    // the client's address (request.ip, the audit trail, rate limits) from X-Forwarded-For only when configured
    trustProxy:
      typeof opts.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(opts.trustProxy) // n proxy hops
        : (opts.trustProxy ?? false),
    // an address that is not valid UTF-8 once decoded (e.g. %C0%80, %ED%A0%80) is refused before any route, as
    // problem details like every other refusal
    frameworkErrors: (err, request, reply) => {
      const e = new AppError(400, 'bad_request', `${err.message}: the address must be valid UTF-8`);
      if (request.url.startsWith('/fhir/'))
        return void (reply as unknown as FastifyReply)
          .status(400)
          .type(`${FHIR_JSON}; charset=utf-8`)
          .send(operationOutcome([{ severity: 'error', code: 'invalid', diagnostics: e.message }]));
      void (reply as unknown as FastifyReply)
        .status(400)
        .type('application/problem+json')
        .send(problem(e, request.url, request.id));
    },
  });
  requestLogging(app);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Lantern API',
        version: '0.2.0',
        description:
          'Quality surveillance of GP practices and providers. Errors are RFC 9457 problem details. Sign in with POST /api/auth/login; state-changing requests carry the x-csrf-token header from GET /api/auth/session.',
      },
    },
  });
  await app.register(cookie);
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // Observable Plot writes a <style> element into each chart; no inline script is allowed
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    hsts: { maxAge: 31_536_000, includeSubDomains: true },
    referrerPolicy: { policy: 'same-origin' },
  });
  if (opts.rateLimit !== false) await app.register(rateLimit, { global: false });
  app.addContentTypeParser(
    'text/csv',
    { parseAs: 'buffer', bodyLimit: UPLOAD_LIMIT_BYTES },
    (_req, body, done) => done(null, body),
  );
  // without a storage folder (tests), a throw-away one, removed when the server closes
  const throwAway = opts.documents?.dir ? null : mkdtempSync(join(tmpdir(), 'lantern-files-'));
  const documentStore = new FileStore(opts.documents?.dir ?? throwAway!);
  if (throwAway) app.addHook('onClose', async () => rmSync(throwAway, { recursive: true, force: true }));
  const documentMaxBytes = opts.documents?.maxBytes ?? DOCUMENT_LIMIT_BYTES;
  // document files come as the raw body; a larger body is refused (413) before any of it is kept
  app.addContentTypeParser(
    'application/octet-stream',
    { parseAs: 'buffer', bodyLimit: documentMaxBytes },
    (_req, body, done) => done(null, body),
  );

  // who is asking: resolved once per API request from the session cookie; anonymous otherwise
  app.decorateRequest('principal', null as never);
  const cookieName = secureCookies ? SESSION_COOKIE : SESSION_COOKIE.replace('__Host-', '');
  app.addHook('onRequest', async (request, reply) => {
    request.principal = ANONYMOUS;
    if (!request.url.startsWith('/api/') && !request.url.startsWith('/fhir/')) return;
    void reply.header('cache-control', 'no-store');
    const token = request.cookies[cookieName];
    if (!token || token.length > 100) return;
    const signedIn = await resolveSession(db, token);
    if (signedIn) request.principal = { kind: 'user', ...signedIn };
  });

  app.setErrorHandler(async (err: Error & { statusCode?: number; code?: unknown }, request, reply) => {
    const e = await answerableError(db, request, err);
    return reply
      .status(e.status)
      .type('application/problem+json')
      .send(problem(e, request.url, request.id));
  });

  healthRoutes(app, db, { demo: opts.demo ?? false, syntheticData: opts.syntheticData ?? false });
  authRoutes(app, db, {
    secureCookies,
    oidc: opts.oidc ?? null,
    demoAccounts: opts.demo ? (opts.demoAccounts ?? []) : [],
  });
  passwordRoutes(app, db);
  permissionRoutes(app, db);
  organisationRoutes(app, db);
  hierarchyRoutes(app, db);
  indicatorRoutes(app, db);
  indicatorVariationRoutes(app, db);
  loadRoutes(app, db);
  adminRoutes(app, db);
  adminAccountRoutes(app, db);
  tierRoutes(app, db);
  await ensureTaxonomy(db);
  const patientKeys = opts.patientKeys ?? PatientKeys.random();
  concernRoutes(app, db, patientKeys);
  practiceRoutes(app, db, patientKeys);
  continuityRoutes(app, db);
  providerRoutes(app, db);
  incidentRoutes(app, db);
  concernThemeRoutes(app, db);
  referralChoiceRoutes(app, db);
  patientVoiceRoutes(app, db);
  exportRoutes(app, db);
  reportRoutes(app, db);
  improvementRoutes(app, db);
  alertRoutes(app, db);
  lifecycleRoutes(app, db);
  groupRoutes(app, db);
  publicRoutes(app, db);
  emailRoutes(app, db, { enabled: Boolean(opts.email) });
  areaWorkforceRoutes(app, db);
  if (opts.email) {
    // the sender (and the week's digests) on an interval, stopped with the server
    const { startEmailWorker } = await import('../email/worker.js');
    const { settings, mailer, intervalMs } = opts.email;
    const worker = startEmailWorker(db, settings, { mailer, intervalMs, log: app.log });
    app.addHook('onClose', () => worker.stop());
  }
  await fhirRoutes(app, db);
  documentRoutes(app, db, { store: documentStore, maxBytes: documentMaxBytes });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  await apiDocs(app, db);

  const webRoot = opts.webRoot ?? WEB_DIST;
  const hasUi = existsSync(webRoot);
  if (hasUi) await app.register(fastifyStatic, { root: webRoot, wildcard: false });
  app.setNotFoundHandler((request, reply) => {
    // a page address is the app (it routes in the browser); a missing file (/assets/…, or anything with an
    // extension) is a 404, not the page, so a stale script reference fails visibly instead of parsing HTML
    const path = request.url.split('?')[0]!;
    const file = path.startsWith('/assets/') || /\.[^/.]+$/.test(path);
    if (path.startsWith('/api/') || !hasUi || request.method !== 'GET' || file)
      return reply
        .status(404)
        .type('application/problem+json')
        .send(
          problem(
            new AppError(404, 'not_found', `Nothing at ${request.method} ${request.url}`),
            request.url,
            request.id,
          ),
        );
    return reply.sendFile('index.html');
  });
  return app;
}
