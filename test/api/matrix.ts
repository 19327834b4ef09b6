/**
 * The authorisation matrix: every declared route × anonymous and every role × own/other organisation, checked
 * against a policy written here, independently of the routes' own declarations. A route missing from this
 * table fails the test, so a new route cannot ship unchecked.
 */
import type { FastifyInstance, InjectOptions } from 'fastify';
import { routeTable } from '../../src/api/route.js';
import { ROLES, type Role } from '../../src/domain/roles.js';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { addGrant, createLocalUser } from '../../src/auth/users.js';
import { createConcern } from '../../src/concerns/concerns.js';
import { openIncident } from '../../src/concerns/incidents.js';
import { PatientKeys } from '../../src/concerns/nhs-number.js';
import { openCase } from '../../src/improvement/service.js';
import { saveGroup } from '../../src/variation/groups.js';
import { generateForPractice } from '../../src/population/service.js';
import { listPatients } from '../../src/db/repos/population.js';
import {
  ANON,
  call,
  createRoleUser,
  defineLocalIndicator,
  FIXTURES,
  genericCsv,
  signIn,
  TEST_PASSWORD,
  type TestSession,
} from './sessions.js';

type Subject = Role | 'anonymous';
type Allow = 'everyone' | 'signed_in' | readonly Role[];
const COMMISSIONING = ['admin', 'commissioner_lead', 'commissioner_analyst'] as const;
const CONCERN_USERS = [...COMMISSIONING, 'practice_user', 'provider_user'] as const;
const IMPROVEMENT = [...COMMISSIONING, 'practice_user', 'peer_group_lead', 'partner'] as const;
const DOCUMENT_USERS = [...COMMISSIONING, 'practice_user'] as const;

interface Probe {
  allow: Allow;
  /**
   * what the request is about, probed for the subject's own and another:
   * - `org` (or true): an organisation (a practice, CCG or ICB): roles are allowed only where their grant covers it;
   * - `area`: a commissioning area's record (settings, surveillance, incidents): only that area's commissioners;
   * - `trust`: a provider: its own users only for their trust, the other roles listed for any provider.
   */
  scoped?: true | 'area' | 'trust';
  /**
   * the request is about a record of the subject's own area (or practice) and one of another: those listed must
   * get it (2xx), the others allowed by `allow` must be refused (403 or 404)
   */
  records?: { own: readonly Subject[]; other: readonly Subject[] };
  /** the answer carries concern counts: `suppressed` must be false for the commissioner team, true for the rest */
  counts?: (body: Record<string, unknown>) => unknown;
  /** the call ends sessions: make it from a fresh session of the same user */
  fresh?: boolean;
  request: (c: {
    role: Subject;
    org: string;
    /** the commissioning area probed: the subject's own (9Z1) or another (9Z2) */
    area: string;
    /** the trust probed: the provider user's own (RZ1) or another (RZ2) */
    trust: string;
    /** an incident recorded by the area probed */
    incident: number;
    /** records of the area probed: a concern, an improvement case, a practice group */
    records: { concern: number; case: number; group: number; patient: number };
    which: 'own' | 'other';
    n: number;
    sessionId: number | null;
    targetUserId: number;
  }) => InjectOptions;
}

