/** Sign-in (password and OpenID Connect), the current session, sign-out, and the user's own sessions. */
import { nowIso } from '../../domain/clock.js';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Database } from '../../db/connect.js';
import { appendAudit } from '../audit.js';
import {
  activeSessions,
  createSession,
  endAllSessions,
  endSession,
  IDLE_MINUTES,
  SESSION_COOKIE,
  ABSOLUTE_HOURS,
} from '../sessions.js';
import { checkPassword, grantsOf, upsertOidcUser } from '../users.js';
import { grantsFromClaims, type OidcClient } from '../oidc.js';
import { ROLE_LABEL } from '../../domain/roles.js';
import { PUBLIC, SIGNED_IN, auditActor } from '../../api/access.js';
import { AppError, badRequest, notFound, unauthenticated } from '../../api/errors.js';
import { route } from '../../api/route.js';
import { IdParams } from '../../api/params.js';
import { keepPendingSignIn, organisationNames, takePendingSignIn } from '../../db/repos/accounts.js';
import {
  loginBody,
  oidcCallbackQuery,
  oidcLoginQuery,
  sessionEnded,
  sessionList,
  sessionView,
  signedInAnswer,
  signedOut,
} from '../contract.js';

export interface AuthOptions {
  /** Secure cookies (always, outside tests over plain http) */
  secureCookies: boolean;
  oidc: OidcClient | null;
  /** demo accounts to list on the sign-in page (demo mode only) */
  demoAccounts: Array<{ email: string; password: string; role: string; org: string | null }>;
}

const SIGN_IN_REFUSED =
  'That e-mail and password were not recognised. After several failed attempts an account is locked for a while; try again later or ask your administrator.';

export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean): void {
  void reply.setCookie(secure ? SESSION_COOKIE : SESSION_COOKIE.replace('__Host-', ''), token, {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax',
    maxAge: ABSOLUTE_HOURS * 3600,
  });
}

export function clearSessionCookie(reply: FastifyReply, secure: boolean): void {
  void reply.clearCookie(secure ? SESSION_COOKIE : SESSION_COOKIE.replace('__Host-', ''), {
    path: '/',
    httpOnly: true,
    secure,
    sameSite: 'lax',
  });
}

