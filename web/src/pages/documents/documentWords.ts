/** How documents and meetings are written: visibility, dates, sizes, file addresses. */
import { ApiError } from '../../api';
import type { FieldError } from '../../components/ErrorSummary';

export const VISIBILITY_LABEL: Record<string, string> = {
  members: 'Every member of the area',
  commissioners: 'The commissioner team only',
  practice: 'One practice (and the commissioner team)',
};

export const dateGb = (d: string | null) =>
  d ? new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : '';

export const size = (n: number) =>
  n < 1024 * 1024 ? `${Math.ceil(n / 1024)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;

export const visibilityText = (r: { visibility: string; visiblePractice: string | null }) =>
  r.visibility === 'practice'
    ? `Practice ${r.visiblePractice} and the commissioner team`
    : VISIBILITY_LABEL[r.visibility];

export const fileHref = (id: number, v: number) => `/api/documents/${id}/versions/${v}/file`;

/** The field each input name of the server's problem belongs to, for the error summary's links. */
export function fieldErrors(
  e: unknown,
  ids: Record<string, string>,
  fallback: string,
): { message: string; errors: FieldError[] } {
  const message = e instanceof Error ? e.message : String(e);
  const listed =
    e instanceof ApiError && Array.isArray(e.problem?.errors)
      ? (e.problem!.errors as Array<{ name: string; message: string }>)
      : [];
  const errors = listed.map((i) => ({
    field: ids[i.name.split('.')[0]!] ?? fallback,
    text: `${i.name}: ${i.message}`,
  }));
  return { message, errors: errors.length ? errors : [{ field: fallback, text: message }] };
}