let counter = 0;
export const POLICY: Record<string, Probe> = {
  'GET /api/health': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/health' }) },
  'GET /api/health/live': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/health/live' }) },
  'GET /api/health/ready': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/health/ready' }),
  },
  'GET /api/docs': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/docs' }) },
  'GET /api/docs/start.js': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/docs/start.js' }),
  },
  'POST /api/auth/login': {
    allow: 'everyone',
    request: () => ({
      method: 'POST',
      url: '/api/auth/login',
      payload: {
        email: 'matrix-login@test.lantern.invalid',
        password: 'test-only lantern matrix passphrase',
      },
    }),
  },
  'GET /api/auth/session': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/auth/session' }),
  },
  'GET /api/auth/session/permissions': {
    allow: 'everyone',
    request: (c) => ({ method: 'GET', url: `/api/auth/session/permissions?org=${c.org}` }),
  },
  'POST /api/auth/logout': {
    allow: 'signed_in',
    fresh: true,
    request: () => ({ method: 'POST', url: '/api/auth/logout' }),
  },
  'POST /api/auth/logout-all': {
    allow: 'signed_in',
    fresh: true,
    request: () => ({ method: 'POST', url: '/api/auth/logout-all' }),
  },
  'POST /api/auth/password': {
    allow: 'signed_in',
    // the right current password and a too-short new one: every check runs, nothing changes
    request: () => ({
      method: 'POST',
      url: '/api/auth/password',
      payload: { currentPassword: TEST_PASSWORD, newPassword: 'short' },
    }),
  },
  'GET /api/auth/sessions': {
    allow: 'signed_in',
    request: () => ({ method: 'GET', url: '/api/auth/sessions' }),
  },
  'DELETE /api/auth/sessions/:id': {
    allow: 'signed_in',
    fresh: true,
    request: (c) => ({ method: 'DELETE', url: `/api/auth/sessions/${c.sessionId ?? 999999}` }),
  },
  'GET /api/auth/oidc/login': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/auth/oidc/login' }),
  },
  'GET /api/auth/oidc/callback': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/auth/oidc/callback?state=unknown&code=x' }),
  },
  'GET /api/organisations': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/organisations?q=synthetic' }),
  },
  'GET /api/hierarchy': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/hierarchy' }) },
  'GET /api/organisations/:code': {
    allow: 'everyone',
    request: (c) => ({ method: 'GET', url: `/api/organisations/${c.org}` }),
  },
  'GET /api/organisations/:code/population': {
    allow: 'everyone',
    request: (c) => ({ method: 'GET', url: `/api/organisations/${c.org}/population` }),
  },
  'GET /api/indicators': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/indicators' }) },
  'GET /api/organisations/:code/indicators': {
    allow: 'everyone',
    request: (c) => ({ method: 'GET', url: `/api/organisations/${c.org}/indicators` }),
  },
  'GET /api/organisations/:code/indicator-list': {
    allow: 'everyone',
    request: (c) => ({ method: 'GET', url: `/api/organisations/${c.org}/indicator-list` }),
  },
  'GET /api/organisations/:code/rollup': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/organisations/9Z1/rollup?indicator=local_dna_rate' }),
  },
  'GET /api/loads': { allow: COMMISSIONING, request: () => ({ method: 'GET', url: '/api/loads' }) },
  'POST /api/loads': {
    allow: COMMISSIONING,
    scoped: true,
    request: (c) => ({
      method: 'POST',
      url: `/api/loads?name=matrix-${c.n}.csv`,
      headers: { 'content-type': 'text/csv' },
      payload: genericCsv([
        ['local_dna_rate', c.org, `2023-${String((c.n % 12) + 1).padStart(2, '0')}`, 10 + c.n, 400],
      ]),
    }),
  },
  'GET /api/indicators/:code/funnel': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/indicators/antibiotic_items_per_starpu/funnel?area=9Z1' }),
  },
  'GET /api/indicators/:code/funnel/points': {
    allow: 'everyone',
    request: () => ({
      method: 'GET',
      url: '/api/indicators/antibiotic_items_per_starpu/funnel/points?area=9Z1',
    }),
  },
  'GET /api/practices/:code/spc': {
    allow: 'everyone',
    request: (c) => ({ method: 'GET', url: `/api/practices/${c.org}/spc` }),
  },
  'GET /api/practices/:code/peers': {
    allow: 'everyone',
    request: (c) => ({ method: 'GET', url: `/api/practices/${c.org}/peers` }),
  },
  'GET /api/tiers/rules': { allow: 'everyone', request: () => ({ method: 'GET', url: '/api/tiers/rules' }) },
  'POST /api/tiers/rules': {
    allow: ['admin', 'commissioner_lead'],
    request: () => ({
      method: 'POST',
      url: '/api/tiers/rules',
      payload: { note: 'matrix probe', minIndicators: 1 },
    }),
  },
  'GET /api/practices/:code/tier': {
    allow: ['admin', 'commissioner_lead', 'commissioner_analyst', 'practice_user', 'peer_group_lead'],
    scoped: true,
    request: (c) => ({ method: 'GET', url: `/api/practices/${c.org}/tier` }),
  },
  'GET /api/tiers': {
    allow: COMMISSIONING,
    scoped: true,
    request: (c) => ({ method: 'GET', url: `/api/tiers?area=${c.org}` }),
  },
  'GET /api/admin/users': { allow: ['admin'], request: () => ({ method: 'GET', url: '/api/admin/users' }) },
  'POST /api/admin/users': {
    allow: ['admin'],
    request: (c) => ({
      method: 'POST',
      url: '/api/admin/users',
      payload: {
        email: `made-${c.n}@test.lantern.invalid`,
        password: 'test-only lantern matrix passphrase',
        role: 'partner',
      },
    }),
  },
  'POST /api/admin/users/:id/grants': {
    allow: ['admin'],
    request: (c) => ({
      method: 'POST',
      url: `/api/admin/users/${c.targetUserId}/grants`,
      payload: { role: 'practice_user', org: 'Z10005' },
    }),
  },
  'POST /api/admin/users/:id/revoke': {
    allow: ['admin'],
    request: (c) => ({
      method: 'POST',
      url: `/api/admin/users/${c.targetUserId}/revoke`,
      payload: { role: 'partner' },
    }),
  },
  'POST /api/admin/users/:id/password': {
    allow: ['admin'],
    request: (c) => ({
      method: 'POST',
      url: `/api/admin/users/${c.targetUserId}/password`,
      payload: { password: TEST_PASSWORD },
    }),
  },
  'POST /api/admin/users/:id/disable': {
    allow: ['admin'],
    request: (c) => ({ method: 'POST', url: `/api/admin/users/${c.targetUserId}/disable` }),
  },
  'POST /api/admin/users/:id/enable': {
    allow: ['admin'],
    request: (c) => ({ method: 'POST', url: `/api/admin/users/${c.targetUserId}/enable` }),
  },
  'GET /api/audit': { allow: ['admin'], request: () => ({ method: 'GET', url: '/api/audit?limit=5' }) },
  'GET /api/audit/export': {
    allow: ['admin'],
    request: () => ({ method: 'GET', url: '/api/audit/export?action=auth' }),
  },
  'GET /api/concerns/taxonomy': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/concerns/taxonomy' }),
  },
  'PUT /api/concerns/taxonomy/categories/:id': {
    allow: ['admin'],
    request: () => ({
      method: 'PUT',
      url: '/api/concerns/taxonomy/categories/matrix_probe',
      payload: { parentId: 'other', label: 'Matrix probe', nrls: 'other', retired: true },
    }),
  },
  'POST /api/concerns': {
    allow: ['practice_user'],
    request: () => ({
      method: 'POST',
      url: '/api/concerns',
      payload: {
        provider: 'RZ1',
        category: 'clinic_letter_late',
        description: 'Clinic letter arrived three weeks after the appointment.',
        harm: 'no_harm',
        eventDate: '2024-01-10',
      },
    }),
  },
  'GET /api/concerns': { allow: CONCERN_USERS, request: () => ({ method: 'GET', url: '/api/concerns' }) },
  'GET /api/concerns/:id': {
    allow: CONCERN_USERS,
    // a concern from a practice of 9Z1 (own) and of 9Z2 (other), not yet sent to the provider
    records: {
      own: [...COMMISSIONING, 'practice_user'],
      other: ['admin'],
    },
    request: (c) => ({ method: 'GET', url: `/api/concerns/${c.records.concern}` }),
  },
  'POST /api/concerns/:id/transitions': {
    allow: CONCERN_USERS,
    request: () => ({
      method: 'POST',
      url: '/api/concerns/999999/transitions',
      payload: { to: 'triaged', reason: 'matrix probe' },
    }),
  },
  'POST /api/concerns/:id/acknowledge': {
    allow: COMMISSIONING,
    request: () => ({ method: 'POST', url: '/api/concerns/999999/acknowledge' }),
  },
  'GET /api/concerns/:id/related': {
    allow: [...COMMISSIONING, 'practice_user'],
    request: () => ({ method: 'GET', url: '/api/concerns/999999/related' }),
  },
  'POST /api/concerns/:id/nhs-number': {
    allow: ['admin', 'commissioner_lead'],
    request: () => ({
      method: 'POST',
      url: '/api/concerns/999999/nhs-number',
      payload: { reason: 'matrix probe of the reveal route' },
    }),
  },
  'GET /api/concerns/themes': {
    allow: COMMISSIONING,
    request: () => ({ method: 'GET', url: '/api/concerns/themes' }),
  },
  'GET /api/providers/:code/signals': {
    allow: [...COMMISSIONING, 'partner', 'provider_user'],
    scoped: 'trust',
    counts: (b) => b.suppressed,
    request: (c) => ({ method: 'GET', url: `/api/providers/${c.trust}/signals` }),
  },
  'GET /api/providers/:code/incidents': {
    allow: [...COMMISSIONING, 'partner', 'provider_user'],
    scoped: 'trust',
    request: (c) => ({ method: 'GET', url: `/api/providers/${c.trust}/incidents` }),
  },
  'GET /api/providers/:code/scorecard': {
    allow: 'everyone',
    counts: (b) => (b.concerns as { suppressed?: boolean } | null)?.suppressed,
    request: () => ({ method: 'GET', url: '/api/providers/RZ1/scorecard' }),
  },
  'POST /api/providers/:code/surveillance': {
    allow: ['admin', 'commissioner_lead'],
    scoped: 'area',
    request: (c) => ({
      method: 'POST',
      url: '/api/providers/RZ3/surveillance',
      payload: { area: c.area, level: 'routine', reason: 'matrix probe: no change in status' },
    }),
  },
  'GET /api/providers/:code/settings': {
    allow: COMMISSIONING,
    scoped: 'area',
    request: (c) => ({ method: 'GET', url: `/api/providers/RZ1/settings?area=${c.area}` }),
  },
  'PUT /api/providers/:code/settings': {
    allow: ['admin', 'commissioner_lead'],
    scoped: 'area',
    request: (c) => ({
      method: 'PUT',
      url: '/api/providers/RZ3/settings',
      payload: {
        area: c.area,
        acknowledge: 2,
        triage: 5,
        providerResponse: 10,
        commissionerReview: 10,
        incidentRegime: 'psirf',
      },
    }),
  },
  'POST /api/incidents': {
    allow: COMMISSIONING,
    scoped: 'area',
    request: (c) => ({
      method: 'POST',
      url: '/api/incidents',
      payload: {
        provider: 'RZ3',
        area: c.area,
        title: 'Matrix probe',
        description: 'Matrix probe incident',
        identifiedOn: '2024-01-10',
      },
    }),
  },
  'POST /api/incidents/:id': {
    allow: COMMISSIONING,
    scoped: 'area',
    request: (c) => ({
      method: 'POST',
      url: `/api/incidents/${c.incident}`,
      payload: { document: { title: 'Matrix probe', reference: `probe-${c.n}` } },
    }),
  },
  'GET /api/referral-choice': {
    allow: 'signed_in',
    counts: (b) => (b.providers as Array<{ concerns: { suppressed: boolean } }>)[0]?.concerns.suppressed,
    request: () => ({ method: 'GET', url: '/api/referral-choice?providers=RZ1,RZ2' }),
  },
  'GET /api/reports/qsg': {
    allow: [...COMMISSIONING, 'partner'],
    scoped: true,
    request: (c) => ({ method: 'GET', url: `/api/reports/qsg?area=${c.org}&format=json` }),
  },
  'GET /api/reports/practice/:code': {
    allow: ['admin', 'commissioner_lead', 'commissioner_analyst', 'practice_user', 'peer_group_lead'],
    scoped: true,
    request: (c) => ({ method: 'GET', url: `/api/reports/practice/${c.org}?format=json` }),
  },
  'GET /api/reports/committee/:icb': {
    allow: COMMISSIONING,
    scoped: 'area',
    request: (c) => ({ method: 'GET', url: `/api/reports/committee/${c.area}?format=json` }),
  },
  'GET /api/audit/verify': { allow: ['admin'], request: () => ({ method: 'GET', url: '/api/audit/verify' }) },
  'GET /api/indicators/:code/deciles': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/indicators/antibiotic_items_per_starpu/deciles' }),
  },
  'GET /api/practices/:code/spine': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/practices/Z10001/spine' }),
  },
  'GET /api/practices/:code/cusum': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/practices/Z10001/cusum' }),
  },
  'GET /api/indicators/lifecycle': {
    allow: [...COMMISSIONING, 'practice_user', 'peer_group_lead'],
    request: () => ({ method: 'GET', url: '/api/indicators/lifecycle' }),
  },
  'GET /api/indicators/:code/lifecycle': {
    allow: [...COMMISSIONING, 'practice_user', 'peer_group_lead'],
    request: () => ({ method: 'GET', url: '/api/indicators/no_such_indicator/lifecycle' }),
  },
  'POST /api/indicators/:code/lifecycle': {
    allow: ['admin', 'commissioner_lead'],
    request: () => ({
      method: 'POST',
      url: '/api/indicators/no_such_indicator/lifecycle',
      payload: { to: 'proposed', why: 'matrix probe' },
    }),
  },
  'POST /api/indicators/:code/comments': {
    allow: ['practice_user'],
    request: () => ({
      method: 'POST',
      url: '/api/indicators/no_such_indicator/comments',
      payload: { agree: true, comment: 'matrix probe' },
    }),
  },
  'GET /api/groups': {
    allow: [...COMMISSIONING, 'peer_group_lead'],
    scoped: true,
    request: (c) => ({ method: 'GET', url: `/api/groups?area=${c.org}` }),
  },
  'GET /api/groups/:id': {
    allow: [...COMMISSIONING, 'peer_group_lead'],
    // a group of 9Z1 (own) and of 9Z2 (other); a PCN's peer-group lead covers neither CCG
    records: { own: COMMISSIONING, other: ['admin'] },
    request: (c) => ({ method: 'GET', url: `/api/groups/${c.records.group}` }),
  },
  'POST /api/groups': {
    allow: ['admin', 'commissioner_lead'],
    request: () => ({
      method: 'POST',
      url: '/api/groups',
      payload: { name: 'Matrix probe', kind: 'locality', area: 'Z10001', practices: ['Z10001'] },
    }),
  },
  'PUT /api/groups/:id': {
    allow: ['admin', 'commissioner_lead'],
    request: () => ({
      method: 'PUT',
      url: '/api/groups/999999',
      payload: { name: 'Matrix probe', kind: 'locality', area: 'Z10001', practices: ['Z10001'] },
    }),
  },
  'GET /api/alerts': {
    allow: [...COMMISSIONING, 'practice_user'],
    request: () => ({ method: 'GET', url: '/api/alerts' }),
  },
  'POST /api/alerts/read': {
    allow: [...COMMISSIONING, 'practice_user'],
    request: () => ({ method: 'POST', url: '/api/alerts/read', payload: { ids: [999999] } }),
  },
  'GET /api/alerts/email': {
    allow: [...COMMISSIONING, 'practice_user'],
    request: () => ({ method: 'GET', url: '/api/alerts/email' }),
  },
  'PUT /api/alerts/email': {
    allow: [...COMMISSIONING, 'practice_user'],
    request: () => ({ method: 'PUT', url: '/api/alerts/email', payload: { mode: 'off' } }),
  },
  'GET /api/improvement': { allow: IMPROVEMENT, request: () => ({ method: 'GET', url: '/api/improvement' }) },
  'POST /api/practices/:code/improvement': {
    allow: COMMISSIONING,
    scoped: true,
    request: (c) => ({
      method: 'POST',
      url: `/api/practices/${c.org}/improvement`,
      payload: { why: 'matrix probe', indicators: ['no_such_indicator'] },
    }),
  },
  'GET /api/improvement/:id': {
    allow: IMPROVEMENT,
    // a case at Z10001 (own; the PCN's peer-group lead covers it, but the practice has not replied) and Z10030
    records: { own: [...COMMISSIONING, 'practice_user'], other: ['admin'] },
    request: (c) => ({ method: 'GET', url: `/api/improvement/${c.records.case}` }),
  },
  'POST /api/improvement/:id/steps': {
    allow: IMPROVEMENT,
    request: () => ({
      method: 'POST',
      url: '/api/improvement/999999/steps',
      payload: { kind: 'note', why: 'matrix probe' },
    }),
  },
  'GET /api/improvement/:id/buddies': {
    allow: COMMISSIONING,
    request: () => ({ method: 'GET', url: '/api/improvement/999999/buddies' }),
  },
  'GET /api/improvement/:id/pack': {
    allow: [...COMMISSIONING, 'partner'],
    request: () => ({ method: 'GET', url: '/api/improvement/999999/pack?format=json' }),
  },
  'GET /api/practices/:code/annotations': {
    allow: [...COMMISSIONING, 'practice_user', 'peer_group_lead'],
    scoped: true,
    request: (c) => ({ method: 'GET', url: `/api/practices/${c.org}/annotations` }),
  },
  'POST /api/practices/:code/spc/rebase': {
    allow: COMMISSIONING,
    scoped: true,
    request: (c) => ({
      method: 'POST',
      url: `/api/practices/${c.org}/spc/rebase`,
      payload: { indicator: 'no_such_indicator', fromPeriod: '2024-01-01', reason: 'matrix probe' },
    }),
  },
  'DELETE /api/practices/:code/spc/rebase': {
    allow: COMMISSIONING,
    scoped: true,
    request: (c) => ({
      method: 'DELETE',
      url: `/api/practices/${c.org}/spc/rebase?indicator=no_such_indicator&from=2024-01-01`,
    }),
  },
  'POST /api/practices/:code/annotations': {
    allow: ['practice_user'],
    scoped: true,
    request: (c) => ({
      method: 'POST',
      url: `/api/practices/${c.org}/annotations`,
      payload: { indicator: 'no_such_indicator', periodStart: '2024-01-01', note: 'matrix probe' },
    }),
  },
  // patient rows: the practice's own clinician alone, for their own practice (everyone else 404)
  'GET /api/practices/:code/patients': {
    allow: ['practice_clinician'],
    records: { own: ['practice_clinician'], other: [] },
    request: (c) => ({
      method: 'GET',
      url: `/api/practices/${c.which === 'own' ? 'Z10001' : 'Z10030'}/patients?list=high_risk&purpose=case_finding`,
    }),
  },
  'GET /api/practices/:code/patients/:id': {
    allow: ['practice_clinician'],
    records: { own: ['practice_clinician'], other: [] },
    request: (c) => ({
      method: 'GET',
      url: `/api/practices/${c.which === 'own' ? 'Z10001' : 'Z10030'}/patients/${c.records.patient}?purpose=direct_care`,
    }),
  },
  'POST /api/practices/:code/patients/:id/named-gp': {
    allow: ['practice_clinician'],
    records: { own: ['practice_clinician'], other: [] },
    request: (c) => ({
      method: 'POST',
      url: `/api/practices/${c.which === 'own' ? 'Z10001' : 'Z10030'}/patients/${c.records.patient}/named-gp`,
      payload: { namedGp: `GP ${c.n}` },
    }),
  },
  'POST /api/practices/:code/patients/:id/care-plan': {
    allow: ['practice_clinician'],
    records: { own: ['practice_clinician'], other: [] },
    request: (c) => ({
      method: 'POST',
      url: `/api/practices/${c.which === 'own' ? 'Z10001' : 'Z10030'}/patients/${c.records.patient}/care-plan`,
      payload: { event: 'agreed', date: '2024-01-15' },
    }),
  },
  'GET /api/public/practices': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/public/practices?q=synthetic' }),
  },
  'GET /api/public/practices/:code': {
    allow: 'everyone',
    request: (c) => ({ method: 'GET', url: `/api/public/practices/${c.org}` }),
  },
  'GET /api/public/hospitals': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/public/hospitals' }),
  },
  // downloads (CSV or Excel) of the pages' tables: the same rule as the page's JSON route
  'GET /api/indicators/:code/funnel/export': {
    allow: 'everyone',
    request: () => ({
      method: 'GET',
      url: '/api/indicators/antibiotic_items_per_starpu/funnel/export?area=9Z1&format=xlsx',
    }),
  },
  'GET /api/indicators/:code/deciles/export': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/indicators/antibiotic_items_per_starpu/deciles/export' }),
  },
  'GET /api/tiers/export': {
    allow: COMMISSIONING,
    scoped: true,
    request: (c) => ({ method: 'GET', url: `/api/tiers/export?area=${c.org}` }),
  },
  'GET /api/tiers/grid/export': {
    allow: COMMISSIONING,
    scoped: true,
    request: (c) => ({ method: 'GET', url: `/api/tiers/grid/export?area=${c.org}&format=xlsx` }),
  },
  'GET /api/concerns/export': {
    allow: CONCERN_USERS,
    request: () => ({ method: 'GET', url: '/api/concerns/export?format=xlsx' }),
  },
  'GET /api/concerns/themes/export': {
    allow: COMMISSIONING,
    request: () => ({ method: 'GET', url: '/api/concerns/themes/export' }),
  },
  'GET /api/referral-choice/export': {
    allow: 'signed_in',
    request: () => ({ method: 'GET', url: '/api/referral-choice/export?providers=RZ1,RZ2&format=xlsx' }),
  },
  'GET /api/areas/:code/documents': {
    allow: DOCUMENT_USERS,
    scoped: 'area',
    request: (c) => ({ method: 'GET', url: `/api/areas/${c.area}/documents?q=review` }),
  },
  'POST /api/areas/:code/documents': {
    allow: DOCUMENT_USERS,
    scoped: 'area',
    request: (c) => ({
      method: 'POST',
      url: `/api/areas/${c.area}/documents?name=matrix.pdf&title=Matrix+${c.n}`,
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from(`%PDF-1.4\n% matrix ${c.n}\n%%EOF\n`),
    }),
  },
  'GET /api/documents/verify': {
    allow: ['admin'],
    request: () => ({ method: 'GET', url: '/api/documents/verify' }),
  },
  'GET /api/documents/:id': {
    allow: DOCUMENT_USERS,
    request: () => ({ method: 'GET', url: '/api/documents/999999' }),
  },
  'POST /api/documents/:id/versions': {
    allow: DOCUMENT_USERS,
    request: () => ({
      method: 'POST',
      url: '/api/documents/999999/versions?name=matrix.pdf',
      headers: { 'content-type': 'application/octet-stream' },
      payload: Buffer.from('%PDF-1.4\n%%EOF\n'),
    }),
  },
  'GET /api/documents/:id/versions/:version/file': {
    allow: DOCUMENT_USERS,
    request: () => ({ method: 'GET', url: '/api/documents/999999/versions/1/file' }),
  },
  'POST /api/documents/:id/links': {
    allow: DOCUMENT_USERS,
    request: () => ({
      method: 'POST',
      url: '/api/documents/999999/links',
      payload: { kind: 'practice', target: 'Z10001' },
    }),
  },
  'POST /api/meetings/:id/links': {
    allow: DOCUMENT_USERS,
    request: () => ({
      method: 'POST',
      url: '/api/meetings/999999/links',
      payload: { kind: 'practice', target: 'Z10001' },
    }),
  },
  'GET /api/areas/:code/meetings': {
    allow: DOCUMENT_USERS,
    scoped: 'area',
    request: (c) => ({ method: 'GET', url: `/api/areas/${c.area}/meetings` }),
  },
  'POST /api/areas/:code/meetings': {
    allow: DOCUMENT_USERS,
    scoped: 'area',
    request: (c) => ({
      method: 'POST',
      url: `/api/areas/${c.area}/meetings`,
      payload: { title: `Matrix ${c.n}`, heldOn: '2024-01-10', attendees: ['Commissioner lead'] },
    }),
  },
  'GET /api/meetings/:id': {
    allow: DOCUMENT_USERS,
    request: () => ({ method: 'GET', url: '/api/meetings/999999' }),
  },
  'POST /api/meetings/:id/versions': {
    allow: DOCUMENT_USERS,
    request: () => ({
      method: 'POST',
      url: '/api/meetings/999999/versions',
      payload: { title: 'Matrix', heldOn: '2024-01-10', attendees: ['Commissioner lead'] },
    }),
  },
  'POST /api/meeting-actions/:id/status': {
    allow: DOCUMENT_USERS,
    request: () => ({
      method: 'POST',
      url: '/api/meeting-actions/999999/status',
      payload: { status: 'done' },
    }),
  },
  'GET /fhir/metadata': { allow: 'everyone', request: () => ({ method: 'GET', url: '/fhir/metadata' }) },
  'GET /fhir/Organization/:ods': {
    allow: 'everyone',
    request: (c) => ({ method: 'GET', url: `/fhir/Organization/${c.org}` }),
  },
  'GET /fhir/Measure/:id': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/fhir/Measure/local-dna-rate' }),
  },
  'GET /fhir/MeasureReport': {
    allow: 'everyone',
    request: (c) => ({
      method: 'GET',
      url: `/fhir/MeasureReport?subject=Organization/${c.org}&measure=Measure/local-dna-rate`,
    }),
  },
  'POST /fhir/MeasureReport': {
    allow: COMMISSIONING,
    scoped: true,
    request: (c) => ({
      method: 'POST',
      url: '/fhir/MeasureReport',
      headers: { 'content-type': 'application/fhir+json' },
      payload: JSON.stringify({
        resourceType: 'MeasureReport',
        status: 'complete',
        type: 'individual',
        measure: 'Measure/local-dna-rate',
        subject: { reference: `Organization/${c.org}` },
        period: { start: '2022-05-01', end: '2022-05-31' },
        group: [
          {
            population: [
              {
                code: {
                  coding: [
                    { system: 'http://terminology.hl7.org/CodeSystem/measure-population', code: 'numerator' },
                  ],
                },
                count: 10 + c.n,
              },
              {
                code: {
                  coding: [
                    {
                      system: 'http://terminology.hl7.org/CodeSystem/measure-population',
                      code: 'denominator',
                    },
                  ],
                },
                count: 400 + c.n,
              },
            ],
          },
        ],
      }),
    }),
  },
  'POST /api/patient-voice': {
    allow: [...COMMISSIONING, 'practice_user'],
    scoped: true,
    request: (c) => ({
      method: 'POST',
      url: '/api/patient-voice',
      payload: {
        subject: 'practice',
        org: c.org,
        source: 'ppg',
        receivedOn: '2024-01-10',
        periodFrom: '2023-10-01',
        periodTo: '2023-12-31',
        themes: [{ theme: 'access', sentiment: 'mixed' }],
        summary: 'Matrix probe: the PPG discussed the booking line.',
      },
    }),
  },
  'GET /api/practices/:code/patient-voice': {
    allow: 'signed_in',
    request: (c) => ({ method: 'GET', url: `/api/practices/${c.org}/patient-voice` }),
  },
  'GET /api/providers/:code/patient-voice': {
    allow: 'signed_in',
    counts: (b) => (b.counts as { suppressed?: boolean }).suppressed,
    request: () => ({ method: 'GET', url: '/api/providers/RZ1/patient-voice' }),
  },
  'GET /api/practices/:code/workforce': {
    allow: 'everyone',
    request: () => ({ method: 'GET', url: '/api/practices/Z10001/workforce' }),
  },
  'GET /api/areas/:code/workforce': {
    allow: 'everyone',
    request: (c) => ({ method: 'GET', url: `/api/areas/${c.area}/workforce` }),
  },
  'GET /api/practices/:code/access-continuity': {
    allow: 'everyone',
    request: (c) => ({ method: 'GET', url: `/api/practices/${c.org}/access-continuity` }),
  },
};

