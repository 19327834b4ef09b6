/** How documents and meetings are written: visibility, dates, sizes, file addresses. */

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
