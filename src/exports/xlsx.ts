/**
 * A table as an Excel workbook (exceljs): a "Data" sheet of typed cells (numbers are numbers with a number format,
 * dates are dates), a bold frozen header row with the units, column widths; and a "Notes" sheet with the title, the
 * data sources and loads behind the figures, the filters, when it was made, and the viewer's suppression rule.
 * Text is always written as a string cell, never as a formula, whatever character it starts with.
 */
import ExcelJS from 'exceljs';
import {
  checkTable,
  headerOf,
  isSuppressed,
  SUPPRESSED_MEANING,
  withSuppressionColumn,
  type CellType,
  type ExportTable,
} from './table.js';

const FORMAT: Record<CellType, string | undefined> = {
  text: '@',
  integer: '#,##0',
  decimal: '#,##0.0##',
  // the figure is in percentage points (85.3 means 85.3%), as on screen: the % is a literal, not a ×100
  percent: '0.0#\\%',
  date: 'yyyy-mm-dd',
};
const WIDTH: Record<CellType, number> = { text: 28, integer: 12, decimal: 12, percent: 10, date: 12 };

/** A date or timestamp string as a Date at midnight UTC of its day (a spreadsheet date has no zone). */
const asDate = (s: string) => new Date(`${s.slice(0, 10)}T00:00:00Z`);

const SUPPRESSED_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'gray125' };

export async function tableToXlsx(input: ExportTable): Promise<Buffer> {
  checkTable(input);
  const t = withSuppressionColumn(input);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Lantern';
  wb.created = new Date(t.notes.generatedAt);
  wb.title = t.notes.title;

  const data = wb.addWorksheet('Data', { views: [{ state: 'frozen', ySplit: 1 }] });
  data.columns = t.columns.map((c) => ({
    header: headerOf(c),
    width: Math.max(c.width ?? WIDTH[c.type], Math.min(60, headerOf(c).length + 2)),
    style: { numFmt: FORMAT[c.type] },
  }));
  data.getRow(1).font = { bold: true };
  for (const r of t.rows) {
    const row = data.addRow([]);
    r.forEach((c, i) => {
      const col = t.columns[i]!;
      const cell = row.getCell(i + 1);
      if (isSuppressed(c)) {
        cell.value = null;
        cell.note = 'suppressed';
        cell.fill = SUPPRESSED_FILL;
      } else if (c === null) cell.value = null;
      else if (col.type === 'date' && typeof c === 'string') cell.value = asDate(c);
      // a string cell (shared string), never { formula }: "=1+1" stays the text "=1+1"
      else cell.value = c;
    });
  }

  const notes = wb.addWorksheet('Notes');
  notes.columns = [{ width: 22 }, { width: 40 }, { width: 40 }, { width: 22 }];
  const n = t.notes;
  const line = (label: string, ...values: Array<string | number | Date>) => {
    const row = notes.addRow([label, ...values]);
    row.getCell(1).font = { bold: true };
    return row;
  };
  line('Title', n.title);
  line('Generated', new Date(n.generatedAt)).getCell(2).numFmt = 'yyyy-mm-dd hh:mm:ss "UTC"';
  for (const f of n.filters ?? []) line('Filter', f);
  for (const s of n.sources) line('Data source', s);
  line('Suppression', n.suppression);
  line('Suppressed cells', SUPPRESSED_MEANING);
  line(
    'Text cells',
    "Text is written as text, never as a formula; in the CSV download, text starting with =, +, -, @, a tab or a carriage return has a single quote (') put before it so that a spreadsheet does not run it.",
  );
  notes.addRow([]);
  const head = notes.addRow(['Load', 'Source', 'File', 'Loaded at']);
  head.font = { bold: true };
  if (n.loads.length === 0) notes.addRow(['none: these figures were entered in Lantern, not loaded']);
  for (const l of n.loads) {
    const row = notes.addRow([l.id, l.source, l.fileName, l.loadedAt ? new Date(l.loadedAt) : null]);
    row.getCell(4).numFmt = 'yyyy-mm-dd hh:mm:ss "UTC"';
  }
  notes.getColumn(2).alignment = { wrapText: true, vertical: 'top' };

  return Buffer.from(await wb.xlsx.writeBuffer());
}
