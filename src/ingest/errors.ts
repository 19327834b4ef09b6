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
