/**
 * One table model for every download: typed columns with a header and a unit, rows of cells, and what a notes sheet
 * says about it. The same table is written as CSV (csv.ts) and as an Excel workbook (xlsx.ts), so the two never differ.
 */

export type CellType = 'text' | 'integer' | 'decimal' | 'percent' | 'date';

export interface ExportColumn {
  header: string;
  /** shown in the header, e.g. "Concerns (count)"; none for text */
  unit?: string;
  type: CellType;
  /** characters; a default by type otherwise */
  width?: number;
}

/** A count withheld by small-number suppression: an empty cell, marked as suppressed, never the value. */
export interface SuppressedCell {
  suppressed: true;
}
export const SUPPRESSED: SuppressedCell = Object.freeze({ suppressed: true as const });

export type Cell = string | number | null | SuppressedCell;

export interface LoadNote {
  id: number;
  source: string;
  fileName: string;
  /** when the load finished (ISO timestamp) */
  loadedAt: string | null;
}

export interface ExportNotes {
  title: string;
  /** the data sources, in words */
  sources: string[];
  /** the loads the figures came from */
  loads: LoadNote[];
  /** the filters the table was made with, in words (e.g. "status: submitted") */
  filters?: string[];
  /** the viewer's suppression rule, in words */
  suppression: string;
  /** ISO timestamp */
  generatedAt: string;
}

export interface ExportTable {
  /** the file name without extension, e.g. "lantern-concerns" */
  name: string;
  columns: ExportColumn[];
  rows: Cell[][];
  notes: ExportNotes;
}

export const isSuppressed = (c: Cell): c is SuppressedCell =>
  typeof c === 'object' && c !== null && (c as SuppressedCell).suppressed === true;

/** The header as written: the unit in brackets after the name. */
export const headerOf = (c: ExportColumn) => (c.unit ? `${c.header} (${c.unit})` : c.header);

/** What a suppressed cell means, said on every notes sheet. */
export const SUPPRESSED_MEANING =
  'A suppressed cell is empty and marked "suppressed" (an Excel note on the cell; in CSV the row\'s "Suppressed cells" column names it): the count was between 1 and 7, or a figure built from such a count, and is withheld. An empty cell that is not marked has no figure.';
export const NOT_SUPPRESSED = 'None: you see these figures in full (your grants cover them).';

/** The column that names the suppressed cells of each row, added to any table with a suppressed cell. */
export const SUPPRESSED_COLUMN: ExportColumn = { header: 'Suppressed cells', type: 'text', width: 30 };

/**
 * The table as written: when any cell is suppressed, a last column names each row's suppressed cells (CSV has no
 * other way to mark an empty cell).
 */
export function withSuppressionColumn(t: ExportTable): ExportTable {
  if (!t.rows.some((r) => r.some(isSuppressed))) return t;
  return {
    ...t,
    columns: [...t.columns, SUPPRESSED_COLUMN],
    rows: t.rows.map((r) => [
      ...r,
      r.flatMap((c, i) => (isSuppressed(c) ? [headerOf(t.columns[i]!)] : [])).join('; ') || null,
    ]),
  };
}

/** Check each cell against its column's type: a table that mixes them is a programming error, caught in tests. */
export function checkTable(t: ExportTable): void {
  for (const [i, r] of t.rows.entries()) {
    if (r.length !== t.columns.length)
      throw new Error(`export ${t.name}: row ${i + 1} has ${r.length} cells for ${t.columns.length} columns`);
    r.forEach((c, j) => {
      const col = t.columns[j]!;
      if (c === null || isSuppressed(c)) return;
      const ok =
        col.type === 'text'
          ? typeof c === 'string'
          : col.type === 'date'
            ? typeof c === 'string' && /^\d{4}-\d{2}-\d{2}/.test(c)
            : typeof c === 'number' && Number.isFinite(c) && (col.type !== 'integer' || Number.isInteger(c));
      if (!ok)
        throw new Error(
          `export ${t.name}: row ${i + 1}, column "${col.header}" (${col.type}) holds ${JSON.stringify(c)}`,
        );
    });
  }
}

/** A number for a numeric cell: null for a missing or non-finite one. */
export const num = (v: number | null | undefined): number | null =>
  typeof v === 'number' && Number.isFinite(v) ? v : null;

/** A count as the viewer received it: null in a suppressed answer means suppressed. */
export const count = (v: number | null | undefined, suppressed: boolean): Cell =>
  v === null || v === undefined ? (suppressed ? SUPPRESSED : null) : v;
