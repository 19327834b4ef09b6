/**
 * Access control on the server (ASVS V4): every route declares who may call it, and the check runs before
 * the handler. Deny by default: a route must name its access to exist at all (the type requires it), and the
 * authorisation-matrix test walks every declared route with every role.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { Database, Queryable } from '../db/connect.js';
import { SEES_RAW_WITHIN_SCOPE, type Grant, type Role } from '../domain/roles.js';
import type { SignedIn } from '../auth/sessions.js';
import { grantsCovering } from '../auth/scope.js';
import { appendAudit, type AuditEntry } from '../auth/audit.js';
import { forbidden, notFound, unauthenticated } from './errors.js';

export type Access =
  /** anyone, signed in or not: published reference and open data */
  | { kind: 'public' }
  /** any signed-in user, acting on their own account */
  | { kind: 'signed_in' }
  /**
   * holders of one of these roles; when `org` is given, the grant must cover the organisation it returns
   * (`hide`: answer 404 rather than 403 where the record's existence is itself sensitive)
   */
  | {
      kind: 'roles';
      roles: readonly Role[];
      org?: (input: { params: Record<string, unknown>; query: Record<string, unknown> }) => string | null;
      hide?: boolean;
    };

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
    /** the grants that let this request through (empty for public routes) */
    readonly acting: Grant[],
  ) {}

  get grants(): Grant[] {
    return this.principal.kind === 'user' ? this.principal.grants : [];
  }

  /** The role named in audit entries: the acting grant's, else the first the user holds. */
  get role(): Role | null {
    return this.acting[0]?.role ?? this.grants[0]?.role ?? null;
  }

  /** Who acts, for records kept beside the audit trail (e.g. a concern's history). */
  get actor(): { userId: number | null; email: string; role: Role | null } {
    return this.principal.kind === 'user'
      ? { userId: this.principal.user.id, email: this.principal.user.email, role: this.role }
      : { userId: null, email: 'anonymous', role: null };
  }

  private rawCache = new Map<string, Promise<boolean>>();
  /** True when this viewer may see unsuppressed local figures for the organisation. */
  seesRawFor(orgCode: string): Promise<boolean> {
    if (this.principal.kind === 'anonymous') return Promise.resolve(false);
    let r = this.rawCache.get(orgCode);
    if (!r) {
      r = grantsCovering(this.db, this.grants, [...SEES_RAW_WITHIN_SCOPE], orgCode).then((g) => g.length > 0);
      this.rawCache.set(orgCode, r);
    }
    return r;
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

/** Decide; throws 401/403/404 and records refusals in the audit trail. Returns the grants that allowed it. */
export async function authorise(
  db: Database,
  request: FastifyRequest,
  principal: Principal,
  access: Access,
  input: { params: Record<string, unknown>; query: Record<string, unknown> },
): Promise<Grant[]> {
  if (access.kind === 'public') return [];
  if (principal.kind === 'anonymous') throw unauthenticated();
  if (access.kind === 'signed_in') return [];
  const withRole = principal.grants.filter((g) => access.roles.includes(g.role));
  const org = access.org?.(input) ?? null;
  const allowed = org === null ? withRole : await grantsCovering(db, withRole, access.roles, org);
  if (allowed.length > 0) return allowed;
  await appendAudit(db, {
    ...auditActor(principal, principal.grants[0]?.role ?? null),
    action: 'access.denied',
    target: `${request.method} ${request.routeOptions.url ?? request.url}`,
    outcome: 'denied',
    details: { org, holds: principal.grants.map((g) => `${g.role}${g.orgCode ? `@${g.orgCode}` : ''}`) },
    ip: request.ip,
  });
  if (access.hide) throw notFound(`Nothing at ${request.url}`);
  throw forbidden(
    withRole.length === 0
      ? `This needs one of the roles ${access.roles.join(', ')}.`
      : `Your ${withRole.map((g) => g.role).join(', ')} grant does not cover ${org}.`,
  );
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
export const ADMIN: Access = { kind: 'roles', roles: ['admin'] };
/** The commissioner quality team (and administrators). */
export const COMMISSIONING_ROLES: readonly Role[] = ['admin', 'commissioner_lead', 'commissioner_analyst'];
export const COMMISSIONING: Access = { kind: 'roles', roles: COMMISSIONING_ROLES };