const allowedFor = (p: Probe, who: Subject, which: 'own' | 'other'): boolean => {
  if (p.allow === 'everyone') return true;
  if (who === 'anonymous') return false;
  if (p.allow === 'signed_in') return true;
  if (!p.allow.includes(who)) return false;
  if (p.scoped === 'trust') return who !== 'provider_user' || which === 'own';
  return !p.scoped || which === 'own' || FIXTURES[who].grant === null;
};

/** Who sees concern counts unsuppressed: the commissioner team (their own area's concerns) and administrators. */
const SEES_COUNTS: readonly Subject[] = COMMISSIONING;

/** The area and trust probed for a subject: its own (9Z1, RZ1) or another (9Z2, RZ2). */
const AREA = { own: '9Z1', other: '9Z2' } as const;
const TRUST = { own: 'RZ1', other: 'RZ2' } as const;

/** The synthetic area, a local indicator, one signed-in user per role, and the accounts the probes act on. */
export async function setUpMatrix(db: Database): Promise<MatrixContext> {
  await ingestFolder(db, writeSyntheticArea());
  await defineLocalIndicator(db);
  const keys = PatientKeys.random();
  const app = await buildServer(db, { rateLimit: false, patientKeys: keys });
  const emailOf = (role: Role) => `${role}@test.lantern.invalid`;
  const sessions = new Map<Role | 'anonymous', TestSession>();
  for (const role of ROLES) {
    await createRoleUser(db, role);
    sessions.set(role, await signIn(app, emailOf(role), role));
  }
  await createLocalUser(db, { email: 'matrix-login@test.lantern.invalid', password: TEST_PASSWORD });
  const target = await createLocalUser(db, { email: 'target@test.lantern.invalid', password: TEST_PASSWORD });
  await addGrant(db, target.id, 'partner', null);
  // an incident recorded by each area, for the probes that change one
  const recorder = { userId: null, email: 'matrix@test.lantern.invalid', role: null };
  const incidents = { own: 0, other: 0 };
  for (const which of ['own', 'other'] as const)
    incidents[which] = await openIncident(db, recorder, {
      provider: 'RZ1',
      area: AREA[which],
      regime: 'psirf',
      title: `Matrix incident of ${AREA[which]}`,
      description: 'Recorded for the authorisation matrix.',
      identifiedOn: '2024-01-10',
    });
  // a concern, an improvement case and a practice group in each area, for the record-level probes
  const practiceOf = { own: 'Z10001', other: 'Z10030' } as const;
  const records = {
    own: { concern: 0, case: 0, group: 0, patient: 0 },
    other: { concern: 0, case: 0, group: 0, patient: 0 },
  };
  for (const which of ['own', 'other'] as const) {
    records[which].concern = await createConcern(db, keys, recorder, {
      provider: 'RZ1',
      category: 'clinic_letter_late',
      harm: 'no_harm',
      description: 'Clinic letter arrived three weeks after the appointment.',
      eventDate: '2024-01-10',
      practice: practiceOf[which],
      submit: true,
    });
    records[which].case = await openCase(db, practiceOf[which], recorder, {
      why: 'matrix probe',
      indicators: ['antibiotic_items_per_starpu'],
    });
    records[which].group = await saveGroup(
      db,
      { name: `Matrix ${which}`, kind: 'locality', area: AREA[which], practices: [practiceOf[which]] },
      'matrix@test.lantern.invalid',
    );
    // SYNTHETIC patients of each practice, for the patient-level probes (only the practice's clinician sees them)
    await generateForPractice(db, keys, practiceOf[which], { seed: 1, asAt: '2024-03-31' });
    records[which].patient = (await listPatients(db, practiceOf[which], 'over75', 1, 1)).patients[0]!.id;
  }
  return { app, sessions, emailOf, targetUserId: target.id, incidents, records };
}

