/** x */
import { ApiError } from '../../api';
import type { FieldError } from '../../components/ErrorSummary';

/** What went wrong with a form sent: the server's message, and each field it names (by the field's id here). */
export interface FormProblem {
  message: string;
  fields: Record<string, string>;
}

export function problemOf(err: unknown, fieldIds: Record<string, string>): FormProblem {
  const message = err instanceof Error ? err.message : String(err);
  const listed = err instanceof ApiError ? err.problem?.errors : undefined;
  const fields: Record<string, string> = {};
  if (Array.isArray(listed))
    for (const e of listed as Array<{ name?: unknown; message?: unknown }>) {
      const id = fieldIds[String(e.name)];
      if (id && typeof e.message === 'string') fields[id] = e.message;
    }
  return { message, fields };
}

/** The summary's links, one per field in error, each saying which field. */
export const summaryErrors = (p: FormProblem | null, labels: Record<string, string>): FieldError[] =>
  p
    ? Object.entries(p.fields).map(([field, text]) => ({ field, text: `${labels[field] ?? field}: ${text}` }))
    : [];
