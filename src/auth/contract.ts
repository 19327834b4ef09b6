/**
 * Sign-in, sessions, passwords and account administration: the requests and answers of /api/auth/*,
 * /api/admin/* and /api/audit*.
 */
import { z } from 'zod';
import { timestamp } from '../api/route.js';
import { idParam, IdParams, OrgCode } from '../api/params.js';
import { isValidIsoDate } from '../domain/periods.js';
import { ROLES } from '../domain/roles.js';
import { ACTIONS, type Action } from './policy.js';

// ---- accounts and grants

export const user = z.object({
  id: z.number().int(),
  email: z.string(),
  displayName: z.string().nullable(),
  identitySource: z.string(),
  demo: z.boolean(),
  disabled: z.boolean(),
  lastSignInAt: timestamp().nullable(),
});

export const grant = z.object({
  id: z.number().int(),
  role: z.enum(ROLES),
  /** null: the role is not scoped to an organisation */
  orgCode: z.string().nullable(),
});

/** A grant as the signed-in user's pages show it: with the role's label and the organisation's name. */
export const grantView = grant.extend({ roleLabel: z.string(), orgName: z.string().nullable() });

const actionNames = Object.keys(ACTIONS) as [Action, ...Action[]];

// ---- sign-in and the session

export const loginBody = z.object({
  email: z.string().min(1).max(254),
  password: z.string().min(1).max(1024),
});
export const signedInAnswer = z.object({ user, grants: z.array(grant), csrfToken: z.string() });

const signInOptions = z.object({
  password: z.boolean(),
  oidc: z.object({ label: z.string(), url: z.string() }).nullable(),
  demoAccounts: z.array(
    z.object({ email: z.string(), password: z.string(), role: z.string(), org: z.string().nullable() }),
  ),
});

/** The session: user null (and only how to sign in) when nobody is signed in. */
export const sessionView = z.object({
  user: user.nullable(),
  grants: z.array(grantView).optional(),
  /** each action the user holds, with the organisations it is held at (null: everywhere) */
  permissions: z.partialRecord(z.enum(actionNames), z.array(z.string()).nullable()).optional(),
  csrfToken: z.string().optional(),
  session: z
    .object({ id: z.number().int(), method: z.string(), expiresAt: timestamp(), idleMinutes: z.number() })
    .optional(),
  signIn: signInOptions,
});

/** `?org=`: the organisation whose page is being drawn. */
export const permissionsAtQuery = z.object({ org: OrgCode.shape.code });

/**
 * What the viewer may do over one organisation: the actions the server's policy allows there, with the hierarchy as
 * it is today (a grant at an ICB covers its CCGs and practices; a PCN's covers neither its CCG nor its ICB), so that
 * a page asks only for the sections the viewer may see. Empty for a visitor not signed in.
 */
export const permissionsAt = z.object({ org: z.string(), actions: z.array(z.enum(actionNames)) });

export const signedOut = z.object({ signedOut: z.number().int() });

export const sessionList = z.object({
  sessions: z.array(
    z.object({
      id: z.number().int(),
      method: z.string(),
      createdAt: timestamp(),
      lastSeenAt: timestamp(),
      expiresAt: timestamp(),
      userAgent: z.string().nullable(),
      /** the session this request came in */
      current: z.boolean(),
    }),
  ),
});
export const sessionEnded = z.object({ ended: z.number().int() });

export const oidcLoginQuery = z.object({
  returnTo: z
    .string()
    .regex(/^\/[\w\-/]*$/, 'must be a path in Lantern')
    .max(200)
    .default('/'),
});
export const oidcCallbackQuery = z.object({ state: z.string().min(1).max(200) }).passthrough();

// ---- passwords

export const passwordChangeBody = z.object({
  currentPassword: z.string().min(1).max(1024),
  newPassword: z.string().max(1024),
});
export const passwordChanged = z.object({ changed: z.literal(true), otherSessionsEnded: z.number().int() });

// ---- administration

const orgField = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z0-9]{3,9}$/, 'must be an ODS code')
  .nullable()
  .default(null);
export const userIdParams = IdParams('a user number');
export const grantBody = z.object({ role: z.enum(ROLES), org: orgField });
export const newUserBody = z.object({
  email: z.string().max(254),
  password: z.string().max(256),
  displayName: z.string().max(120).nullable().default(null),
  role: z.enum(ROLES),
  org: orgField,
});
export const passwordResetBody = z.object({ password: z.string().max(1024) });

export const userList = z.object({ users: z.array(user.extend({ grants: z.array(grant) })) });
export const userCreated = z.object({ user });
export const grantAdded = z.object({ grant });
export const grantRevoked = z.object({
  revoked: z.object({ role: z.enum(ROLES), org: z.string().nullable() }),
  sessionsEnded: z.number().int(),
});
export const passwordReset = z.object({
  user: z.object({ id: z.number().int(), email: z.string() }),
  sessionsEnded: z.number().int(),
});
export const accountSwitched = z.object({ user, sessionsEnded: z.number().int() });

// ---- the audit trail

const isoDate = z.string().refine(isValidIsoDate, 'must be a date as YYYY-MM-DD');
export const auditFilter = z.object({
  action: z
    .string()
    .max(60)
    .regex(/^[a-z_.]*$/)
    .optional(),
  actor: z.string().max(254).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
});
export const auditSearchQuery = auditFilter.extend({
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: idParam('an entry number').optional(),
});

export const auditEntry = z.object({
  seq: z.number().int(),
  at: timestamp(),
  actorUserId: z.number().int().nullable(),
  /** the signed-in user's e-mail, 'anonymous', or 'cli' */
  actor: z.string(),
  role: z.string().nullable(),
  action: z.string(),
  target: z.string().nullable(),
  outcome: z.enum(['success', 'failure', 'denied', 'refused', 'error']),
  details: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});
export const auditEntries = z.object({ entries: z.array(auditEntry) });

export const auditVerification = z.union([
  z.object({ ok: z.literal(true), entries: z.number().int(), headHash: z.string() }),
  z.object({
    ok: z.literal(false),
    entries: z.number().int(),
    headHash: z.string(),
    breakCount: z.number().int(),
    breaks: z.array(z.object({ seq: z.number().int(), problem: z.string() })),
  }),
]);
