/** Reports for meetings as HTML or PDF: the Quality Surveillance Group pack, the practice report and the quality committee pack. */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/connect.js';
import { today } from '../domain/clock.js';
import { addCalendarDays } from '../domain/working-days.js';
import { descendantsOf } from '../auth/scope.js';
import { allow, paramOrg, queryOrg } from '../api/access.js';
import { badRequest } from '../api/errors.js';
import { fileAnswer, route } from '../api/route.js';
import { OrgCode } from '../api/params.js';
import { requireArea, requireOrganisation, requirePractice } from '../organisations/lookup.js';
import { qsgData, qsgHtml } from './qsg.js';
import { closePdfBrowser } from './pdf.js';
import { sendDocument } from './send.js';
import { CommitteeParams, CommitteeQuery, PracticeReportQuery, QsgQuery } from './contract.js';
import { committeeData, committeeHtml } from './committee.js';

/** A report is a document; its data (format=json) is the report's own and changes with it. */
const REPORT = fileAnswer(
  'The report: an HTML page, a PDF download, or (format=json) its data',
  'text/html',
  'application/pdf',
  'application/json',
);

export function reportRoutes(app: FastifyInstance, db: Database): void {
  // the one PDF browser (launched on the first PDF) goes with the server
  app.addHook('onClose', closePdfBrowser);

  route(app, db, {
    method: 'GET',
    url: '/api/reports/qsg',
    summary:
      'The Quality Surveillance Group pack for an area and period (format html, pdf or json); counts suppressed',
    tags: ['reports'],
    access: allow('reports.qsg', queryOrg('area')),
    query: QsgQuery,
    rateLimit: { max: 10, timeWindow: '1 minute' },
    responses: { 200: REPORT },
    handler: async ({ query, viewer, reply, request }) => {
      const to = query.to ?? today();
      const from = query.from ?? addCalendarDays(to, -90);
      if (from > to) throw badRequest('from must not be after to');
      // no area named: the viewer's own (the first of them), or every area for an unscoped grant
      const areaCode = query.area ?? viewer.permissions.areasFor('reports.qsg')?.[0] ?? null;
      const area = areaCode ? await requireOrganisation(db, areaCode) : null;
      const practices = area ? [...(await descendantsOf(db, [area.code]))] : null;
      const data = await qsgData(db, {
        areaCode: area?.code ?? null,
        areaName: area?.name ?? 'All areas',
        practices,
        from,
        to,
      });
      await viewer.audit(
        db,
        {
          action: 'reports.qsg',
          target: area?.code ?? 'all',
          outcome: 'success',
          details: { from, to, format: query.format },
        },
        request.ip,
      );
      if (query.format === 'json') return reply.send(data);
      return reply.send(
        await sendDocument(
          reply,
          qsgHtml(data),
          query.format,
          `qsg-pack-${area?.code ?? 'all'}-${from}-to-${to}`,
        ),
      );
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/reports/practice/:code',
    summary:
      'The practice report for its own meeting (format html, pdf or json): tier and evidence, spine, SPC charts, funnels, peers, notes of context, sources and loads',
    tags: ['reports'],
    // as the practice page's tier and evidence: members of the practice and its commissioners
    access: allow('tiers.read', paramOrg()),
    params: OrgCode,
    query: PracticeReportQuery,
    rateLimit: { max: 10, timeWindow: '1 minute' },
    responses: { 200: REPORT },
    handler: async ({ params, query, viewer, reply, request }) => {
      const org = await requirePractice(db, params.code, 'practice reports are for GP practices');
      // the charts' code (Observable Plot, jsdom) is loaded with the first report, not with the server
      const { practiceReportData, practiceReportHtml } = await import('./practice.js');
      const data = await practiceReportData(db, viewer, org);
      await viewer.audit(
        db,
        {
          action: 'reports.practice',
          target: org.code,
          outcome: 'success',
          details: { format: query.format },
        },
        request.ip,
      );
      if (query.format === 'json') return reply.send(data);
      return reply.send(
        await sendDocument(
          reply,
          await practiceReportHtml(data),
          query.format,
          `practice-report-${org.code}-${data.generatedOn}`,
        ),
      );
    },
  });

  route(app, db, {
    method: 'GET',
    url: '/api/reports/committee/:icb',
    summary:
      'The quality committee pack of an ICB or CCG (format html, pdf or json): tier counts and movement, improvement cases, provider signals and surveillance status, the QSG summary; counts of concerns suppressed',
    tags: ['reports'],
    // the pack carries every tier in the area, so it is for those who may see them (the commissioner team),
    // not everyone who may have the QSG pack
    access: allow('tiers.read_area', paramOrg('icb')),
    params: CommitteeParams,
    query: CommitteeQuery,
    rateLimit: { max: 10, timeWindow: '1 minute' },
    responses: { 200: REPORT },
    handler: async ({ params, query, viewer, reply, request }) => {
      const to = query.to ?? today();
      const from = query.from ?? addCalendarDays(to, -90);
      if (from > to) throw badRequest('from must not be after to');
      const area = await requireArea(db, params.icb);
      const data = await committeeData(db, viewer, area, { from, to });
      await viewer.audit(
        db,
        {
          action: 'reports.committee',
          target: area.code,
          outcome: 'success',
          details: { from, to, format: query.format },
        },
        request.ip,
      );
      if (query.format === 'json') return reply.send(data);
      return reply.send(
        await sendDocument(
          reply,
          committeeHtml(data),
          query.format,
          `committee-pack-${area.code}-${data.generatedOn}`,
        ),
      );
    },
  });
}
