/**
 * Providers as GPs and commissioners see them: signals from concerns, the scorecard, surveillance status,
 * serious incidents, deadline settings, themes across providers and the side-by-side view for referral choice.
 * Counts of concerns leave the commissioner team only after small-number suppression (1–7 hidden, others to
 * the nearest 5, rates from the rounded counts).
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import { today } from '../../domain/clock.js';
import { addCalendarDays } from '../../domain/working-days.js';
import { suppressedValue } from '../../stats/suppress.js';
import { COMMISSIONING_ROLES, type Access, type Viewer } from '../access.js';
import { badRequest, notFound } from '../errors.js';
import { route } from '../route.js';
import { IdParams, withoutNhsNumber } from '../params.js';
import { OrgCode, requireOrganisation, IsoDate } from './organisations.js';
import { rethrow } from './concerns.js';
import {
  getIncident,
  incidentDeadlines,
  INCIDENT_STATUSES,
  listIncidents,
  NEVER_EVENTS_2018,
  openIncident,
  partiesFor,
  getConcerns,
  providerSettings,
  saveProviderSettings,
  scopeOf,
  setSurveillance,
  surveillanceHistory,
  SURVEILLANCE_LEVELS,
  updateIncident,
  type ConcernScope,
  type IncidentRow,
  type SurveillanceLevel,
} from '../../concerns/service.js';
import { patternsFor, providersWithConcerns, themes, type ProviderPatterns } from '../../concerns/signals.js';
import { aeSeries, concernSummary, snapshotMeasures } from '../../concerns/scorecard.js';
import { HARM_IDS, SERVICES } from '../../concerns/taxonomy.js';
import { SUPPRESSION_NOTE } from '../suppression.js';
import { descendantsOf } from '../../auth/scope.js';

const LEADS = ['admin', 'commissioner_lead'] as const;

/** Signals and incidents: the commissioner team, partners (suppressed) and the provider's own users (suppressed). */
const SIGNAL_ROLES = [...COMMISSIONING_ROLES, 'partner', 'provider_user'] as const;
const SIGNAL_VIEWERS: Access = { kind: 'roles', roles: SIGNAL_ROLES };
const INCIDENT_VIEWERS = SIGNAL_VIEWERS;

/**
 * Providers sit outside a commissioner's area hierarchy, so the commissioner team and partners see every
 * provider; a provider's own users see only their organisation (else 404, as for a record they cannot see).
 */
async function requireProviderView(db: Database, viewer: Viewer, code: string): Promise<void> {
  if (
    viewer.grants.some(
      (g) => g.role !== 'provider_user' && (SIGNAL_ROLES as readonly string[]).includes(g.role),
    )
  )
    return;
  const own = await descendantsOf(
    db,
    viewer.grants.filter((g) => g.role === 'provider_user' && g.orgCode).map((g) => g.orgCode!),
  );
  if (!own.has(code)) throw notFound(`Nothing at /api/providers/${code} that you can see.`);
}

/** Does this viewer see concern counts unsuppressed? Only the commissioner quality team. */
const seesRawCounts = (viewer: Viewer) =>
  viewer.grants.some((g) => (COMMISSIONING_ROLES as readonly string[]).includes(g.role));

/** Keep only the concern ids this viewer may open (one query for all of them). */
async function visibleIds(db: Database, scope: ConcernScope, ids: number[]): Promise<number[]> {
  if (ids.length === 0) return [];
  const open = new Set(
    (await getConcerns(db, ids)).filter((c) => partiesFor(scope, c).length > 0).map((c) => c.id),
  );
  return ids.filter((id) => open.has(id));
}

const suppressList = (xs: number[]) => xs.map((x) => suppressedValue(x));

