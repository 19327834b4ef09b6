/**
 * Downloads of the tables the pages show, as CSV or Excel (`format=csv|xlsx`). Each export takes the same query as
 * its page's JSON route and builds its rows from that route's own answer for the same viewer (the same function),
 * so a download never holds a figure, or a row, the page would not show; suppressed counts stay suppressed.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Database } from '../db/connect.js';
import { nowIso } from '../domain/clock.js';
import { loadsOfHierarchy, loadsOfIndicators, sourcesOfIndicators } from '../db/repos/export-sources.js';
import {
  count,
  NOT_SUPPRESSED,
  num,
  SUPPRESSED,
  type Cell,
  type CellType,
  type ExportColumn,
  type ExportTable,
} from './table.js';
import { EXPORT_RATE_LIMIT, FormatQuery, sendTable, XLSX_TYPE } from './send.js';
import { allow, PUBLIC, queryOrg } from '../api/access.js';
import { fileAnswer, route } from '../api/route.js';
import { SUPPRESSION_NOTE } from '../api/suppression.js';
import { AreaTiersQuery, DecilesQuery, FunnelQuery } from '../variation/contract.js';
import { areaTiersView, decilesView, funnelView } from '../variation/views.js';
import { concernListQuery } from '../concerns/contract.js';
import { concernListView } from '../concerns/views.js';
import { ReferralQuery } from '../referral-choice/contract.js';
import { referralChoiceView } from '../referral-choice/view.js';
import { themesView } from '../concerns/themes-view.js';

const IndicatorCode = z.object({
  code: z.string().regex(/^[a-z0-9_]+$/, 'must be an indicator code'),
});

const PUBLISHED_PRECISION = 'None: published open data keeps its published precision.';
const CONCERNS_SOURCE = 'Concerns about providers logged in Lantern by GP practices (not loaded from a file)';

/** A figure in the indicator's unit: a percentage is typed as one, anything else as a decimal. */
const typeOfUnit = (unit: string): CellType => (unit === '%' ? 'percent' : 'decimal');
/** Counts are whole numbers unless the indicator counts an amount (e.g. £). */
const countType = (xs: Array<number | null>): CellType =>
  xs.every((x) => x === null || Number.isInteger(x)) ? 'integer' : 'decimal';
const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** Every export answers its table as CSV (the default) or an Excel workbook (format=xlsx). */
const TABLE = fileAnswer(
  'The table as CSV (format=csv, the default) or Excel (format=xlsx)',
  'text/csv',
  XLSX_TYPE,
);

