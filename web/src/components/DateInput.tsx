/**
 * The NHS.UK date input: day, month and year as three fields in a fieldset, its legend the question, one hint and
 * one error message for the group. The form receives the date as the API expects it, yyyy-mm-dd, in a hidden input
 * named `name` (empty until the three fields make a real date); `dateProblems` is the check before sending, which
 * refuses a date that is incomplete or impossible (31/02/2026) with a message saying so.
 */
import { useState, type ReactNode } from 'react';

type Parts = { day: string; month: string; year: string };

const splitIso = (iso: string | undefined): Parts => {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m
    ? { day: String(Number(m[3])), month: String(Number(m[2])), year: m[1]! }
    : { day: '', month: '', year: '' };
};

/** The ISO date the three fields make, or null when they do not make a real one. */
export function isoDate({ day, month, year }: Parts): string | null {
  if (!/^\d{1,2}$/.test(day.trim()) || !/^\d{1,2}$/.test(month.trim()) || !/^\d{4}$/.test(year.trim()))
    return null;
  const [d, m, y] = [Number(day), Number(month), Number(year)];
  const date = new Date(Date.UTC(y, m - 1, d));
  // Date rolls 31/02 over into March: a real date is one that comes back as it was given
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null;
  return `${year.trim()}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** What is wrong with the three fields (null when nothing): missing parts, not a real date, or after `max`. */
export function dateProblem(
  parts: Parts,
  { legend, required, max }: { legend: string; required: boolean; max?: string },
): string | null {
  const missing = (['day', 'month', 'year'] as const).filter((k) => parts[k].trim() === '');
  if (missing.length === 3 && !required) return null;
  if (missing.length > 0) {
    const named = missing.map((k) => `a ${k}`);
    return `${legend} must include ${named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named[0]}`;
  }
  const iso = isoDate(parts);
  if (!iso) return `${legend} must be a real date, for example 15 3 2026`;
  if (max && iso > max)
    return max === new Date().toISOString().slice(0, 10)
      ? `${legend} must be today or in the past`
      : `${legend} must be on or before ${max.split('-').reverse().join('/')}`;
  return null;
}

/** The problems of every date input in the form, named as the form sends them (for useFormErrors). */
export function dateProblems(form: HTMLFormElement): Array<{ name: string; text: string }> {
  const problems: Array<{ name: string; text: string }> = [];
  for (const group of form.querySelectorAll<HTMLElement>('[data-date-input]')) {
    const id = group.dataset.dateInput!;
    const value = (part: string) =>
      form.querySelector<HTMLInputElement>(`#${CSS.escape(`${id}-${part}`)}`)?.value ?? '';
    const text = dateProblem(
      { day: value('day'), month: value('month'), year: value('year') },
      {
        legend: group.dataset.legend ?? 'The date',
        required: group.dataset.required === 'true',
        max: group.dataset.max || undefined,
      },
    );
    if (text) problems.push({ name: group.dataset.name!, text });
  }
  return problems;
}

export function DateInput({
  id,
  name,
  legend,
  hint = 'For example, 15 3 2026',
  required = false,
  defaultValue,
  max,
  error,
  onChange,
}: {
  /** the group's id; its fields are `${id}-day`, `${id}-month` and `${id}-year` */
  id: string;
  /** the name the form sends the ISO date under */
  name: string;
  legend: string;
  hint?: ReactNode;
  required?: boolean;
  /** yyyy-mm-dd */
  defaultValue?: string;
  /** the latest date allowed (yyyy-mm-dd) */
  max?: string;
  error?: string | null;
  /** each change: the date the fields now make (null when they make none) */
  onChange?: (iso: string | null) => void;
}) {
  const [parts, setParts] = useState<Parts>(() => splitIso(defaultValue));
  const set = (k: keyof Parts, v: string) => {
    const next = { ...parts, [k]: v };
    setParts(next);
    onChange?.(isoDate(next));
  };
  const describedBy = [`${id}-hint`, error ? `${id}-error` : null].filter(Boolean).join(' ');
  const field = (k: keyof Parts, label: string, width: 2 | 4) => (
    <div className="nhsuk-date-input__item">
      <div className="nhsuk-form-group">
        <label className="nhsuk-label nhsuk-date-input__label" htmlFor={`${id}-${k}`}>
          {label}
        </label>
        <input
          className={`nhsuk-input nhsuk-date-input__input nhsuk-input--width-${width}${error ? ' nhsuk-input--error' : ''}`}
          id={`${id}-${k}`}
          type="text"
          inputMode="numeric"
          value={parts[k]}
          onChange={(e) => set(k, e.target.value)}
        />
      </div>
    </div>
  );
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset
        className="nhsuk-fieldset"
        role="group"
        aria-describedby={describedBy}
        data-date-input={id}
        data-name={name}
        data-legend={legend}
        data-required={required}
        data-max={max ?? ''}
      >
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
        {error && (
          <span className="nhsuk-error-message" id={`${id}-error`}>
            <span className="nhsuk-u-visually-hidden">Error:</span> {error}
          </span>
        )}
        <div className="nhsuk-date-input" id={id}>
          {field('day', 'Day', 2)}
          {field('month', 'Month', 2)}
          {field('year', 'Year', 4)}
        </div>
        <input
          type="hidden"
          name={name}
          value={isoDate(parts) ?? ''}
          data-error-target={`${id}-day`}
          data-error-label={legend}
        />
      </fieldset>
    </div>
  );
}
