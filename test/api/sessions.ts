/** Test helpers: accounts for each role over the synthetic area, signing in, and calling the API as them. */
import type { FastifyInstance, InjectOptions } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { saveIndicatorDefinition } from '../../src/db/repos/indicators.js';
import { IndicatorDefinition } from '../../src/domain/indicators.js';
import type { Role } from '../../src/domain/roles.js';

export const TEST_PASSWORD = 'test-only lantern matrix passphrase';

/**
 * Each role's grant in the synthetic area (CCG 9Z1 holds practices Z10001–Z10018, 9Z2 the rest; PCN U90000 holds
 * Z10001–Z10009), and an organisation of the same kind inside ("own") and outside ("other") that grant.
 */
export const FIXTURES: Record<Role, { grant: string | null; own: string; other: string }> = {
  admin: { grant: null, own: 'Z10001', other: 'Z10030' },
  commissioner_lead: { grant: '9Z1', own: 'Z10002', other: 'Z10030' },
  commissioner_analyst: { grant: '9Z1', own: 'Z10003', other: 'Z10031' },
  practice_user: { grant: 'Z10001', own: 'Z10001', other: 'Z10030' },
  practice_clinician: { grant: 'Z10001', own: 'Z10001', other: 'Z10030' },
  peer_group_lead: { grant: 'U90000', own: 'Z10004', other: 'Z10032' },
  provider_user: { grant: 'RZ1', own: 'RZ1', other: 'RZ2' },
  partner: { grant: null, own: 'Z10001', other: 'Z10030' },
};

export interface TestSession {
  role: Role | 'anonymous';
  cookies: Record<string, string>;
  csrf: string;
}

export const ANON: TestSession = { role: 'anonymous', cookies: {}, csrf: '' };

export async function createRoleUser(db: Database, role: Role, email = `${role}@test.lantern.invalid`) {
  const u = await createLocalUser(db, { email, password: TEST_PASSWORD });
  await addGrant(db, u.id, role, FIXTURES[role].grant);
  return u;
}

export async function signIn(app: FastifyInstance, email: string, role: Role): Promise<TestSession> {
  const r = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { email, password: TEST_PASSWORD },
  });
  if (r.statusCode !== 200) throw new Error(`sign-in as ${email} failed: ${r.statusCode} ${r.body}`);
  const cookies = Object.fromEntries(r.cookies.map((c) => [c.name, c.value]));
  return { role, cookies, csrf: r.json().csrfToken };
}

/** Call as a session: its cookie, and its CSRF token on anything but GET. */
export function call(app: FastifyInstance, s: TestSession, req: InjectOptions) {
  return app.inject({
    ...req,
    cookies: { ...s.cookies, ...(req.cookies ?? {}) },
    headers: {
      ...(req.method && req.method !== 'GET' && s.csrf ? { 'x-csrf-token': s.csrf } : {}),
      ...(req.headers ?? {}),
    },
  });
}

/** A local (unpublished) indicator, which is suppressed at the edge for viewers outside its organisation's scope. */
export async function defineLocalIndicator(db: Database, code = 'local_dna_rate'): Promise<void> {
  await saveIndicatorDefinition(
    db,
    IndicatorDefinition.parse({
      code,
      version: 1,
      title: 'Missed appointments (local audit)',
      domain: 'access',
      direction: 'lower_better',
      unit: '%',
      multiplier: 100,
      method: 'proportion',
      numeratorDescription: 'appointments missed',
      denominatorDescription: 'appointments booked',
      orgType: 'practice',
      source: 'ICB audit (synthetic, for tests)',
      howToRead: 'Share of booked appointments missed.',
      published: false,
    }),
    1,
  );
}

export const genericCsv = (rows: Array<[string, string, string, number | string, number | string]>) =>
  'indicator_code,organisation_code,period,numerator,denominator,value\n' +
  rows.map((r) => `${r.join(',')},`).join('\n') +
  '\n';
