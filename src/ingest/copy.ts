/** Bulk writes through COPY, in chunks, with each cell written as CSV (NULL as an unquoted empty field). */
import type { Queryable } from '../db/connect.js';

const CHUNK = 100_000;

function cell(v: unknown): string {
  if (v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v))) return '';
  const s = String(v);
  return s === '' || /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export async function copyRows(
  tx: Queryable,
  table: string,
  columns: string[],
  count: number,
  row: (i: number) => unknown[],
  progress?: (done: number) => void,
): Promise<void> {
  for (let start = 0; start < count; start += CHUNK) {
    const end = Math.min(count, start + CHUNK);
    const lines = [columns.join(',')];
    for (let i = start; i < end; i++) lines.push(row(i).map(cell).join(','));
    await tx.copyCsv(table, columns, lines.join('\n') + '\n');
    progress?.(end);
  }
}
