/** Recording a case's next step. */
import type { Answer } from '../../api/client';
import { useState, type FormEvent } from 'react';
import { send, useApi } from '../../api';
import { ErrorMessage, SelectField, TextField, describedBy } from '../../components/Field';
import { DateInput } from '../../components/DateInput';
import { useFormErrors } from '../../components/useFormErrors';
import { Panel } from '../../components/Panel';
import { STEP_LABEL } from '../../../../src/improvement/workflow';
import { type CaseView, OUTCOME_LABEL, PROGRESS_LABEL } from './cases';

type Buddies = Answer<'/api/improvement/{id}/buddies', 'get'>;

export function NextStep({ view, onDone }: { view: CaseView; onDone: () => void }) {
  const [kind, setKind] = useState<string>('');
  const errors = useFormErrors();
  const [actions, setActions] = useState(1);
  const id = view.case.id;
  const buddies = useApi<Buddies>(kind === 'buddy' ? `/api/improvement/${id}/buddies` : null);
  const commissioner = view.parties.includes('commissioner');
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (!errors.check(form, [!kind && { name: 'kind', text: 'Choose the step' }])) return;
    const f = new FormData(form);
    const body: Record<string, unknown> = { kind, why: f.get('why') };
    for (const k of ['attendees', 'conclusions', 'buddy', 'progress', 'outcome'])
      if (f.get(k)) body[k] = f.get(k);
    if (f.get('nextReview')) body.nextReview = f.get('nextReview');
    if (kind === 'reply' && commissioner && !view.parties.includes('practice')) body.onBehalf = true;
    if (kind === 'support_plan')
      body.actions = Array.from({ length: actions }, (_, i) => ({
        action: f.get(`action-${i}`),
        owner: f.get(`owner-${i}`),
        reviewBy: f.get(`reviewBy-${i}`),
      }));
    try {
      await send('POST', `/api/improvement/${id}/steps`, body);
      setKind('');
      setActions(1);
      onDone();
    } catch (err) {
      // the server names an action's fields by its place in the list (actions.0.reviewBy), the form by reviewBy-0
      errors.fail(err, form, { rename: (m) => m.replace(/^actions\.(\d+)\.(\w+)$/, '$2-$1') });
    }
  };
  const field = (name: string, label: string, textarea = false) => (
    <TextField
      id={`step-${name}`}
      name={name}
      label={label}
      multiline={textarea}
      minLength={textarea ? 3 : 2}
      error={errors.of(name)}
    />
  );
  return (
    <form
      onSubmit={(e) => void submit(e)}
      noValidate
      aria-labelledby="next-step"
      className="nhsuk-u-margin-bottom-5"
    >
      <h2 id="next-step">Next step</h2>
      {errors.summary}
      <div className={`nhsuk-form-group${errors.of('kind') ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label" htmlFor="step-kind">
          Step
        </label>
        <ErrorMessage id="step-kind" error={errors.of('kind')} />
        <select
          className={`nhsuk-select${errors.of('kind') ? ' nhsuk-select--error' : ''}`}
          id="step-kind"
          name="kind"
          value={kind}
          onChange={(e) => setKind(e.target.value)}
          required
          aria-describedby={describedBy('step-kind', { error: errors.of('kind') })}
        >
          <option value="">Choose…</option>
          {view.allowed.map((s) => (
            <option key={s} value={s}>
              {s === 'reply' && !view.parties.includes('practice')
                ? 'Practice reply (on its behalf)'
                : STEP_LABEL[s]}
            </option>
          ))}
        </select>
      </div>
      {kind === 'peer_review' && (
        <>
          {field('attendees', 'Who took part (practices and roles, not names)')}
          {field('conclusions', 'Conclusions', true)}
        </>
      )}
      {kind === 'buddy' && (
        <Panel
          data={buddies}
          isEmpty={(b) => b.suggestions.length === 0}
          empty="No similar practice is doing better on these indicators."
        >
          {(b) => (
            <fieldset className="nhsuk-fieldset">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Suggested buddies</legend>
              <p className="nhsuk-body-s">{b.method}</p>
              <div className="nhsuk-radios">
                {b.suggestions.map((s, i) => (
                  <div className="nhsuk-radios__item" key={s.code}>
                    <input
                      className="nhsuk-radios__input"
                      id={`buddy-${s.code}`}
                      name="buddy"
                      type="radio"
                      value={s.code}
                      defaultChecked={i === 0}
                    />
                    <label className="nhsuk-label nhsuk-radios__label" htmlFor={`buddy-${s.code}`}>
                      {s.name} ({s.code}): similarity rank {s.similarityRank}, mean z-score{' '}
                      {s.score.toFixed(2)} on the better side;{' '}
                      {s.results
                        .map(
                          (r) =>
                            `${b.indicatorTitles[r.indicator] ?? r.indicator} ${r.value.toPrecision(3)} against ${r.expected.toPrecision(3)} expected`,
                        )
                        .join('; ')}
                    </label>
                  </div>
                ))}
              </div>
            </fieldset>
          )}
        </Panel>
      )}
      {kind === 'support_plan' && (
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Actions</legend>
          {Array.from({ length: actions }, (_, i) => (
            <div key={i} className="lantern-plan-action">
              {field(`action-${i}`, `Action ${i + 1}`)}
              {field(`owner-${i}`, `Owner of action ${i + 1} (a role, not a name)`)}
              <DateInput
                id={`step-reviewBy-${i}`}
                name={`reviewBy-${i}`}
                legend={`Review action ${i + 1} by`}
                required
                error={errors.of(`reviewBy-${i}`)}
              />
            </div>
          ))}
          <button
            className="nhsuk-button nhsuk-button--secondary"
            type="button"
            onClick={() => setActions((n) => n + 1)}
          >
            Add another action
          </button>
        </fieldset>
      )}
      {kind === 'review' && (
        <>
          <SelectField
            id="step-progress"
            name="progress"
            label="Progress"
            options={PROGRESS_LABEL}
            required
            error={errors.of('progress')}
          />
          <DateInput
            id="step-nextReview"
            name="nextReview"
            legend="Next review (optional)"
            error={errors.of('nextReview')}
          />
        </>
      )}
      {kind === 'close' && (
        <SelectField
          id="step-outcome"
          name="outcome"
          label="Outcome"
          options={Object.fromEntries(view.closeOutcomes.map((o) => [o, OUTCOME_LABEL[o] ?? o]))}
          required
          error={errors.of('outcome')}
        />
      )}
      {kind &&
        field(
          'why',
          kind === 'reply'
            ? 'The practice’s reply and context'
            : kind === 'agree_plan'
              ? 'Agreement (and anything the practice wants noted)'
              : 'Why (recorded in the case)',
          true,
        )}
      <button className="nhsuk-button" type="submit">
        Record this step
      </button>
    </form>
  );
}
