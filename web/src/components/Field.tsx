/** A labelled NHS.UK text input or text area in its form group (required unless said otherwise). */
import type { ReactNode } from 'react';

export function TextField({
  id,
  name,
  label,
  multiline = false,
  rows = 3,
  minLength,
  required = true,
}: {
  id: string;
  name: string;
  label: ReactNode;
  multiline?: boolean;
  rows?: number;
  minLength?: number;
  required?: boolean;
}) {
  return (
    <div className="nhsuk-form-group">
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {multiline ? (
        <textarea
          className="nhsuk-textarea"
          id={id}
          name={name}
          rows={rows}
          required={required}
          minLength={minLength}
        />
      ) : (
        <input className="nhsuk-input" id={id} name={name} required={required} minLength={minLength} />
      )}
    </div>
  );
}
