/** Labelled NHS.UK form fields in their form groups: text, a choice from a list of labels, a date. */
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
    <FormGroup id={id} label={label}>
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
    </FormGroup>
  );
}

/** A labelled select of the choices in a record of labels ({ value: label }, in the record's order). */
export function SelectField({
  id,
  name,
  label,
  options,
  defaultValue,
  required = false,
}: {
  id: string;
  name: string;
  label: ReactNode;
  options: Record<string, string>;
  defaultValue?: string;
  required?: boolean;
}) {
  return (
    <FormGroup id={id} label={label}>
      <select className="nhsuk-select" id={id} name={name} defaultValue={defaultValue} required={required}>
        {Object.entries(options).map(([value, text]) => (
          <option key={value} value={value}>
            {text}
          </option>
        ))}
      </select>
    </FormGroup>
  );
}

/** A labelled date input (optional unless said otherwise). */
export function DateField({
  id,
  name,
  label,
  required = false,
}: {
  id: string;
  name: string;
  label: string;
  required?: boolean;
}) {
  return (
    <FormGroup id={id} label={label}>
      <input
        className="nhsuk-input nhsuk-input--width-10"
        type="date"
        id={id}
        name={name}
        required={required}
      />
    </FormGroup>
  );
}

/** An NHS.UK form group: the label for the field with that id, then the field. */
function FormGroup({ id, label, children }: { id: string; label: ReactNode; children: ReactNode }) {
  return (
    <div className="nhsuk-form-group">
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {children}
    </div>
  );
}
