/**
 * What every route's input shares, so a bad value is a 400 naming the field and the value rather than an error
 * from the database: record ids that fit PostgreSQL's integer, free text that carries no NHS number, no text the
 * database cannot hold (NUL, lone surrogates), and the value received in each message.
 */
import { z } from 'zod';
import { nhsNumberInText } from '../concerns/nhs-number.js';
import { unstorableText } from '../domain/text.js';
import { isValidIsoDate } from '../domain/periods.js';

/** The largest PostgreSQL integer (int4): every serial id is one. */
export const MAX_ID = 2_147_483_647;

/** A record number in a path or query string (text, read as a number): a whole number from 1 to 2147483647. */
export const idParam = (what = 'a record number') =>
  z.coerce
    .number({ error: `must be ${what}` })
    .int(`must be ${what}`)
    .min(1, `must be ${what}`)
    .max(MAX_ID, `must be ${what} (at most ${MAX_ID})`);

/** A record number in a JSON body, where it must be sent as a number. */
export const idField = (what = 'a record number') =>
  z
    .number({ error: `must be ${what}` })
    .int(`must be ${what}`)
    .min(1, `must be ${what}`)
    .max(MAX_ID, `must be ${what} (at most ${MAX_ID})`);

/** `{ id }` path parameters. */
export const IdParams = (what?: string) => z.object({ id: idParam(what) });

/** `{ code }`: an organisation's ODS code, upper-cased. */
export const OrgCode = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{3,9}$/, 'must be an ODS code (3 to 9 letters and digits)'),
});

/** A calendar date in a query or body, as YYYY-MM-DD. */
export const IsoDate = z.string().refine(isValidIsoDate, 'must be a date as YYYY-MM-DD');

export const NHS_NUMBER_IN_TEXT =
  'contains what looks like an NHS number: remove it (no patient details here; a concern has its own NHS number field, which is kept encrypted)';

/**
 * Free text that must not carry an NHS number, however it is written (see concerns/nhs-number.ts): free text
 * reaches providers, packs and exports. The refused text is not repeated in the message.
 */
export const withoutNhsNumber = <S extends z.ZodString>(s: S) =>
  s.refine((t) => !nhsNumberInText(t), { message: NHS_NUMBER_IN_TEXT, params: { withholdValue: true } });

export interface InputIssue {
  name: string;
  message: string;
}

/**
 * Every string (value or key) in the input that no text column can hold as sent: a NUL character, which
 * PostgreSQL refuses, or a lone surrogate, which would be stored as U+FFFD and so differ from what was checked.
 */
export function unstorableInput(data: unknown, path: string[] = [], found: InputIssue[] = []): InputIssue[] {
  if (typeof data === 'string') {
    const problem = unstorableText(data);
    if (problem) found.push({ name: path.join('.'), message: problem });
  } else if (Array.isArray(data)) data.forEach((v, i) => unstorableInput(v, [...path, String(i)], found));
  else if (data !== null && typeof data === 'object')
    for (const [k, v] of Object.entries(data)) {
      const problem = unstorableText(k);
      if (problem) found.push({ name: [...path, k].join('.'), message: `(a field name) ${problem}` });
      else unstorableInput(v, [...path, k], found);
    }
  return found;
}

const SECRET = /password|secret|token|nhs/i;

/** A zod issue's message with the value that was sent, where it is short, not secret and not free text. */
export function withReceived(issue: z.core.$ZodIssue, data: unknown): string {
  const withhold = issue.code === 'custom' && (issue.params as { withholdValue?: boolean })?.withholdValue;
  if (withhold || issue.path.some((p) => SECRET.test(String(p)))) return issue.message;
  let v: unknown = data;
  for (const p of issue.path)
    v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  if (typeof v === 'string')
    return `${issue.message}, got ${v.length <= 40 ? JSON.stringify(v) : `${v.length} characters`}`;
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return `${issue.message}, got ${v}`;
  return issue.message;
}
