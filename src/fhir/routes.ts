/**
 * FHIR R4 (UK Core conventions) under /fhir: the CapabilityStatement, Organization by ODS code, Measure by
 * indicator, MeasureReport search and load. Answers are application/fhir+json (application/json when a client asks
 * only for that); every error is an OperationOutcome. Access is that of the figures and funnel routes: published
 * figures for everyone, local ones unsuppressed only within the viewer's grants, loads as the CSV upload.
 * docs/fhir.md documents the endpoints, codings and extensions.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/connect.js';
import { listIndicators, rollup, type CatalogueEntry } from '../db/repos/indicators.js';
import { findOrganisation } from '../db/repos/organisations.js';
import { currentValuesOf, type MeasureValue } from '../db/repos/measure-values.js';
import { today } from '../domain/clock.js';
import { funnelFor, VariationError } from '../variation/service.js';
import { funnelTypeFor, practiceValuesFor, type FunnelAnswer } from '../variation/funnel.js';
import { capabilityStatement } from './capability-statement.js';
import { organizationResource, parentOn } from './organization.js';
import { measureResource } from './measure.js';
import { measureReportResource, type ReportInput } from './measure-report.js';
import { FHIR_LOAD_NAME, InvalidResource, loadMeasureReports } from './load-measure-reports.js';
import { issueTypeFor, operationOutcome, type Issue } from './operation-outcome.js';
import { indicatorCodeOf, ODS_SYSTEM, type Resource } from './systems.js';
import { allow, PUBLIC, type Viewer } from '../api/access.js';
import { AppError, badRequest, notFound } from '../api/errors.js';
import { route } from '../api/route.js';
import { answerableError, auditFailure } from '../api/failure-audit.js';
import { auditUpload, uploadGrantCheck, UPLOAD_LIMIT_BYTES } from '../loads/upload.js';
import { OrgCode } from '../api/params.js';
import * as contract from './contract.js';
import { FHIR_JSON, fhirAnswer, MEASURE_ID } from './contract.js';

export { FHIR_JSON };

/** The ODS code in a subject search value: Organization/X, the identifier token system|X, or X. */
function subjectCode(v: string): string | null {
  const ref = /(?:^|\/)Organization\/([A-Za-z0-9]+)$/.exec(v)?.[1];
  const token = v.startsWith(`${ODS_SYSTEM}|`) ? v.slice(ODS_SYSTEM.length + 1) : undefined;
  const code = ref ?? token ?? v;
  return /^[A-Za-z0-9]{3,9}$/.test(code) ? code.toUpperCase() : null;
}

/** The indicator code in a measure search value: Measure/id, the Measure's url, or the id or code itself. */
function measureCode(v: string): string | null {
  const id = /(?:^|\/)Measure\/([A-Za-z0-9\-_.]+)(?:\|[^|]*)?$/.exec(v)?.[1] ?? v;
  return MEASURE_ID.test(id) ? indicatorCodeOf(id) : null;
}

/** A date search value (YYYY-MM or YYYY-MM-DD, `eq` allowed): the prefix a report's period start must have. */
function periodPrefix(v: string | undefined): string | null {
  if (v === undefined) return null;
  const m = /^(?:eq)?(\d{4}-\d{2}(?:-\d{2})?)$/.exec(v);
  if (!m) throw badRequest(`period: expected YYYY-MM or YYYY-MM-DD (a period starting then), got "${v}"`);
  return m[1]!;
}

async function requireIndicator(db: Database, code: string): Promise<CatalogueEntry> {
  const def = (await listIndicators(db)).find((d) => d.code === code);
  if (!def) throw notFound(`No Measure ${code}: no indicator has that code (see /api/indicators)`);
  return def;
}

function bundle(request: FastifyRequest, entries: Array<{ resource: Resource; mode: 'match' | 'include' }>) {
  return {
    resourceType: 'Bundle' as const,
    type: 'searchset' as const,
    total: entries.filter((e) => e.mode === 'match').length,
    link: [{ relation: 'self', url: request.url }],
    entry: entries.map((e) => ({ resource: e.resource, search: { mode: e.mode } })),
  };
}

/** The issues of an error: a refused resource's own, a request's input problems, or its message. */
function issuesOf(e: AppError): Issue[] {
  if (e instanceof InvalidResource) return e.issues;
  const severity = e.status >= 500 ? 'fatal' : 'error';
  const code = issueTypeFor(e.status);
  if (Array.isArray(e.details) && e.details.length)
    // the input problems route() found: where (path or query parameters), which parameter, what was wrong
    return e.details.map((d: { in?: string; name?: string; message?: string }) => ({
      severity,
      code,
      diagnostics: `${d.in ?? 'request'} ${d.name ?? ''}: ${d.message ?? e.message}`.replace(/\s+/g, ' '),
    }));
  return [{ severity, code, diagnostics: e.message }];
}

