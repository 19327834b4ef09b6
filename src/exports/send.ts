/** Sending a table as a download: CSV or XLSX, with a file name, never cached. */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import { tableToCsv } from './csv.js';
import type { ExportTable } from './table.js';

export const FORMATS = ['csv', 'xlsx'] as const;
export type ExportFormat = (typeof FORMATS)[number];
export const FormatQuery = z.enum(FORMATS).default('csv').describe('csv (the default) or xlsx');

/** Exports are heavier than pages: the same limit as the other downloads. */
export const EXPORT_RATE_LIMIT = { max: 10, timeWindow: '1 minute' };

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export async function sendTable(reply: FastifyReply, table: ExportTable, format: ExportFormat) {
  const file = `${table.name.replace(/[^\w.-]/g, '_')}.${format}`;
  void reply
    .header('content-disposition', `attachment; filename="${file}"`)
    .header('cache-control', 'no-store');
  if (format === 'xlsx') {
    // exceljs (and its zip libraries) load with the first spreadsheet asked for, not with the server
    const { tableToXlsx } = await import('./xlsx.js');
    return reply.type(XLSX_TYPE).send(await tableToXlsx(table));
  }
  return reply.type('text/csv; charset=utf-8').send(tableToCsv(table));
}
