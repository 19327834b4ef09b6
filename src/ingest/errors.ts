/** A problem with one cell of an input file: where it is, what was there, what was expected. */
export interface CellProblem {
  line: number | null;
  column: string | null;
  value: string | null;
  expected: string;
}

export function describeProblem(file: string, p: CellProblem): string {
  const where = [p.line !== null ? `line ${p.line}` : null, p.column !== null ? `column ${p.column}` : null]
    .filter(Boolean)
    .join(', ');
  const got =
    p.value === null
      ? ''
      : p.value === ''
        ? ', got an empty cell'
        : `, got "${p.value.length > 60 ? p.value.slice(0, 60) + '…' : p.value}"`;
  return `${file}${where ? ` ${where}` : ''}: expected ${p.expected}${got}`;
}

/** A load refused: nothing was written. Lists the first problems found (all of them up to a limit). */
export class LoadRejected extends Error {
  constructor(
    readonly file: string,
    readonly problems: CellProblem[],
    readonly more = 0,
  ) {
    const lines = problems.map((p) => describeProblem(file, p));
    super(
      `${lines[0]}${lines.length > 1 ? `\n  …and ${lines.length - 1 + more} more problem${lines.length - 1 + more === 1 ? '' : 's'}:\n  ${lines.slice(1).join('\n  ')}` : ''}\nNothing was loaded from ${file}.`,
    );
  }
}

const count = (n: number) => n.toLocaleString('en-GB');

/**
 * A load refused because the embedded store would grow beyond its capacity (Database.valueLimit): nothing was
 * written. A LoadRejected, so every caller that reports a refused file reports this one the same way.
 */
export class StoreFull extends LoadRejected {
  constructor(
    file: string,
    readonly stored: number,
    readonly adding: number,
    readonly limit: number,
  ) {
    super(file, [
      {
        line: null,
        column: null,
        value: null,
        expected: `at most ${count(limit)} indicator values in the embedded database (LANTERN_EMBEDDED_MAX_VALUES), but it holds ${count(stored)} and this file adds up to ${count(adding)} (${count(stored + adding)} in all)`,
      },
    ]);
    this.message = `${this.message}\nFor a store this large use a PostgreSQL server: set DATABASE_URL (see README, "Capacity of the embedded store").`;
  }
}
