/** Recording a patient's care plan. */
import { useState, type FormEvent } from 'react';
import { send } from '../../api';
import { ErrorMessage } from '../../components/Field';
import { DateInput } from '../../components/DateInput';
import { useFormErrors } from '../../components/useFormErrors';
import type { PatientSummary } from './patientAnswers';
import { dateGb } from './patientWords';

export function CarePlanForm({
  code,
  patient,
  onStart,
  onSaved,
}: {
  code: string;
  patient: PatientSummary;
  /** a new attempt: what was said of the last one goes */
  onStart: () => void;
  /** resolves once the page shows what was saved; the button stays busy until then */
  onSaved: (what: string) => Promise<void>;
}) {
  const errors = useFormErrors();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (!errors.check(form)) return;
    const f = new FormData(form);
    const event = String(f.get('event') ?? '');
    const date = String(f.get('date') ?? '');
    setBusy(true);
    onStart();
    try {
      await send('POST', `/api/practices/${encodeURIComponent(code)}/patients/${patient.id}/care-plan`, {
        event,
        date,
      });
      errors.clear();
      await onSaved(`Care plan ${event === 'agreed' ? 'agreed' : 'reviewed'} on ${dateGb(date)} recorded.`);
    } catch (err) {
      errors.fail(err, form);
    } finally {
      setBusy(false);
    }
  };
  const eventError = errors.of('event');
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="care-plan-heading">
      <h2 id="care-plan-heading">Record care plan</h2>
      {errors.summary}
      <div className={`nhsuk-form-group${eventError ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset
          className="nhsuk-fieldset"
          aria-describedby={`care-plan-hint${eventError ? ' care-plan-event-error' : ''}`}
        >
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">What was done</legend>
          <div className="nhsuk-hint" id="care-plan-hint">
            {patient.carePlan.agreed
              ? `The plan was agreed on ${dateGb(patient.carePlan.agreed)}; a review must be on or after that day.`
              : 'There is no agreed plan yet: record its agreement first.'}
          </div>
          <ErrorMessage id="care-plan-event" error={eventError} />
          <div className="nhsuk-radios">
            {(
              [
                ['agreed', 'Care plan agreed'],
                ['reviewed', 'Care plan reviewed'],
              ] as const
            ).map(([value, label]) => (
              <div className="nhsuk-radios__item" key={value}>
                <input
                  className="nhsuk-radios__input"
                  id={`care-plan-${value}`}
                  name="event"
                  type="radio"
                  value={value}
                  defaultChecked={value === (patient.carePlan.agreed ? 'reviewed' : 'agreed')}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`care-plan-${value}`}>
                  {label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <DateInput
        id="care-plan-date"
        name="date"
        legend="Date"
        hint="The day it was agreed or reviewed with the patient, for example 15 3 2026; not in the future."
        required
        error={errors.of('date')}
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
        Record care plan
      </button>
    </form>
  );
}
