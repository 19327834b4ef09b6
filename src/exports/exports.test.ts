import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import readXlsxFile from 'read-excel-file/node';
import { tableToCsv } from './csv.js';
import { tableToXlsx } from './xlsx.js';
import { SUPPRESSED, type ExportTable } from './table.js';

const INJECTIONS = ['=HYPERLINK("http://x","y")', '+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcmd'];

const table = (): ExportTable => ({
  name: 'unit',
  columns: [
    { header: 'Name', type: 'text' },
    { header: 'Count', unit: 'count', type: 'integer' },
    { header: 'Change', unit: 'SD', type: 'decimal' },
    { header: 'Share', unit: '%', type: 'percent' },
    { header: 'Day', type: 'date' },
  ],
  rows: [
    ...INJECTIONS.map((s, i) => [s, i + 10, -2.5, 12.5, '2024-05-01']),
    ['plain, "quoted"\nline', SUPPRESSED, null, null, null],
  ],
  notes: {
    title: 'A unit table',
    sources: ['Somewhere official'],
    loads: [{ id: 7, source: 'qof', fileName: 'qof.csv', loadedAt: '2024-06-01T10:00:00Z' }],
    suppression: 'a rule',
    generatedAt: '2024-06-02T09:00:00Z',
  },
});

describe('a table written as CSV', () => {
  it('quotes per RFC 4180, neutralises formula text with a single quote, keeps numbers numbers', () => {
    const csv = tableToCsv(table());
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    const rows = Papa.parse<string[]>(csv.trimEnd(), { newline: '\r\n' }).data;
    expect(rows[0]).toEqual(['Name', 'Count (count)', 'Change (SD)', 'Share (%)', 'Day', 'Suppressed cells']);
    INJECTIONS.forEach((s, i) => {
      expect(rows[i + 1]![0]).toBe(`'${s}`);
      expect(rows[i + 1]![2]).toBe('-2.5');
    });
    // the suppressed count is an empty cell, named in the row's last column; a missing one is simply empty
    expect(rows[7]).toEqual(['plain, "quoted"\nline', '', '', '', '', 'Count (count)']);
    expect(rows[1]![5]).toBe('');
  });

  it('refuses a cell of the wrong type', () => {
    const t = table();
    t.rows[0]![1] = '12';
    expect(() => tableToCsv(t)).toThrow(/row 1, column "Count" \(integer\)/);
  });
});

describe('a table written as XLSX, read back by another parser', () => {
  it('types cells, keeps formula-like text as text, marks suppressed cells, and writes the notes', async () => {
    const sheets = await readXlsxFile(await tableToXlsx(table()), { trim: false });
    expect(sheets.map((s) => s.sheet)).toEqual(['Data', 'Notes']);
    const data = sheets[0]!.data;
    expect(data[0]).toEqual(['Name', 'Count (count)', 'Change (SD)', 'Share (%)', 'Day', 'Suppressed cells']);
    INJECTIONS.forEach((s, i) => {
      const r = data[i + 1]!;
      expect(r[0]).toBe(s);
      expect(r[1]).toBe(i + 10);
      expect(r[2]).toBe(-2.5);
      expect(r[3]).toBe(12.5);
      expect(r[4]).toEqual(new Date('2024-05-01T00:00:00Z'));
    });
    expect(data[7]!.slice(1)).toEqual([null, null, null, null, 'Count (count)']);
    const notes = sheets[1]!.data;
    const said = (label: string) => notes.filter((r) => r[0] === label).map((r) => r[1]);
    expect(said('Title')).toEqual(['A unit table']);
    expect(said('Data source')).toEqual(['Somewhere official']);
    expect(said('Suppression')).toEqual(['a rule']);
    expect(said('Generated')).toEqual([new Date('2024-06-02T09:00:00Z')]);
    expect(notes.find((r) => r[0] === 7)).toEqual([7, 'qof', 'qof.csv', new Date('2024-06-01T10:00:00Z')]);
  });
});
