/** Writing CSV text: one quoting rule for the CLI's output, the API's exports and the web's downloads. */
function quote(cell: string): string {
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

/** One record's cells, quoted where needed and joined by commas (no line ending). */
export function csvLine(cells: readonly string[]): string {
  return cells.map(quote).join(',');
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map(csvLine).join('\n') + '\n';
}