export function authRoutes(app: FastifyInstance, db: Database, opts: AuthOptions): void {
  route(app, db, {
    method: 'POST',
    url: '/api/auth/login',
    summary: 'Sign in with e-mail and password; sets the session cookie and returns the CSRF token',
    tags: ['auth'],
    access: PUBLIC,
    body: loginBody,
    responses: { 200: signedInAnswer },
    rateLimit: { max: 10, timeWindow: '1 minute' },
    handler: async ({ body, request, reply }) => {
      const result = await checkPassword(db, body.email, body.password);
      const base = { target: null, ip: request.ip, action: 'auth.sign_in' };
      if (result.kind !== 'ok') {
        await appendAudit(db, {
          ...base,
          actorUserId: result.kind === 'locked' ? result.userId : null,
          actor: body.email.trim().toLowerCase().slice(0, 254),
          role: null,
          outcome: 'failure',
          details: { method: 'password', reason: result.kind === 'locked' ? 'locked' : result.reason },
        });
        throw unauthenticated(SIGN_IN_REFUSED);
      }
      const { token, session } = await createSession(
        db,
        result.user.id,
        'password',
        request.headers['user-agent'] ?? null,
      );
      const grants = await grantsOf(db, result.user.id);
      await appendAudit(db, {
        ...base,
        actorUserId: result.user.id,
        actor: result.user.email,
        role: grants[0]?.role ?? null,
        outcome: 'success',
        details: {
          method: 'password',
          session: session.id,
          grants: grants.map((g) => `${g.role}${g.orgCode ? `@${g.orgCode}` : ''}`),
        },
      });
      setSessionCookie(reply, token, opts.secureCookies);
      return { user: result.user, grants, csrfToken: session.csrfToken };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/auth/session',
    summary:
      'The signed-in user, their roles and the CSRF token (user null when not signed in), and how to sign in',
    tags: ['auth'],
    access: PUBLIC,
    responses: { 200: sessionView },
    handler: async ({ request, reply, viewer }) => {
      void reply.header('cache-control', 'no-store');
      const p = request.principal;
      const signIn = {
        password: true,
        oidc: opts.oidc ? { label: opts.oidc.settings.label, url: '/api/auth/oidc/login' } : null,
        demoAccounts: opts.demoAccounts,
      };
      if (p.kind === 'anonymous') return { user: null, signIn };
      const names = await organisationNames(
        db,
        p.grants.map((g) => g.orgCode).filter((c): c is string => !!c),
      );
      return {
        user: p.user,
        grants: p.grants.map((g) => ({
          ...g,
          roleLabel: ROLE_LABEL[g.role],
          orgName: g.orgCode ? (names.get(g.orgCode) ?? null) : null,
        })),
        // what the user may do, and where (null: everywhere): pages show what the server would allow
        permissions: viewer.permissions.summary(),
        csrfToken: p.session.csrfToken,
        session: {
          id: p.session.id,
          method: p.session.method,
          expiresAt: p.session.expiresAt,
          idleMinutes: IDLE_MINUTES,
        },
        signIn,
      };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/auth/logout',
    summary: 'Sign out of this session',
    tags: ['auth'],
    access: SIGNED_IN,
    responses: { 200: signedOut },
    handler: async ({ viewer, request, reply }) => {
      const p = signedIn(request);
      await endSession(db, p.user.id, p.session.id);
      await viewer.audit(
        db,
        { action: 'auth.sign_out', target: `session:${p.session.id}`, outcome: 'success' },
        request.ip,
      );
      clearSessionCookie(reply, opts.secureCookies);
      return { signedOut: 1 };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/auth/logout-all',
    summary: 'Sign out everywhere: end every session of this user',
    tags: ['auth'],
    access: SIGNED_IN,
    responses: { 200: signedOut },
    handler: async ({ viewer, request, reply }) => {
      const p = signedIn(request);
      const n = await endAllSessions(db, p.user.id);
      await viewer.audit(
        db,
        {
          action: 'auth.sign_out_everywhere',
          target: `user:${p.user.id}`,
          outcome: 'success',
          details: { sessions: n },
        },
        request.ip,
      );
      clearSessionCookie(reply, opts.secureCookies);
      return { signedOut: n };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/auth/sessions',
    summary: "The signed-in user's active sessions",
    tags: ['auth'],
    access: SIGNED_IN,
    responses: { 200: sessionList },
    handler: async ({ request }) => {
      const p = signedIn(request);
      const rows = await activeSessions(db, p.user.id);
      return { sessions: rows.map((s) => ({ ...s, current: s.id === p.session.id })) };
    },
  });

  route(app, db, {
    method: 'DELETE',
    url: '/api/auth/sessions/:id',
    summary: 'End one of your own sessions',
    tags: ['auth'],
    access: SIGNED_IN,
    params: IdParams('a session number'),
    responses: { 200: sessionEnded },
    handler: async ({ params, viewer, request }) => {
      const p = signedIn(request);
      // someone else's session id answers exactly as a missing one does
      if (!(await endSession(db, p.user.id, params.id)))
        throw notFound(`You have no active session ${params.id}`);
      await viewer.audit(
        db,
        { action: 'auth.end_session', target: `session:${params.id}`, outcome: 'success' },
        request.ip,
      );
      return { ended: params.id };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/auth/oidc/login',
    summary: 'Start signing in with the configured OpenID Connect provider (redirects there)',
    tags: ['auth'],
    access: PUBLIC,
    query: oidcLoginQuery,
    responses: { 302: null },
    rateLimit: { max: 30, timeWindow: '1 minute' },
    handler: async ({ query, reply }) => {
      if (!opts.oidc) throw notFound('OpenID Connect sign-in is not configured on this server');
      const start = await opts.oidc.start().catch((e: unknown) => {
        throw new AppError(
          502,
          'internal',
          `The identity provider could not be reached (${(e as Error).message}).`,
        );
      });
      await keepPendingSignIn(
        db,
        {
          state: start.state,
          codeVerifier: start.codeVerifier,
          nonce: start.nonce,
          returnTo: query.returnTo,
        },
        nowIso(),
      );
      return reply.redirect(start.url, 302);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/auth/oidc/callback',
    summary: 'Where the OpenID Connect provider returns; creates the session',
    tags: ['auth'],
    access: PUBLIC,
    query: oidcCallbackQuery,
    responses: { 302: null },
    rateLimit: { max: 30, timeWindow: '1 minute' },
    handler: async ({ query, request, reply }) => {
      if (!opts.oidc) throw notFound('OpenID Connect sign-in is not configured on this server');
      const pending = await takePendingSignIn(db, query.state, nowIso());
      if (!pending) throw badRequest('This sign-in has expired or was already used; start again.');
      const settings = opts.oidc.settings;
      const callback = new URL(settings.redirectUri);
      callback.search = new URL(request.url, 'http://x').search;
      let identity: { subject: string; claims: Record<string, unknown> };
      try {
        identity = await opts.oidc.finish(callback, pending);
      } catch (e) {
        await appendAudit(db, {
          actorUserId: null,
          actor: 'anonymous',
          role: null,
          action: 'auth.sign_in',
          target: null,
          outcome: 'failure',
          details: { method: 'oidc', reason: (e as Error).message.slice(0, 200) },
          ip: request.ip,
        });
        throw unauthenticated('The identity provider did not confirm this sign-in.');
      }
      const grants = grantsFromClaims(identity.claims, settings.roleMap);
      const email =
        typeof identity.claims.email === 'string'
          ? identity.claims.email
          : `${identity.subject}@${new URL(settings.issuer).host}`;
      const name = typeof identity.claims.name === 'string' ? identity.claims.name : null;
      const user = await db.transaction((tx) =>
        upsertOidcUser(tx, settings.issuer, identity.subject, email, name, grants),
      );
      // an administrator disabled this account: the identity provider's word does not bring it back
      if (user.disabled) {
        await appendAudit(db, {
          actorUserId: user.id,
          actor: user.email,
          role: null,
          action: 'auth.sign_in',
          target: null,
          outcome: 'failure',
          details: { method: 'oidc', reason: 'disabled' },
          ip: request.ip,
        });
        throw unauthenticated('This account has been disabled. Ask your administrator.');
      }
      const { token, session } = await createSession(
        db,
        user.id,
        'oidc',
        request.headers['user-agent'] ?? null,
      );
      await appendAudit(db, {
        ...auditActor({ kind: 'user', user, grants: [], session }, grants[0]?.role ?? null),
        action: 'auth.sign_in',
        target: null,
        outcome: 'success',
        details: {
          method: 'oidc',
          session: session.id,
          grants: grants.map((g) => `${g.role}${g.orgCode ? `@${g.orgCode}` : ''}`),
        },
        ip: request.ip,
      });
      setSessionCookie(reply, token, opts.secureCookies);
      return reply.redirect(grants.length ? pending.returnTo : '/account?no-role=1', 302);
    },
  });
}

/** The caller of a signed-in-only route (the access rule has already refused anyone else). */
function signedIn(request: FastifyRequest) {
  const p = request.principal;
  if (p.kind !== 'user') throw unauthenticated();
  return p;
}
