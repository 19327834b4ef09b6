/**
 * One way for every form to show what is wrong with it (the NHS.UK error pattern): an error summary at the top,
 * focused, each item a link to its field; and the same message at each field. The problems come from the form's
 * own checks before sending (e.g. an impossible date) or from the server's 400 problem document, whose `issues`
 * ({ in, name, message }, see src/api/route.ts) name the body's fields; a field is found by its input's `name`
 * in the form, so a form needs no table of ids. An input may say which element the summary links to and how the
 * field is called with `data-error-target` and `data-error-label` (the date input does: its value is a hidden
 * input, its label a legend).
 */
import { useCallback, useMemo, useState } from 'react';
import { ApiError } from '../api';
import { ErrorSummary } from './ErrorSummary';
import { dateProblems } from './DateInput';

/** A problem the form finds itself: the input's name and the whole message (e.g. "Date it happened must be a real date"). */
export interface FormProblem {
  name: string;
  text: string;
}

interface Shown {
  /** what the summary says when no field is named */
  message: string;
  fields: Array<{ name: string | null; id: string | null; text: string }>;
  /** each failure is a new summary, so that it takes the focus again */
  attempt: number;
}

export interface FailOptions {
  rename?: (member: string) => string;
  fallback?: string;
}

export interface FormErrors {
  /** the message to show at the field whose input has this name (null when it is fine) */
  of(name: string): string | null;
  /** the form's own checks, and those of its date inputs: shows them and answers false when there is any */
  check(form: HTMLFormElement, own?: Array<FormProblem | null | false | undefined>): boolean;
  /**
   * a failed sending: the server's field problems against their fields, or its message. `rename` gives the
   * input's name for a member the form sends under another (e.g. actions.0.reviewBy → reviewBy-0); `fallback`
   * names the input a problem naming no field is about (e.g. the file, for an upload refused for its content)
   */
  fail(err: unknown, form: HTMLFormElement | null, options?: FailOptions): void;
  clear(): void;
  /** the summary to put at the top of the form */
  summary: React.ReactNode;
}

/** The problems a server's problem document names: `issues`, or `errors` as older answers call the list. */
function issuesOf(err: unknown): Array<{ in?: string; name: string; message: string }> {
  if (!(err instanceof ApiError)) return [];
  const listed = err.problem?.issues ?? err.problem?.errors;
  if (!Array.isArray(listed)) return [];
  return listed.filter(
    (i): i is { in?: string; name: string; message: string } =>
      typeof i === 'object' && i !== null && typeof i.name === 'string' && typeof i.message === 'string',
  );
}

/**
 * The form's input of that name (or of the nearest member it is part of: `indicators` for `indicators.2`): its
 * name, the id the summary links to, and what the field is called.
 */
function fieldOf(
  form: HTMLFormElement | null,
  member: string,
): { name: string | null; id: string | null; label: string | null } {
  let name = member;
  let input = form?.querySelector<HTMLInputElement>(`[name="${CSS.escape(name)}"]`);
  while (!input && name.includes('.')) {
    name = name.slice(0, name.lastIndexOf('.'));
    input = form?.querySelector<HTMLInputElement>(`[name="${CSS.escape(name)}"]`);
  }
  if (!input) return { name: null, id: null, label: null };
  const id = input.dataset.errorTarget ?? (input.id || null);
  const text = (el: Element | null | undefined) => el?.textContent?.trim() || null;
  const label =
    input.dataset.errorLabel ??
    (input.type === 'radio' || input.type === 'checkbox'
      ? text(input.closest('fieldset')?.querySelector('legend'))
      : id
        ? text(form!.querySelector(`label[for="${CSS.escape(id)}"]`))
        : null);
  return { name, id, label };
}

export function useFormErrors(): FormErrors {
  const [shown, setShown] = useState<Shown | null>(null);
  const show = useCallback(
    (message: string, fields: Shown['fields']) =>
      setShown((s) => ({ message, fields, attempt: (s?.attempt ?? 0) + 1 })),
    [],
  );
  const check = useCallback(
    (form: HTMLFormElement, own: Array<FormProblem | null | false | undefined> = []) => {
      const problems = [...dateProblems(form), ...own.filter((p): p is FormProblem => !!p)];
      if (problems.length === 0) {
        setShown(null);
        return true;
      }
      show(
        'There is a problem with the form',
        problems.map((p) => ({ name: p.name, id: fieldOf(form, p.name).id, text: p.text })),
      );
      return false;
    },
    [show],
  );
  const fail = useCallback(
    (err: unknown, form: HTMLFormElement | null, { rename = (m) => m, fallback }: FailOptions = {}) => {
      const message = err instanceof Error ? err.message : String(err);
      const fields: Shown['fields'] = issuesOf(err).map((i) => {
        // the body's and the query's members are the form's fields (a problem with the address is not the user's)
        const field =
          !i.in || i.in === 'body' || i.in === 'query'
            ? fieldOf(form, rename(i.name))
            : { name: null, id: null, label: null };
        const text = field.id
          ? `${field.label ?? i.name}: ${i.message}`
          : i.name
            ? `${i.name}: ${i.message}`
            : i.message;
        return { name: field.name, id: field.id, text };
      });
      if (fallback && !fields.some((f) => f.id)) {
        const { id } = fieldOf(form, fallback);
        if (id) fields.splice(0, fields.length, { name: fallback, id, text: message });
      }
      show(message, fields);
    },
    [show],
  );
  return useMemo(
    () => ({
      of: (name: string) => shown?.fields.find((f) => f.name === name)?.text ?? null,
      check,
      fail,
      clear: () => setShown(null),
      summary: shown && (
        <ErrorSummary
          key={shown.attempt}
          message={shown.message}
          errors={shown.fields.map((f) => ({ field: f.id, text: f.text }))}
          autoFocus
        />
      ),
    }),
    [shown, check, fail],
  );
}