/** Patterns as this viewer (whose concern scope is given) may see them. */
async function patternsView(db: Database, viewer: Viewer, scope: ConcernScope, p: ProviderPatterns) {
  const raw = seesRawCounts(viewer);
  const chart = (a: ProviderPatterns['overall']) => {
    if (!a) return null;
    if (raw) return a;
    const counts = suppressList(a.counts);
    const e = p.activity?.perMonth ?? 1;
    return {
      ...a,
      counts,
      rate: counts.map((c) => (c === null ? null : c / e)),
      cusum: { ...a.cusum, high: [], expected: [] },
    };
  };
  const signals = [];
  for (const s of p.signals)
    signals.push({
      ...s,
      count: raw ? s.count : suppressedValue(s.count),
      summary: raw
        ? s.summary
        : `${s.categoryLabel}: ${s.method === 'cluster' ? 'a cluster of concerns' : s.method === 'spc' ? 'a month above the upper control limit' : 'a sustained rise'} (${s.from} to ${s.to})`,
      concernIds: await visibleIds(db, scope, s.concernIds),
    });
  return {
    providerCode: p.providerCode,
    activity: p.activity,
    months: p.months,
    overall: chart(p.overall),
    byCategory: p.byCategory.map((c) => ({
      ...c,
      total: raw ? c.total : suppressedValue(c.total),
      analysis: chart(c.analysis),
    })),
    signals,
    suppressed: !raw,
    note: raw ? null : SUPPRESSION_NOTE,
  };
}

/**
 * A provider's concern summary as this viewer may see it: raw for the commissioner team, otherwise counts
 * suppressed, intervals withheld and the rate rebuilt from the rounded count.
 */
function concernSummaryView(s: Awaited<ReturnType<typeof concernSummary>>, raw: boolean) {
  if (raw) return { ...s, suppressed: false };
  const total = suppressedValue(s.total);
  const perYear = s.activity ? s.activity.perMonth * 12 : null;
  return {
    ...s,
    total,
    moderateOrWorse: suppressedValue(s.moderateOrWorse),
    interval: null,
    perThousand:
      perYear && total !== null
        ? { value: total / perYear, lower: null, upper: null, per: s.perThousand!.per }
        : null,
    byCategory: s.byCategory.map((c) => ({ ...c, count: suppressedValue(c.count) })),
    contractBreaches: s.contractBreaches.map((c) => ({ ...c, count: suppressedValue(c.count) })),
    suppressed: true,
    note: SUPPRESSION_NOTE,
  };
}

function incidentView(i: IncidentRow) {
  return {
    ...i,
    neverEventLabel: i.neverEvent ? NEVER_EVENTS_2018[i.neverEvent] : null,
    deadlines: incidentDeadlines(i, today()),
  };
}

/** The practices whose concerns this viewer's area covers (null: every practice, for admins and partners). */
function areaPractices(viewer: Viewer, scope: ConcernScope): string[] | null {
  if (viewer.grants.some((g) => g.role === 'admin' || g.role === 'partner')) return null;
  return [...scope.commissionerPractices, ...scope.practices];
}

const concernScope = (db: Database, viewer: Viewer) => scopeOf(db, viewer.grants, viewer.actor.userId);

