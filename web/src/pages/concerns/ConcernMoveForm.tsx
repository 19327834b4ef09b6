/** The next step of a concern's workflow: where it moves, why, and what the move needs (an outcome, a regime, the duplicate). */
import { useState, type FormEvent } from 'react';
import { send } from '../../api';
import { ErrorMessage, SelectField, TextField, describedBy } from '../../components/Field';
import { useFormErrors } from '../../components/useFormErrors';
import type { ConcernDetail } from './answers';
import { OUTCOMES, STATE_LABEL } from './labels';
import { NoteVisibilityChoice } from './NoteVisibility';

export function ConcernMoveForm({ concern: c, onDone }: { concern: ConcernDetail; onDone: () => void }) {
  const errors = useFormErrors();
  const [to, setTo] = useState('');
  const move = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const ok = errors.check(form, [
      !f.get('to') && { name: 'to', text: 'Choose where the concern moves' },
      !String(f.get('reason') ?? '').trim() && {
        name: 'reason',
        text: 'Say why (it is recorded in the history)',
      },
    ]);
    if (!ok) return;
    const body: Record<string, unknown> = { to: f.get('to'), reason: f.get('reason') };
    if (f.get('visibility')) body.visibility = f.get('visibility');
    if (f.get('outcome')) body.outcome = f.get('outcome');
    if (f.get('duplicateOf')) body.duplicateOf = Number(f.get('duplicateOf'));
    if (f.get('regime')) body.regime = f.get('regime');
    try {
      await send('POST', `/api/concerns/${c.id}/transitions`, body);
      setTo('');
      onDone();
    } catch (err) {
      errors.fail(err, form);
    }
  };
  return (
    <form
      onSubmit={(e) => void move(e)}
      noValidate
      className="nhsuk-u-margin-bottom-5"
      aria-labelledby="next-step"
    >
      <h2 id="next-step">Next step</h2>
      {errors.summary}
      <div className={`nhsuk-form-group${errors.of('to') ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label" htmlFor="to">
          Move the concern
        </label>
        <ErrorMessage id="to" error={errors.of('to')} />
        <select
          className={`nhsuk-select${errors.of('to') ? ' nhsuk-select--error' : ''}`}
          id="to"
          name="to"
          value={to}
          onChange={(e) => setTo(e.target.value)}
          required
          aria-describedby={describedBy('to', { error: errors.of('to') })}
        >
          <option value="">Choose…</option>
          {c.allowedTransitions.map((s) => (
            <option key={s} value={s}>
              {STATE_LABEL[s] ?? s}
            </option>
          ))}
        </select>
      </div>
      {to === 'closed' && (
        <SelectField
          id="outcome"
          name="outcome"
          label="Outcome"
          options={OUTCOMES}
          required
          error={errors.of('outcome')}
        />
      )}
      {to === 'escalated_to_incident' && (
        <div className="nhsuk-form-group">
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
              Regime of the incident it opens
            </legend>
            <div className="nhsuk-radios">
              {[
                ['', 'The provider’s setting for your area'],
                ['sif2015', 'Serious Incident Framework 2015'],
                ['psirf', 'PSIRF patient-safety incident response'],
              ].map(([v, l]) => (
                <div className="nhsuk-radios__item" key={v || 'setting'}>
                  <input
                    className="nhsuk-radios__input"
                    id={`regime-${v || 'setting'}`}
                    name="regime"
                    type="radio"
                    value={v}
                    defaultChecked={v === ''}
                  />
                  <label className="nhsuk-label nhsuk-radios__label" htmlFor={`regime-${v || 'setting'}`}>
                    {l}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
      )}
      {to === 'duplicate' && (
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="duplicateOf">
            Duplicate of concern number
          </label>
          <input
            className="nhsuk-input nhsuk-input--width-5"
            id="duplicateOf"
            name="duplicateOf"
            inputMode="numeric"
          />
        </div>
      )}
      <TextField
        id="reason"
        name="reason"
        label={to === 'provider_responded' ? 'The provider’s response' : 'Why (recorded in the history)'}
        multiline
        error={errors.of('reason')}
      />
      {c.viewingAs === 'commissioner' && to && <NoteVisibilityChoice key={to} to={to} />}
      <button className="nhsuk-button" type="submit">
        Record this step
      </button>
    </form>
  );
}