export interface MatrixContext {
  app: FastifyInstance;
  sessions: Map<Subject, TestSession>;
  emailOf: (role: Role) => string;
  targetUserId: number;
  incidents: { own: number; other: number };
  records: Record<'own' | 'other', { concern: number; case: number; group: number; patient: number }>;
}

/** Run the matrix (optionally for some routes only); returns every mismatch, empty when all is as the policy says. */
export async function runMatrix(ctx: MatrixContext, only?: string[]): Promise<string[]> {
  const problems: string[] = [];
  const routes = routeTable(ctx.app).map((r) => `${r.method} ${r.url}`);
  for (const key of routes) if (!POLICY[key]) problems.push(`${key} is not in the authorisation matrix`);
  for (const key of only ?? routes) {
    const probe = POLICY[key];
    if (!probe) continue;
    for (const who of ['anonymous', ...ROLES] as Subject[]) {
      for (const which of probe.scoped || probe.records ? (['own', 'other'] as const) : (['own'] as const)) {
        const org = who === 'anonymous' ? FIXTURES.practice_user.own : FIXTURES[who][which];
        let session = ctx.sessions.get(who) ?? ANON;
        let sessionId: number | null = null;
        if (probe.fresh && who !== 'anonymous') {
          session = await signIn(ctx.app, ctx.emailOf(who), who);
          sessionId = (await call(ctx.app, session, { method: 'GET', url: '/api/auth/session' })).json()
            .session.id;
        }
        const r = await call(
          ctx.app,
          session,
          probe.request({
            role: who,
            org,
            area: AREA[which],
            trust: TRUST[which],
            incident: ctx.incidents[which],
            records: ctx.records[which],
            which,
            n: counter++,
            sessionId,
            targetUserId: ctx.targetUserId,
          }),
        );
        const status = r.statusCode;
        const about =
          probe.scoped === 'area'
            ? `area ${AREA[which]}`
            : probe.scoped === 'trust'
              ? `trust ${TRUST[which]}`
              : `organisation ${org}`;
        const label = `${key} as ${who} (${which} ${about}) → ${status}`;
        if (status >= 500) problems.push(`${label}: server error ${r.body.slice(0, 200)}`);
        else if (probe.records && allowedFor(probe, who, which)) {
          const sees = probe.records[which].includes(who);
          if (sees && (status < 200 || status >= 300))
            problems.push(`${label}: should see the record (${r.body.slice(0, 160)})`);
          else if (!sees && status !== 403 && status !== 404)
            problems.push(`${label}: should not see the record`);
        } else if (allowedFor(probe, who, which)) {
          if (status === 401 || status === 403)
            problems.push(`${label}: should be allowed (${r.body.slice(0, 160)})`);
          else if (probe.counts && status === 200 && who !== 'anonymous') {
            const suppressed = probe.counts(r.json());
            const expected = !SEES_COUNTS.includes(who);
            if (suppressed !== expected)
              problems.push(`${label}: concern counts should ${expected ? '' : 'not '}be suppressed`);
          }
        } else if (who === 'anonymous' ? status !== 401 : status !== 403 && status !== 404)
          problems.push(`${label}: should be refused with ${who === 'anonymous' ? 401 : '403 or 404'}`);
        // logout-all ended the user's other sessions too: sign the standing session in again
        if (probe.fresh && who !== 'anonymous')
          ctx.sessions.set(who, await signIn(ctx.app, ctx.emailOf(who), who));
      }
    }
  }
  return problems;
}
