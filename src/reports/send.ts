import type { FastifyReply } from 'fastify';
import { AppError } from '../api/errors.js';
import { htmlToPdf, NoBrowserError } from './pdf.js';

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