export function providerRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/signals',
    summary:
      'Signals of rising or clustered concerns about a provider (u-chart, CUSUM, clusters), each linked to its concerns',
    tags: ['providers'],
    access: SIGNAL_VIEWERS,
    params: OrgCode,
    query: z.object({ months: z.coerce.number().int().min(6).max(120).default(24) }),
    handler: async ({ params, query, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      await requireProviderView(db, viewer, org.code);
      const [p] = await patternsFor(db, [org.code], query.months);
      return {
        provider: { code: org.code, name: org.name },
        asOf: today(),
        ...(await patternsView(db, viewer, await concernScope(db, viewer), p)),
      };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/scorecard',
    summary:
      'A provider’s scorecard: public performance, concern rates and breaches, incidents and surveillance status',
    tags: ['providers'],
    access: { kind: 'public' },
    params: OrgCode,
    handler: async ({ params, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      const signedIn = viewer.principal.kind === 'user';
      const raw = seesRawCounts(viewer);
      const history = await surveillanceHistory(db, org.code);
      let concerns = null;
      if (signedIn) {
        concerns = concernSummaryView(await concernSummary(db, org.code), raw);
      }
      const seesIncidents = viewer.grants.some(
        (g) => g.role !== 'practice_user' && g.role !== 'peer_group_lead',
      );
      return {
        provider: { code: org.code, name: org.name, type: org.type },
        ae: await aeSeries(db, org.code),
        snapshot: await snapshotMeasures(db, org.code),
        concerns,
        incidents: signedIn && seesIncidents ? (await listIncidents(db, org.code)).map(incidentView) : null,
        surveillance: {
          current: history[0] ?? null,
          level: history[0]?.level ?? 'routine',
          label: SURVEILLANCE_LEVELS[history[0]?.level ?? 'routine'],
          history,
        },
      };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/providers/:code/surveillance',
    summary:
      'Change a provider’s surveillance status (routine, enhanced surveillance, risk summit) with the rationale',
    tags: ['providers'],
    access: { kind: 'roles', roles: LEADS },
    params: OrgCode,
    body: z.object({
      level: z.enum(Object.keys(SURVEILLANCE_LEVELS) as [SurveillanceLevel, ...SurveillanceLevel[]]),
      reason: withoutNhsNumber(
        z.string().trim().min(10, 'must give the rationale (at least 10 characters)').max(5000),
      ),
      forum: withoutNhsNumber(z.string().trim().max(200)).nullish(),
      reviewOn: IsoDate.nullish(),
    }),
    handler: async ({ params, body, viewer, request }) => {
      const org = await requireOrganisation(db, params.code);
      await viewer.audited(
        request.ip,
        { action: 'providers.surveillance', target: org.code, outcome: 'success', details: body },
        (tx) => setSurveillance(tx, org.code, body, viewer.actor.email),
      );
      return { history: await surveillanceHistory(db, org.code) };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/settings',
    summary: 'A provider’s concern deadlines (working days) and serious-incident regime',
    tags: ['providers'],
    access: { kind: 'roles', roles: COMMISSIONING_ROLES },
    params: OrgCode,
    handler: async ({ params }) => {
      const org = await requireOrganisation(db, params.code);
      return { provider: org.code, ...(await providerSettings(db, org.code)) };
    },
  });

  route(app, db, {
    method: 'PUT',
    url: '/api/providers/:code/settings',
    summary: 'Set a provider’s concern deadlines and serious-incident regime',
    tags: ['providers'],
    access: { kind: 'roles', roles: LEADS },
    params: OrgCode,
    body: z.object({
      acknowledge: z.number().int().min(1).max(60),
      triage: z.number().int().min(1).max(60),
      providerResponse: z.number().int().min(1).max(120),
      commissionerReview: z.number().int().min(1).max(120),
      incidentRegime: z.enum(['sif2015', 'psirf']),
    }),
    handler: async ({ params, body, viewer, request }) => {
      const org = await requireOrganisation(db, params.code);
      await viewer.audited(
        request.ip,
        { action: 'providers.settings', target: org.code, outcome: 'success', details: body },
        (tx) => saveProviderSettings(tx, org.code, body, viewer.actor.email),
      );
      return { provider: org.code, ...(await providerSettings(db, org.code)) };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/providers/:code/incidents',
    summary: 'Serious incidents and patient-safety incident responses at a provider, with their deadlines',
    tags: ['providers'],
    access: INCIDENT_VIEWERS,
    params: OrgCode,
    handler: async ({ params, viewer }) => {
      const org = await requireOrganisation(db, params.code);
      await requireProviderView(db, viewer, org.code);
      return { incidents: (await listIncidents(db, org.code)).map(incidentView) };
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/incidents',
    summary: 'Record a serious incident (2015 framework) or a PSIRF patient-safety incident response',
    tags: ['providers'],
    access: { kind: 'roles', roles: COMMISSIONING_ROLES },
    body: z.object({
      provider: OrgCode.shape.code,
      title: withoutNhsNumber(z.string().trim().min(3).max(300)),
      description: withoutNhsNumber(z.string().trim().min(3).max(5000)),
      harm: z.enum(HARM_IDS).nullish(),
      identifiedOn: IsoDate,
      reportedOn: IsoDate.nullish(),
      neverEvent: z.string().max(200).nullish(),
      dutyOfCandourOn: IsoDate.nullish(),
      responseType: z
        .enum(['psii', 'after_action_review', 'mdt_review', 'swarm_huddle', 'thematic_review', 'none'])
        .nullish(),
      regime: z.enum(['sif2015', 'psirf']).optional(),
    }),
    handler: async ({ body, viewer, request, reply }) => {
      const org = await requireOrganisation(db, body.provider);
      const regime = body.regime ?? (await providerSettings(db, org.code)).incidentRegime;
      const id = await viewer
        .audited(
          request.ip,
          (made: number) => ({
            action: 'incidents.created',
            target: `incident ${made}`,
            outcome: 'success',
            details: { provider: org.code, regime },
          }),
          (tx) => openIncident(tx, viewer.actor, { ...body, provider: org.code, regime }),
        )
        .catch(rethrow);
      reply.code(201);
      return incidentView((await getIncident(db, id))!);
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/api/incidents/:id',
    summary:
      'Update an incident: status, reported date, duty-of-candour date, response type, or add a document reference',
    tags: ['providers'],
    access: { kind: 'roles', roles: COMMISSIONING_ROLES },
    params: IdParams('an incident number'),
    body: z.object({
      status: z.enum(INCIDENT_STATUSES).optional(),
      reportedOn: IsoDate.optional(),
      dutyOfCandourOn: IsoDate.optional(),
      responseType: z.string().max(60).optional(),
      document: z
        .object({
          title: withoutNhsNumber(z.string().trim().min(2).max(200)),
          reference: z.string().trim().min(2).max(500),
        })
        .optional(),
    }),
    handler: async ({ params, body, viewer, request }) => {
      if (!(await getIncident(db, params.id))) throw notFound(`No incident ${params.id}.`);
      await viewer.audited(
        request.ip,
        { action: 'incidents.updated', target: `incident ${params.id}`, outcome: 'success', details: body },
        (tx) => updateIncident(tx, params.id, body),
      );
      return incidentView((await getIncident(db, params.id))!);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/concerns/themes',
    summary:
      'Themes: concerns per provider × category × service over the last 30, 90 and 365 days, with the signals behind them',
    tags: ['concerns'],
    access: { kind: 'roles', roles: COMMISSIONING_ROLES },
    handler: async ({ viewer }) => {
      const scope = await concernScope(db, viewer);
      const practices = areaPractices(viewer, scope);
      const t = await themes(db, practices);
      // the 40 providers with most concerns over the themes' own year (not since 1 January, which in
      // January would leave almost none)
      const since = addCalendarDays(today(), -365);
      const providers = (await providersWithConcerns(db, practices, since)).slice(0, 40);
      const patterns = await patternsFor(
        db,
        providers.map((p) => p.code),
        24,
      );
      const signals = [];
      for (const p of patterns) signals.push(...(await patternsView(db, viewer, scope, p)).signals);
      return { ...t, signals: signals.sort((a, b) => b.to.localeCompare(a.to)) };
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/referral-choice',
    summary:
      'Providers side by side for a service: waits, A&E, cancer and diagnostics, and concern rates, with intervals',
    tags: ['providers'],
    access: { kind: 'signed_in' },
    query: z.object({
      service: z
        .string()
        .regex(/^\d{3}$/, 'must be a treatment function code')
        .optional(),
      providers: z
        .string()
        .regex(
          /^[A-Za-z0-9]{3,9}(,[A-Za-z0-9]{3,9}){0,19}$/,
          'must be up to 20 ODS codes separated by commas',
        )
        .optional(),
    }),
    handler: async ({ query, viewer }) => {
      if (query.service && !SERVICES[query.service])
        throw badRequest(`service ${query.service} is not one Lantern knows`);
      const practices = areaPractices(viewer, await concernScope(db, viewer));
      const codes = query.providers
        ? query.providers.toUpperCase().split(',')
        : (await providersWithConcerns(db, practices, '1900-01-01')).slice(0, 8).map((p) => p.code);
      const raw = seesRawCounts(viewer);
      const rows = [];
      for (const code of codes) {
        const org = await requireOrganisation(db, code);
        const s = concernSummaryView(await concernSummary(db, org.code, query.service), raw);
        rows.push({
          provider: { code: org.code, name: org.name },
          measures: await snapshotMeasures(db, org.code),
          // the side-by-side view gives rates only with their intervals, so to the commissioner team
          concerns: { total: s.total, perThousand: raw ? s.perThousand : null, suppressed: s.suppressed },
        });
      }
      return {
        service: query.service ? { code: query.service, label: SERVICES[query.service] } : null,
        note: 'Waiting times, cancer and diagnostics are trust-wide figures for one month of 2022 (the published snapshot); they are not broken down by specialty in the open data Lantern holds. Concern counts are for the last 12 months.',
        providers: rows,
        services: Object.entries(SERVICES).map(([code, label]) => ({ code, label })),
      };
    },
  });
}