/** Errors under /fhir as OperationOutcomes, logged and audited as the API's other errors are. */
function fhirErrors(scope: FastifyInstance, db: Database): void {
  scope.setErrorHandler(async (err: Error & { statusCode?: number }, request, reply) => {
    const e = await answerableError(db, request, err);
    return reply.status(e.status).send(operationOutcome(issuesOf(e)));
  });
}

/** FHIR JSON in and out: both media types are read; the answer is fhir+json unless only plain JSON is accepted. */
function fhirMedia(scope: FastifyInstance): void {
  const parse = scope.getDefaultJsonParser('error', 'error');
  scope.removeContentTypeParser('application/json');
  for (const type of ['application/json', FHIR_JSON])
    scope.addContentTypeParser(type, { parseAs: 'string', bodyLimit: UPLOAD_LIMIT_BYTES }, parse);
  scope.addHook('onSend', async (request: FastifyRequest, reply: FastifyReply, payload) => {
    const accept = String(request.headers.accept ?? '');
    const plain =
      accept.includes('application/json') && !accept.includes(FHIR_JSON) && !accept.includes('*/*');
    void reply.header('content-type', `${plain ? 'application/json' : FHIR_JSON}; charset=utf-8`);
    return payload;
  });
}

export async function fhirRoutes(app: FastifyInstance, db: Database): Promise<void> {
  await app.register(async (scope) => {
    fhirErrors(scope, db);
    fhirMedia(scope);
    routes(scope, db);
  });
  // anything else under /fhir (another resource type, an unsupported interaction) is a FHIR 404, not the web app
  await app.register(
    async (scope) => {
      scope.setNotFoundHandler((request, reply) =>
        reply
          .status(404)
          .type(`${FHIR_JSON}; charset=utf-8`)
          .send(
            operationOutcome([
              {
                severity: 'error',
                code: 'not-supported',
                diagnostics: `Nothing at ${request.method} ${request.url.split('?')[0]}: see /fhir/metadata for what this server supports`,
              },
            ]),
          ),
      );
    },
    { prefix: '/fhir' },
  );
}

function routes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/fhir/metadata',
    summary:
      'FHIR CapabilityStatement: the resources, interactions and search parameters this server supports',
    tags: ['fhir'],
    access: PUBLIC,
    query: contract.metadataQuery,
    responses: { 200: fhirAnswer(contract.capabilityStatement) },
    handler: async () => capabilityStatement(today()),
  });

  route(app, db, {
    method: 'GET',
    url: '/fhir/Organization/:ods',
    summary:
      'FHIR Organization by ODS code: identifier, name, active and partOf as at a date (default today; a closed CCG resolves to its successor)',
    tags: ['fhir'],
    access: PUBLIC,
    params: z.object({ ods: OrgCode.shape.code }),
    query: contract.organizationQuery,
    responses: { 200: fhirAnswer(contract.organization) },
    handler: async ({ params, query }) => {
      const at = query.date ?? today();
      const org = await findOrganisation(db, params.ods);
      if (!org) throw notFound(`No Organization ${params.ods}: no organisation has that ODS code`);
      return organizationResource(org, at, await parentOn(db, org, at));
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/fhir/Measure/:id',
    summary:
      'FHIR Measure: an indicator’s definition (scoring, populations, improvement notation, version, source)',
    tags: ['fhir'],
    access: PUBLIC,
    params: contract.measureParams,
    query: z.object(contract.formatQuery),
    responses: { 200: fhirAnswer(contract.measure) },
    handler: async ({ params }) => measureResource(await requireIndicator(db, indicatorCodeOf(params.id))),
  });

  route(app, db, {
    method: 'GET',
    url: '/fhir/MeasureReport',
    summary:
      'FHIR MeasureReport search (subject, measure, period): a practice’s individual reports with the funnel reading, or an area’s summary (with practices=true, its practices’ reports too); local figures suppressed outside the viewer’s grants',
    tags: ['fhir'],
    access: PUBLIC,
    query: contract.measureReportSearch,
    responses: { 200: fhirAnswer(contract.searchSet) },
    handler: async ({ query, viewer, request }) => {
      const code = subjectCode(query.subject);
      if (!code) throw badRequest(`subject: expected Organization/{ODS code}, got "${query.subject}"`);
      const indicator = measureCode(query.measure);
      if (!indicator) throw badRequest(`measure: expected Measure/{indicator}, got "${query.measure}"`);
      const prefix = periodPrefix(query.period);
      const org = await findOrganisation(db, code);
      if (!org) throw notFound(`No Organization ${code}: no organisation has that ODS code`);
      const def = await requireIndicator(db, indicator);
      const reports = new MeasureReports(db, def, viewer);
      const inPeriod = (p: { periodStart: string }) => prefix === null || p.periodStart.startsWith(prefix);

      const entries: Array<{ resource: Resource; mode: 'match' | 'include' }> = [];
      for (const v of (await currentValuesOf(db, def.code, [org.code], null)).filter(inPeriod))
        entries.push({ resource: await reports.individual(v), mode: 'match' });
      if ((org.type === 'sub_icb' || org.type === 'icb') && def.orgType === 'practice') {
        const suppressed = !def.published && !(await viewer.seesRawFor(org.code));
        for (const p of (await rollup(db, org, def.code, 'then')).filter(inPeriod)) {
          entries.push({
            resource: measureReportResource({
              def,
              subject: org,
              figures: p,
              type: 'summary',
              suppressed,
              practices: p.practices,
            }),
            mode: 'match',
          });
          if (query.practices === 'true')
            for (const v of await reports.membersOf(org.code, p.periodStart))
              entries.push({ resource: await reports.individual(v), mode: 'include' });
        }
      }
      return bundle(request, entries);
    },
  });

  route(app, db, {
    method: 'POST',
    url: '/fhir/MeasureReport',
    summary:
      'Load local indicator values from a FHIR MeasureReport, or a Bundle (batch, transaction or collection) of them, through the generic CSV’s validated all-or-nothing load',
    tags: ['fhir'],
    access: allow('loads.upload'),
    body: z.unknown(),
    responses: {
      200: fhirAnswer(contract.operationOutcome),
      201: fhirAnswer(contract.operationOutcome),
    },
    rateLimit: { max: 30, timeWindow: '1 minute' },
    handler: async ({ body, viewer, request, reply }) => {
      try {
        const report = await loadMeasureReports(db, body, uploadGrantCheck(viewer, 'these reports'));
        await auditUpload(db, viewer, request.ip, report);
        const v = report.values;
        const issues: Issue[] = [
          {
            severity: 'information',
            code: 'informational',
            diagnostics: report.alreadyLoadedAs
              ? `These reports were already loaded as load ${report.alreadyLoadedAs}; nothing changed.`
              : `Loaded ${report.rowsRead} report(s) as load ${report.loadId}: ${v.inserted} new value(s), ${v.superseded} replaced, ${v.unchanged} unchanged.`,
          },
          ...report.warnings.map((w): Issue => ({
            severity: 'warning',
            code: 'informational',
            diagnostics: w,
          })),
        ];
        return reply.status(report.alreadyLoadedAs ? 200 : 201).send(operationOutcome(issues));
      } catch (e) {
        // a refused load is recorded as the CSV upload's are: who tried, and where it first went wrong
        if (e instanceof AppError && e.status < 500)
          await auditFailure(
            db,
            request,
            {
              action: 'data.upload',
              target: null,
              outcome: 'refused',
              details: {
                file: FHIR_LOAD_NAME,
                status: e.status,
                ...(e instanceof InvalidResource
                  ? { problems: e.issues.length, first: e.issues[0]?.expression?.[0] ?? null }
                  : { reason: e.code }),
              },
            },
            viewer.role,
          );
        throw e;
      }
    },
  });
}

