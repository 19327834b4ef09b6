/** Asking for the purpose, and the purpose in force. */
import type { FormEvent } from 'react';
import { ErrorMessage } from '../../components/Field';
import { useFormErrors } from '../../components/useFormErrors';
import { PURPOSES, type Purpose, isPurpose, AUDIT_NOTE } from './usePurpose';

/** The choice of purpose, asked before any patient row is fetched. */
export function PurposeForm({
  current,
  onChoose,
}: {
  current: Purpose | null;
  onChoose: (p: Purpose) => void;
}) {
  const errors = useFormErrors();
  const error = errors.of('purpose');
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = new FormData(e.currentTarget).get('purpose');
    const ok = errors.check(e.currentTarget, [
      !isPurpose(v) && { name: 'purpose', text: 'Choose why you are opening these patients’ records.' },
    ]);
    if (ok && isPurpose(v)) onChoose(v);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="purpose-heading">
      <h2 id="purpose-heading">Why are you opening these patients’ records?</h2>
      {errors.summary}
      <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset
          className="nhsuk-fieldset"
          aria-describedby={`purpose-hint${error ? ' purpose-error' : ''}`}
        >
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Purpose</legend>
          <div className="nhsuk-hint" id="purpose-hint">
            {AUDIT_NOTE} It is remembered until you close this tab.
          </div>
          <ErrorMessage id="purpose" error={error} />
          <div className="nhsuk-radios">
            {(Object.entries(PURPOSES) as Array<[Purpose, string]>).map(([value, label]) => (
              <div className="nhsuk-radios__item" key={value}>
                <input
                  className="nhsuk-radios__input"
                  id={`purpose-${value}`}
                  name="purpose"
                  type="radio"
                  value={value}
                  defaultChecked={value === current}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`purpose-${value}`}>
                  {label[0]!.toUpperCase() + label.slice(1)}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <button className="nhsuk-button" type="submit">
        Continue
      </button>
    </form>
  );
}

/** The purpose in force, and a way to change it. */
export function PurposeLine({ purpose, onChange }: { purpose: Purpose; onChange: () => void }) {
  return (
    <p className="nhsuk-body" data-purpose={purpose}>
      Purpose: <strong>{PURPOSES[purpose]}</strong>{' '}
      <button type="button" className="lantern-link-button" onClick={onChange}>
        Change<span className="nhsuk-u-visually-hidden"> the purpose</span>
      </button>
      <br />
      <span className="nhsuk-body-s">{AUDIT_NOTE}</span>
    </p>
  );
}
