/**
 * The import format for a real patient extract, pseudonymised at source (docs/population.md). Checked as strictly as
 * every other load: each problem names the file, line, column, what was there and what was expected, and a file with
 * any problem writes nothing.
 *
 *   extract_date,practice_code,patient_ref,sex,age,conditions,efi_deficits,emergency_admissions_12m,appointments_12m
 *   2026-11-30,P84019,a81f09c2d4e6,female,82,HYP;AF;CKD,3;5;12;19,1,14
 */
import type { Queryable } from '../db/connect.js';
import { knownPractices, type StoredPatient } from '../db/repos/population.js';
import { QOF_GROUPS } from '../domain/indicators.js';
import { CODE_EXPECTATION, isCodeOfType } from '../domain/organisations.js';
import { isValidIsoDate } from '../domain/periods.js';
import { today } from '../domain/clock.js';
import { nhsNumberInText } from '../concerns/nhs-number.js';
import { readCsvFile } from '../ingest/csv-file.js';
import { LoadRejected, type CellProblem } from '../ingest/errors.js';
import { EFI_DEFICITS } from './efi.js';

export const EXTRACT_COLUMNS = [
  'extract_date',
  'practice_code',
  'patient_ref',
  'sex',
  'age',
  'conditions',
  'efi_deficits',
  'emergency_admissions_12m',
  'appointments_12m',
] as const;

const MAX_PROBLEMS = 25;
const PSEUDONYM = /^[A-Za-z0-9_-]{8,64}$/;

export interface ParsedExtract {
  file: string;
  checksum: string;
  asAt: string;
  practices: Map<string, StoredPatient[]>;
}

/** Parse and check an extract file; throws LoadRejected naming every problem (up to a limit). */
export async function readExtract(db: Queryable, path: string, displayName?: string): Promise<ParsedExtract> {
  const file = readCsvFile(path, displayName);
  const problems: CellProblem[] = [];
  let more = 0;
  const problem = (p: CellProblem) => (problems.length < MAX_PROBLEMS ? problems.push(p) : more++);
  const header = file.first.map((h) => h.trim().toLowerCase());
  const missing = EXTRACT_COLUMNS.filter((c) => !header.includes(c));
  // nothing beyond the format: an extra column (a name, a date of birth, an NHS number) is refused, not ignored
  const extra = header.filter((h) => !(EXTRACT_COLUMNS as readonly string[]).includes(h));
  if (extra.length > 0)
    throw new LoadRejected(file.name, [
      {
        line: 1,
        column: extra[0]!,
        value: null,
        expected: `only the columns ${EXTRACT_COLUMNS.join(', ')}: a pseudonymised extract carries nothing else (remove ${extra.join(', ')})`,
      },
    ]);
  if (missing.length > 0)
    throw new LoadRejected(file.name, [
      {
        line: 1,
        column: null,
        value: file.first.join(','),
        expected: `a header naming the columns ${EXTRACT_COLUMNS.join(', ')} (missing: ${missing.join(', ')})`,
      },
    ]);
  const at = Object.fromEntries(EXTRACT_COLUMNS.map((c) => [c, header.indexOf(c)])) as Record<
    (typeof EXTRACT_COLUMNS)[number],
    number
  >;
  const deficitIds = new Set(EFI_DEFICITS.map((d) => d.id));
  const practices = new Map<string, StoredPatient[]>();
  const seen = new Map<string, number>();
  let asAt: { date: string; line: number } | null = null;
  const day = today();

  for (const r of file.records.slice(1)) {
    const cell = (c: (typeof EXTRACT_COLUMNS)[number]) => (r.cells[at[c]] ?? '').trim();
    const bad = (column: string, value: string, expected: string) =>
      problem({ line: r.line, column, value, expected });
    const integer = (c: (typeof EXTRACT_COLUMNS)[number], max: number) => {
      const v = cell(c);
      if (!/^\d+$/.test(v) || Number(v) > max) {
        bad(c, v, `a whole number from 0 to ${max}`);
        return 0;
      }
      return Number(v);
    };
    const list = (c: (typeof EXTRACT_COLUMNS)[number]) =>
      cell(c) === ''
        ? []
        : cell(c)
            .split(';')
            .map((x) => x.trim());

    const date = cell('extract_date');
    if (!isValidIsoDate(date)) bad('extract_date', date, 'the date of the extract as YYYY-MM-DD');
    else if (date > day) bad('extract_date', date, 'the date the extract was taken, not one in the future');
    else if (asAt === null) asAt = { date, line: r.line };
    else if (date !== asAt.date)
      bad('extract_date', date, `the same extract date on every row (${asAt.date}, line ${asAt.line})`);

    const practice = cell('practice_code').toUpperCase();
    if (!isCodeOfType(practice, 'practice')) bad('practice_code', practice, CODE_EXPECTATION.practice);

    // a pseudonym is never repeated in a message, and one holding an NHS number (however written) is refused
    const ref = cell('patient_ref');
    if (nhsNumberInText(ref))
      bad('patient_ref', '(withheld)', 'a pseudonym made at source, not one holding an NHS number');
    else if (!PSEUDONYM.test(ref))
      bad('patient_ref', '(withheld)', 'a pseudonym of 8 to 64 letters, digits, hyphens or underscores');
    else {
      const key = `${practice}/${ref}`;
      const prev = seen.get(key);
      if (prev !== undefined)
        bad(
          'patient_ref',
          '(withheld)',
          `each patient once per practice, but line ${prev} has the same pseudonym`,
        );
      else seen.set(key, r.line);
    }

    const sex = cell('sex').toLowerCase();
    if (sex !== 'male' && sex !== 'female') bad('sex', cell('sex'), 'male or female');

    const conditions = list('conditions').map((c) => c.toUpperCase());
    for (const c of conditions)
      if (!(c in QOF_GROUPS))
        bad('conditions', c, `QOF register codes separated by ";" (${Object.keys(QOF_GROUPS).join(', ')})`);
    // whole numbers written plainly (Number() would also take 0x3 or 1e1)
    const deficitCells = list('efi_deficits');
    const deficits = deficitCells.map((d) => (/^\d{1,2}$/.test(d) ? Number(d) : NaN));
    for (const [i, d] of deficits.entries())
      if (!deficitIds.has(d))
        bad('efi_deficits', deficitCells[i]!, 'eFI deficit numbers from 1 to 36 separated by ";"');

    const patient: StoredPatient = {
      patientRef: ref,
      nhsNumberEnc: null,
      sex: sex as 'male' | 'female',
      age: integer('age', 120),
      conditions: [...new Set(conditions)].sort(),
      deficits: [...new Set(deficits)].sort((a, b) => a - b),
      admissionsPrior: integer('emergency_admissions_12m', 366),
      appointmentsPrior: integer('appointments_12m', 366),
      admittedNext: null,
    };
    let rows = practices.get(practice);
    if (!rows) practices.set(practice, (rows = []));
    rows.push(patient);
  }
  if (file.records.length <= 1)
    problem({ line: null, column: null, value: null, expected: 'at least one patient row' });
  if (practices.size > 0) {
    const known = await knownPractices(db, [...practices.keys()]);
    for (const code of practices.keys())
      if (!known.has(code))
        problem({
          line: null,
          column: 'practice_code',
          value: code,
          expected: 'a practice Lantern knows (load the ODS reference files first)',
        });
  }
  if (problems.length > 0) throw new LoadRejected(file.name, problems, more);
  return { file: file.name, checksum: file.checksum, asAt: asAt!.date, practices };
}