/**
 * Individual reports for one indicator: the viewer's suppression per organisation, and the funnel page's reading
 * for practices (the funnel for England, one period, as the funnel page opens), computed once per period.
 */
class MeasureReports {
  private readonly funnels = new Map<string, Promise<FunnelAnswer | null>>();
  private readonly raw = new Map<string, Promise<boolean>>();

  constructor(
    private readonly db: Database,
    private readonly def: CatalogueEntry,
    private readonly viewer: Viewer,
  ) {}

  private funnel(periodStart: string): Promise<FunnelAnswer | null> {
    let f = this.funnels.get(periodStart);
    if (!f) {
      f =
        this.def.orgType === 'practice' && funnelTypeFor(this.def)
          ? funnelFor(this.db, this.def, { area: null, period: periodStart, comparator: 'england' }).catch(
              (e: unknown) => {
                // a period without counts for enough practices has no funnel: the report goes without a reading
                if (e instanceof VariationError) return null;
                throw e;
              },
            )
          : Promise.resolve(null);
      this.funnels.set(periodStart, f);
    }
    return f;
  }

  private seesRaw(org: string): Promise<boolean> {
    if (this.def.published) return Promise.resolve(true);
    let r = this.raw.get(org);
    if (!r) this.raw.set(org, (r = this.viewer.seesRawFor(org)));
    return r;
  }

  async individual(v: MeasureValue): Promise<Resource> {
    const suppressed = !(await this.seesRaw(v.org));
    let funnel: ReportInput['funnel'] = null;
    if (!suppressed) {
      const f = await this.funnel(v.periodStart);
      const row = f?.rows.find((r) => r.code === v.org);
      if (f && row) funnel = { row, method: f.method, comparator: f.comparator };
    }
    return measureReportResource({
      def: this.def,
      subject: { code: v.org, name: v.name },
      figures: v,
      type: 'individual',
      suppressed,
      funnel,
    });
  }

  /** The values of an area's practices (as they were in the period) for one period. */
  async membersOf(area: string, periodStart: string): Promise<MeasureValue[]> {
    const rows = (await practiceValuesFor(this.db, this.def.code, [periodStart])).get(periodStart) ?? [];
    const members = rows.filter((r) => r.ccg === area || r.icb === area).map((r) => r.code);
    return currentValuesOf(this.db, this.def.code, members, periodStart);
  }
}
