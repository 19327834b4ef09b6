/** Reports for meetings: the Quality Surveillance Group pack as HTML or PDF. */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import { today } from '../../domain/clock.js';
import { addCalendarDays } from '../../domain/working-days.js';
import { descendantsOf } from '../../auth/scope.js';
import { allow, queryOrg } from '../access.js';
import { AppError, badRequest } from '../errors.js';
import { route } from '../route.js';
import { requireOrganisation, IsoDate } from './organisations.js';
import { qsgData, qsgHtml } from '../../reports/qsg.js';
import { htmlToPdf, NoBrowserError } from '../../reports/pdf.js';

export function reportRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/reports/qsg',
    summary:
      'The Quality Surveillance Group pack for an area and period (format html, pdf or json); counts suppressed',
    tags: ['reports'],
    access: allow('reports.qsg', queryOrg('area')),
    query: z.object({
      area: z
        .string()
        .trim()
        .toUpperCase()
        .regex(/^[A-Z0-9]{3,9}$/, 'must be an ODS code')
        .optional(),
      from: IsoDate.optional(),
      to: IsoDate.optional(),
      format: z.enum(['html', 'pdf', 'json']).default('html'),
    }),
    rateLimit: { max: 10, timeWindow: '1 minute' },
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
      if (query.format === 'json') return data;
      return sendDocument(
        reply,
        qsgHtml(data),
        query.format,
        `qsg-pack-${area?.code ?? 'all'}-${from}-to-${to}`,
      );
    },
  });
}

/** A report as HTML (shown in the browser) or PDF (downloaded); 503 when PDFs are asked for and there is no browser. */
export async function sendDocument(reply: FastifyReply, html: string, format: 'html' | 'pdf', name: string) {
  if (format === 'html') {
    void reply
      .type('text/html; charset=utf-8')
      .header('content-disposition', `inline; filename="${name}.html"`);
    return html;
  }
  try {
    const pdf = await htmlToPdf(html);
    void reply.type('application/pdf').header('content-disposition', `attachment; filename="${name}.pdf"`);
    return pdf;
  } catch (e) {
    if (e instanceof NoBrowserError) throw new AppError(503, 'internal', e.message);
    throw e;
  }
}
