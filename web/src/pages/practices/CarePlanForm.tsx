/** Recording a patient's care plan. */
import { useState, type FormEvent } from 'react';
import { send } from '../../api';
import { DateField } from '../../components/Field';
import { ErrorSummary } from '../../components/ErrorSummary';
import type { PatientSummary } from './patientAnswers';
import { dateGb } from './patientWords';
import { type FormProblem, problemOf, summaryErrors } from './formProblem';

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
  onSaved: (what: string) => void;
}) {
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const today = new Date().toISOString().slice(0, 10);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const event = String(f.get('event') ?? '');
    const date = String(f.get('date') ?? '');
    setBusy(true);
    onStart();
    try {
      await send('POST', `/api/practices/${encodeURIComponent(code)}/patients/${patient.id}/care-plan`, {
        event,
        date,
      });
      setProblem(null);
      onSaved(`Care plan ${event === 'agreed' ? 'agreed' : 'reviewed'} on ${dateGb(date)} recorded.`);
    } catch (err) {
      setProblem(problemOf(err, { event: 'care-plan-agreed', date: 'care-plan-date' }));
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  const eventError = problem?.fields['care-plan-agreed'];
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="care-plan-heading">
      <h2 id="care-plan-heading">Record care plan</h2>
      <ErrorSummary
        key={attempt}
        message={problem?.message ?? null}
        errors={summaryErrors(problem, { 'care-plan-agreed': 'What was done', 'care-plan-date': 'Date' })}
        autoFocus
      />
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
          {eventError && (
            <span className="nhsuk-error-message" id="care-plan-event-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {eventError}
            </span>
          )}
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
      <DateField
        id="care-plan-date"
        name="date"
        label="Date"
        hint="The day it was agreed or reviewed with the patient; not in the future."
        max={today}
        error={problem?.fields['care-plan-date']}
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
        Record care plan
      </button>
    </form>
  );
}
