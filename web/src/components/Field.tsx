/**
 * Labelled NHS.UK form fields in their form groups: text, a choice from a list of labels, a date. Each may carry a
 * hint and an error message (the NHS.UK error pattern: the group marked, the message above the field, both read out
 * with the field through aria-describedby).
 */
import type { ReactNode } from 'react';

interface Described {
  /** a hint under the label */
  hint?: ReactNode;
  /** what is wrong with the value sent (from the server's problem document) */
  error?: string | null;
}

/** The ids the field is described by: its hint and its error message, when it has them. */
export const describedBy = (id: string, { hint, error }: Described) =>
  [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ') || undefined;

export function TextField({
  id,
  name,
  label,
  multiline = false,
  rows = 3,
  minLength,
  maxLength,
  required = true,
  defaultValue,
  autoComplete,
  inputMode,
  hint,
  error,
}: {
  id: string;
  name: string;
  label: ReactNode;
  inputMode?: 'numeric' | 'text' | 'email';
  multiline?: boolean;
  rows?: number;
  minLength?: number;
  maxLength?: number;
  required?: boolean;
  defaultValue?: string;
  autoComplete?: string;
} & Described) {
  const describe = describedBy(id, { hint, error });
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      {multiline ? (
        <textarea
          className={`nhsuk-textarea${error ? ' nhsuk-textarea--error' : ''}`}
          id={id}
          name={name}
          rows={rows}
          required={required}
          minLength={minLength}
          maxLength={maxLength}
          defaultValue={defaultValue}
          aria-describedby={describe}
        />
      ) : (
        <input
          className={`nhsuk-input${error ? ' nhsuk-input--error' : ''}`}
          id={id}
          name={name}
          required={required}
          minLength={minLength}
          maxLength={maxLength}
          defaultValue={defaultValue}
          autoComplete={autoComplete}
          inputMode={inputMode}
          aria-describedby={describe}
        />
      )}
    </FormGroup>
  );
}

/**
 * A labelled select of the choices in a record of labels ({ value: label }, in the record's order), or of the
 * options given as children (e.g. in groups).
 */
export function SelectField({
  id,
  name,
  label,
  options = {},
  children,
  defaultValue,
  required = false,
  hint,
  error,
}: {
  id: string;
  name: string;
  label: ReactNode;
  options?: Record<string, string>;
  children?: ReactNode;
  defaultValue?: string;
  required?: boolean;
} & Described) {
  return (
    <FormGroup id={id} label={label} hint={hint} error={error}>
      <select
        className={`nhsuk-select${error ? ' nhsuk-select--error' : ''}`}
        id={id}
        name={name}
        defaultValue={defaultValue}
        required={required}
        aria-describedby={describedBy(id, { hint, error })}
      >
        {Object.entries(options).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
        {children}
      </select>
    </FormGroup>
  );
}

/** An NHS.UK form group: the label for the field with that id, its hint and error message, then the field. */
function FormGroup({
  id,
  label,
  hint,
  error,
  children,
}: { id: string; label: ReactNode; children: ReactNode } & Described) {
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint && (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      )}
      <ErrorMessage id={id} error={error} />
      {children}
    </div>
  );
}

/** The NHS.UK error message of the field with that id (its id `${id}-error`, for the field's aria-describedby). */
export function ErrorMessage({ id, error }: { id: string; error?: string | null }) {
  if (!error) return null;
  return (
    <span className="nhsuk-error-message" id={`${id}-error`}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {error}
    </span>
  );
}