export function exportRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/indicators/:code/funnel/export',
    summary:
      'Download the funnel table (every practice with its limits and flags) as CSV or Excel; the same query and rows as the funnel',
    tags: ['exports'],
    access: PUBLIC,
    params: IndicatorCode,
    query: FunnelQuery.extend({ format: FormatQuery }),
    rateLimit: EXPORT_RATE_LIMIT,
    responses: { 200: TABLE },
    handler: async ({ params, query, viewer, reply }) => {
      const { format, ...q } = query;
      const f = await funnelView(db, viewer, params.code, q);
      const unit = f.unit;
      const vt = typeOfUnit(unit);
      const columns: ExportColumn[] = [
        { header: 'Practice code', type: 'text', width: 10 },
        { header: 'Practice', type: 'text', width: 36 },
        { header: 'CCG', type: 'text', width: 8 },
        { header: 'Numerator', unit: 'count', type: countType(f.rows.map((r) => r.numerator)) },
        { header: 'Denominator', unit: 'count', type: countType(f.rows.map((r) => r.denominator)) },
        { header: 'Value', unit, type: vt },
        { header: 'Expected', unit, type: vt },
        { header: 'z-score, adjusted for overdispersion', unit: 'SD', type: 'decimal' },
        { header: 'Lower 95% limit', unit, type: vt },
        { header: 'Upper 95% limit', unit, type: vt },
        { header: 'Lower 99.8% limit', unit, type: vt },
        { header: 'Upper 99.8% limit', unit, type: vt },
        { header: 'Beyond 95% limits', type: 'text', width: 10 },
        { header: 'Beyond 99.8% limits', type: 'text', width: 10 },
        { header: 'Not computed', type: 'text', width: 40 },
      ];
      const rows: Cell[][] = f.rows.map((r) => [
        r.code,
        r.name,
        r.ccg,
        num(r.numerator),
        num(r.denominator),
        num(r.value),
        num(r.expected),
        num(r.z_adjusted),
        num(r.lower_95),
        num(r.upper_95),
        num(r.lower_99_8),
        num(r.upper_99_8),
        r.flag_95 || null,
        r.flag_99_8 || null,
        r.not_computed ? Object.values(r.not_computed).join('; ') : null,
      ]);
      const pooled = f.pooled.length > 0 ? f.pooled : [f.periodStart];
      const table: ExportTable = {
        name: `lantern-funnel-${f.indicator}-${f.periodStart}${f.area ? `-${f.area}` : ''}`,
        columns,
        rows,
        notes: {
          title: `${f.title}: funnel, ${f.periodStart} to ${f.periodEnd}${f.area ? `, practices of ${f.area}` : ''}`,
          sources: await sourcesOfIndicators(db, [f.indicator]),
          loads: await loadsOfIndicators(db, [f.indicator], pooled),
          filters: [
            `comparator: ${f.comparator}`,
            `adjustment: ${f.adjustment}`,
            `periods pooled: ${pooled.join(', ')}`,
            `method: ${f.method}`,
          ],
          suppression: f.published
            ? PUBLISHED_PRECISION
            : `${NOT_SUPPRESSED} A local indicator's funnel is given only to members of the area.`,
          generatedAt: nowIso(),
        },
      };
      return sendTable(reply, table, format);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/indicators/:code/deciles/export',
    summary: 'Download the spread of practices’ values over time (deciles per period) as CSV or Excel',
    tags: ['exports'],
    access: PUBLIC,
    params: IndicatorCode,
    query: DecilesQuery.extend({ format: FormatQuery }),
    rateLimit: EXPORT_RATE_LIMIT,
    responses: { 200: TABLE },
    handler: async ({ params, query, reply }) => {
      const { format, ...q } = query;
      const d = await decilesView(db, params.code, q);
      const vt = typeOfUnit(d.unit);
      const table: ExportTable = {
        name: `lantern-deciles-${d.indicator}${d.area ? `-${d.area}` : ''}`,
        columns: [
          { header: 'Period start', type: 'date' },
          { header: 'Practices', unit: 'count', type: 'integer' },
          ...d.deciles.map((p) => ({
            header: p === 0.5 ? 'Median' : `${Math.round(p * 100)}th percentile`,
            unit: d.unit,
            type: vt,
          })),
        ],
        rows: d.periods.map((p) => [p.periodStart, p.practices, ...p.deciles.map(num)]),
        notes: {
          title: `${d.title}: the spread of practices’ values in ${d.area ?? 'England'} per period`,
          sources: await sourcesOfIndicators(db, [d.indicator]),
          loads: [
            ...(await loadsOfIndicators(db, [d.indicator])),
            ...(d.area ? await loadsOfHierarchy(db) : []),
          ],
          filters: [`area: ${d.area ?? 'England'}`, 'periods with at least 10 practices'],
          suppression: PUBLISHED_PRECISION,
          generatedAt: nowIso(),
        },
      };
      return sendTable(reply, table, format);
    },
  });

  /** The notes shared by the two tables of an area's tiers. */
  async function tierNotes(t: Awaited<ReturnType<typeof areaTiersView>>, what: string) {
    const codes = t.indicators.map((i) => i.code);
    return {
      title: `${what}: ${t.area.name} (${t.area.code}), tier rule set version ${t.ruleVersion}`,
      sources: await sourcesOfIndicators(db, codes),
      loads: [...(await loadsOfHierarchy(db)), ...(await loadsOfIndicators(db, codes))],
      filters: [`area: ${t.area.code}`, t.about],
      suppression: NOT_SUPPRESSED,
      generatedAt: nowIso(),
    };
  }
  const TierQuery = AreaTiersQuery.extend({ format: FormatQuery });
  const tierLabel = (labels: Record<string, string>, t: string | null) =>
    t === null ? null : (labels[t] ?? t);

  route(app, db, {
    method: 'GET',
    url: '/api/tiers/export',
    summary: 'Download an area’s practice tiers (tier, a period earlier, why) as CSV or Excel',
    tags: ['exports'],
    access: allow('tiers.read_area', queryOrg('area')),
    query: TierQuery,
    rateLimit: EXPORT_RATE_LIMIT,
    responses: { 200: TABLE },
    handler: async ({ query, reply }) => {
      const t = await areaTiersView(db, { area: query.area });
      const table: ExportTable = {
        name: `lantern-tiers-${t.area.code}`,
        columns: [
          { header: 'Practice code', type: 'text', width: 10 },
          { header: 'Practice', type: 'text', width: 36 },
          { header: 'CCG', type: 'text', width: 8 },
          { header: 'Closed on', type: 'date' },
          { header: 'Tier', type: 'text', width: 18 },
          { header: 'Tier a period earlier', type: 'text', width: 18 },
          { header: 'Indicator results behind it', unit: 'count', type: 'integer' },
          { header: 'Why', type: 'text', width: 60 },
        ],
        rows: t.practices.map((p) => [
          p.code,
          p.name,
          p.ccg,
          p.closeDate,
          tierLabel(t.labels, p.tier) ?? 'No tier',
          tierLabel(t.labels, p.previous),
          p.evidence,
          p.reason,
        ]),
        notes: await tierNotes(t, 'Practice tiers'),
      };
      return sendTable(reply, table, query.format);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/tiers/grid/export',
    summary:
      'Download an area’s overview grid (every practice × each adopted indicator: latest result, expected, reading) as CSV or Excel',
    tags: ['exports'],
    access: allow('tiers.read_area', queryOrg('area')),
    query: TierQuery,
    rateLimit: EXPORT_RATE_LIMIT,
    responses: { 200: TABLE },
    handler: async ({ query, reply }) => {
      const t = await areaTiersView(db, { area: query.area });
      const READING: Record<string, string> = {
        worse_strict: 'worse than expected beyond 99.8% limits',
        worse_watch: 'worse than expected beyond 95% limits',
        within: 'within expected variation',
        better: 'better than expected beyond 95% limits',
      };
      const table: ExportTable = {
        name: `lantern-overview-${t.area.code}`,
        columns: [
          { header: 'Practice code', type: 'text', width: 10 },
          { header: 'Practice', type: 'text', width: 36 },
          { header: 'Tier', type: 'text', width: 18 },
          { header: 'Tier a period earlier', type: 'text', width: 18 },
          ...t.indicators.flatMap((i): ExportColumn[] => [
            // adjusted results are observed ÷ expected, so the unit is the funnel's, said in the notes
            { header: `${i.title}: value`, unit: i.unit || undefined, type: typeOfUnit(i.unit) },
            { header: `${i.title}: expected`, unit: i.unit || undefined, type: typeOfUnit(i.unit) },
            { header: `${i.title}: reading`, type: 'text', width: 24 },
            { header: `${i.title}: period start`, type: 'date' },
          ]),
          { header: 'Why', type: 'text', width: 60 },
        ],
        rows: t.practices.map((p) => {
          const cells = p.cells as Record<
            string,
            { value: number; expected: number; reading: string; periodStart: string } | undefined
          >;
          return [
            p.code,
            p.name,
            tierLabel(t.labels, p.tier) ?? 'No tier',
            tierLabel(t.labels, p.previous),
            ...t.indicators.flatMap((i): Cell[] => {
              const c = cells[i.code];
              return c
                ? [num(c.value), num(c.expected), READING[c.reading] ?? c.reading, c.periodStart]
                : [null, null, 'no result', null];
            }),
            p.reason,
          ];
        }),
        notes: await tierNotes(t, 'Practices and indicators'),
      };
      table.notes.filters!.push(
        'Each value is the latest pooled result; where the comparison is adjusted for case mix it is observed ÷ expected (1 is as expected).',
      );
      return sendTable(reply, table, query.format);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/concerns/export',
    summary: 'Download the concerns you can see (same filters as the list) as CSV or Excel',
    tags: ['exports'],
    access: allow('concerns.read'),
    query: concernListQuery.extend({ format: FormatQuery }),
    rateLimit: EXPORT_RATE_LIMIT,
    responses: { 200: TABLE },
    handler: async ({ query, viewer, reply }) => {
      const { format, ...q } = query;
      const { concerns } = await concernListView(db, viewer, q);
      const table: ExportTable = {
        name: 'lantern-concerns',
        columns: [
          { header: 'Concern', unit: 'number', type: 'integer', width: 9 },
          { header: 'Status', type: 'text', width: 20 },
          { header: 'Provider code', type: 'text', width: 10 },
          { header: 'Provider', type: 'text', width: 36 },
          { header: 'Service', type: 'text', width: 24 },
          { header: 'Category group', type: 'text', width: 24 },
          { header: 'Category', type: 'text', width: 24 },
          { header: 'Harm', type: 'text', width: 10 },
          { header: 'Event date', type: 'date' },
          { header: 'Urgent', type: 'text', width: 7 },
          { header: 'Practice code', type: 'text', width: 10 },
          { header: 'Practice', type: 'text', width: 30 },
          { header: 'Next due', type: 'date' },
          { header: 'Overdue', type: 'text', width: 8 },
          { header: 'Logged', type: 'date' },
          { header: 'Description', type: 'text', width: 60 },
        ],
        rows: concerns.map((c) => [
          c.id,
          c.statusLabel,
          c.provider.code,
          c.provider.name,
          c.serviceLabel,
          c.category.parentLabel,
          c.category.label,
          c.harm,
          c.eventDate,
          yesNo(c.urgent),
          c.practice?.code ?? (c.reporterHidden ? 'withheld' : null),
          c.practice?.name ?? null,
          c.nextDue,
          yesNo(c.overdue),
          c.createdAt,
          c.description,
        ]),
        notes: {
          title: 'Concerns about providers you can see',
          sources: [CONCERNS_SOURCE],
          loads: [],
          filters: [
            `status: ${q.status ?? 'any'}`,
            `provider: ${q.provider ?? 'any'}`,
            `overdue only: ${q.overdue === 'true' ? 'yes' : 'no'}`,
            `at most ${q.limit} concerns`,
          ],
          suppression: `${NOT_SUPPRESSED} Each concern is listed only to those who may open it; a provider sees neither the reporter nor the practice unless the reporter agreed ("withheld").`,
          generatedAt: nowIso(),
        },
      };
      return sendTable(reply, table, format);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/concerns/themes/export',
    summary:
      'Download the themes (concerns per provider × category × service over the last 30, 90 and 365 days) as CSV or Excel',
    tags: ['exports'],
    access: allow('concerns.themes'),
    query: z.object({ format: FormatQuery }),
    rateLimit: EXPORT_RATE_LIMIT,
    responses: { 200: TABLE },
    handler: async ({ query, viewer, reply }) => {
      const t = await themesView(db, viewer);
      const table: ExportTable = {
        name: `lantern-concern-themes-${t.asOf}`,
        columns: [
          { header: 'Provider code', type: 'text', width: 10 },
          { header: 'Provider', type: 'text', width: 36 },
          { header: 'Category group', type: 'text', width: 24 },
          { header: 'Category', type: 'text', width: 24 },
          { header: 'Service', type: 'text', width: 24 },
          { header: 'Last 30 days', unit: 'concerns', type: 'integer' },
          { header: 'Last 90 days', unit: 'concerns', type: 'integer' },
          { header: 'Last 365 days', unit: 'concerns', type: 'integer' },
        ],
        rows: t.rows.map((r) => [
          r.providerCode,
          r.providerName,
          r.parentLabel,
          r.categoryLabel,
          r.serviceLabel,
          r.last30 ?? SUPPRESSED,
          r.last90 ?? SUPPRESSED,
          r.last365 ?? SUPPRESSED,
        ]),
        notes: {
          title: `Concern themes to ${t.asOf}`,
          sources: [CONCERNS_SOURCE],
          loads: [],
          filters: [t.covers],
          suppression: t.suppressed
            ? 'Counts from every practice, suppressed: your grants cover no practice whose concerns you see in full.'
            : `${NOT_SUPPRESSED} Themes are for the commissioner team.`,
          generatedAt: nowIso(),
        },
      };
      return sendTable(reply, table, query.format);
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/referral-choice/export',
    summary:
      'Download the “where to refer” comparison of providers as CSV or Excel; the same query as the page',
    tags: ['exports'],
    access: allow('referral_choice.read'),
    query: ReferralQuery.extend({ format: FormatQuery }),
    rateLimit: EXPORT_RATE_LIMIT,
    responses: { 200: TABLE },
    handler: async ({ query, viewer, reply }) => {
      const { format, ...q } = query;
      const r = await referralChoiceView(db, viewer, q);
      const suppressed = r.providers.some((p) => p.concerns.suppressed);
      const measureUnit = new Map(
        r.providers.flatMap((p) => p.measures.map((m) => [m.code, m.unit] as const)),
      );
      const table: ExportTable = {
        name: `lantern-referral-choice${r.service ? `-${r.service.code}` : ''}`,
        columns: [
          { header: 'Provider code', type: 'text', width: 10 },
          { header: 'Provider', type: 'text', width: 36 },
          ...r.columns.flatMap((c): ExportColumn[] => {
            const unit = measureUnit.get(c.code) ?? '';
            const t = typeOfUnit(unit);
            return [
              { header: c.title, unit: unit || undefined, type: t },
              { header: `${c.title}: 95% interval, lower`, unit: unit || undefined, type: t },
              { header: `${c.title}: 95% interval, upper`, unit: unit || undefined, type: t },
              { header: `${c.title}: England median`, unit: unit || undefined, type: t },
            ];
          }),
          { header: 'Concerns, last 12 months', unit: 'count', type: 'integer' },
          { header: 'Concerns per 1,000 referrals a year', unit: 'rate', type: 'decimal' },
          { header: 'Concern rate: 95% interval, lower', unit: 'rate', type: 'decimal' },
          { header: 'Concern rate: 95% interval, upper', unit: 'rate', type: 'decimal' },
          { header: 'Concern rate unstable', type: 'text', width: 30 },
        ],
        rows: r.providers.map((p) => {
          const rate = p.concerns.perThousand;
          const hidden = p.concerns.suppressed;
          // to those who see counts suppressed the rate and its interval are withheld: marked, never a figure
          const rateCell = (v: number | null | undefined): Cell =>
            hidden ? SUPPRESSED : rate ? num(v) : null;
          return [
            p.provider.code,
            p.provider.name,
            ...r.columns.flatMap((c): Cell[] => {
              const m = p.measures.find((x) => x.code === c.code);
              return m
                ? [num(m.value), num(m.interval?.lower), num(m.interval?.upper), num(m.median)]
                : [null, null, null, null];
            }),
            count(p.concerns.total, hidden),
            rateCell(rate?.value),
            rateCell(rate?.lower),
            rateCell(rate?.upper),
            hidden ? null : (rate?.unstable ?? null),
          ];
        }),
        notes: {
          title: `Where to refer: providers side by side${r.service ? ` for ${r.service.label} (${r.service.code})` : ''}`,
          sources: [
            ...(await sourcesOfIndicators(
              db,
              r.columns.map((c) => c.code),
            )),
            CONCERNS_SOURCE,
          ],
          loads: await loadsOfIndicators(
            db,
            r.columns.map((c) => c.code),
          ),
          filters: [
            r.note,
            `service: ${r.service ? `${r.service.label} (${r.service.code})` : 'any'}`,
            ...new Set(r.providers.map((p) => p.concerns.covers)),
          ],
          suppression: suppressed
            ? `${SUPPRESSION_NOTE} Concern rates and their intervals are withheld (suppressed) from you.`
            : NOT_SUPPRESSED,
          generatedAt: nowIso(),
        },
      };
      return sendTable(reply, table, format);
    },
  });
}
