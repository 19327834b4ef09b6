/**
 * Access control on the server (ASVS V4): every route declares who may call it, and the check runs before
 * the handler. Deny by default: a route must name its access to exist at all (the type requires it), and the
 * authorisation-matrix test walks every declared route with every role.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../db/connect.js';
import type { Grant, Role } from '../domain/roles.js';
import type { SignedIn } from '../auth/sessions.js';
import { ACTIONS, Permissions, type Action } from '../auth/policy.js';
import { appendAudit, type AuditEntry } from '../auth/audit.js';
import { forbidden, notFound, unauthenticated } from './errors.js';

export type Access =
  /** anyone, signed in or not: published reference and open data */
  | { kind: 'public' }
  /** any signed-in user, acting on their own account */
  | { kind: 'signed_in' }
  /**
   * an action of the authorisation policy (src/auth/policy.ts); when `org` is given, the action is asked over
   * the organisation it returns (`hide`: answer 404 rather than 403 where the record's existence is itself
   * sensitive)
   */
  | {
      kind: 'action';
      action: Action;
      org?: (input: { params: Record<string, unknown>; query: Record<string, unknown> }) => string | null;
      hide?: boolean;
    };

/** A route open to whoever the policy allows the action, asked over the organisation `org` picks out. */
export const allow = (
  action: Action,
  org?: (input: { params: Record<string, unknown>; query: Record<string, unknown> }) => string | null,
  hide?: boolean,
): Access => ({ kind: 'action', action, ...(org ? { org } : {}), ...(hide ? { hide } : {}) });

/** The organisation named by a path parameter (`:code` by default). */
export const paramOrg =
  (name = 'code') =>
  ({ params }: { params: Record<string, unknown> }) =>
    typeof params[name] === 'string' ? (params[name] as string).toUpperCase() : null;

/** The organisation named by a query parameter. */
export const queryOrg =
  (name: string) =>
  ({ query }: { query: Record<string, unknown> }) =>
    typeof query[name] === 'string' ? (query[name] as string).toUpperCase() : null;

/** What an audit entry says beyond who acted. */
export type AuditFields = Omit<AuditEntry, 'actorUserId' | 'actor' | 'role'>;

export type Principal = { kind: 'anonymous' } | ({ kind: 'user' } & SignedIn);

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** Who is asking, for audit entries. */
export function auditActor(p: Principal, role: Role | null = null) {
  return p.kind === 'user'
    ? { actorUserId: p.user.id, actor: p.user.email, role }
    : { actorUserId: null, actor: 'anonymous', role: null };
}

/** What the request may see: the acting grants, and whether local (unpublished) figures come unsuppressed. */
export class Viewer {
  constructor(
    private readonly db: Database,
    readonly principal: Principal,
    /** what the viewer's grants allow: every decision about this request asks it */
    readonly permissions: Permissions,
    /** the grants that let this request through (empty for public routes) */
    readonly acting: Grant[],
  ) {}

  /** The role named in audit entries: the acting grant's, else the first the user holds. */
  get role(): Role | null {
    return this.acting[0]?.role ?? this.permissions.firstRole;
  }

  can(action: Action, resource: { org?: string | null } = {}): Promise<boolean> {
    return this.permissions.can(action, resource);
  }

  /**
   * Refuse unless the policy allows the action on the resource: 404 naming `what` (the record's existence is
   * not confirmed to someone who may not see it), or 403 with `refusal` when one is given.
   */
  async require(
    action: Action,
    resource: { org?: string | null },
    what: string,
    refusal?: string,
  ): Promise<void> {
    if (await this.permissions.can(action, resource)) return;
    throw refusal ? forbidden(refusal) : notFound(`Nothing at ${what} that you can see.`);
  }

  /** Who acts, for records kept beside the audit trail (e.g. a concern's history). */
  get actor(): { userId: number | null; email: string; role: Role | null } {
    return this.principal.kind === 'user'
      ? { userId: this.principal.user.id, email: this.principal.user.email, role: this.role }
      : { userId: null, email: 'anonymous', role: null };
  }

  /** True when this viewer may see unsuppressed local figures for the organisation. */
  seesRawFor(orgCode: string): Promise<boolean> {
    return this.permissions.can('figures.raw', { org: orgCode });
  }

  audit(db: Queryable, e: AuditFields, ip: string | null) {
    return appendAudit(db, { ...auditActor(this.principal, this.role), ...e, ip });
  }

  /** Make a change and record it in the audit trail in one transaction: both commit, or neither. */
  audited<T>(
    ip: string | null,
    entry: AuditFields | ((result: T) => AuditFields),
    change: (tx: Queryable) => Promise<T>,
  ): Promise<T> {
    return this.db.transaction(async (tx) => {
      const result = await change(tx);
      await this.audit(tx, typeof entry === 'function' ? entry(result) : entry, ip);
      return result;
    });
  }
}

/** The policy for a principal: the signed-in user's grants, or none. */
export const permissionsOf = (db: Database, p: Principal): Permissions =>
  p.kind === 'user' ? new Permissions(db, p.grants, p.user.id) : Permissions.anonymous(db);

/** Decide; throws 401/403/404 and records refusals in the audit trail. Returns the grants that allowed it. */
export async function authorise(
  db: Database,
  request: FastifyRequest,
  principal: Principal,
  permissions: Permissions,
  access: Access,
  input: { params: Record<string, unknown>; query: Record<string, unknown> },
): Promise<Grant[]> {
  if (access.kind === 'public') return [];
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (access.kind === 'signed_in') return [];
  // without an organisation the route lets through anyone who holds the action somewhere; its handler then
  // decides on the record (the organisations in an uploaded file, a concern's practice, a case's stage)
  const org = access.org?.(input) ?? null;
  const allowed =
    org === null ? permissions.held(access.action) : await permissions.grantsFor(access.action, { org });
  if (allowed.length > 0) return allowed;
  await appendAudit(db, {
    ...auditActor(principal, permissions.firstRole),
    action: 'access.denied',
    target: `${request.method} ${request.routeOptions.url ?? request.url}`,
    outcome: 'denied',
    details: { org, needs: access.action, holds: permissions.describeGrants() },
    ip: request.ip,
  });
  if (access.hide) throw notFound(`Nothing at ${request.url}`);
  throw forbidden(refusalFor(access.action, permissions.holds(access.action), org));
}

/** A refusal that says what the person cannot do here and what they can do instead. */
function refusalFor(action: Action, holdsIt: boolean, org: string | null): string {
  const what = ACTIONS[action].means;
  return holdsIt && org
    ? `You cannot ${what} for ${org}: your account covers other organisations. Ask your administrator for access to ${org} if you need it.`
    : `You cannot ${what} with your account. Ask your administrator if your role should allow it.`;
}

/** Anti-CSRF (synchroniser token): state-changing requests from a session carry its token in x-csrf-token. */
export function checkCsrf(request: FastifyRequest, principal: Principal): void {
  if (principal.kind !== 'user') return;
  const sent = request.headers['x-csrf-token'];
  const expected = Buffer.from(principal.session.csrfToken);
  const got = Buffer.from(typeof sent === 'string' ? sent : '');
  if (got.length !== expected.length || !timingSafeEqual(got, expected))
    throw forbidden(
      'This request is missing its CSRF token (the x-csrf-token header from /api/auth/session).',
    );
}

export const PUBLIC: Access = { kind: 'public' };
export const SIGNED_IN: Access = { kind: 'signed_in' };
/** Administrators: accounts and grants. */
export const ADMIN: Access = allow('admin.users');
