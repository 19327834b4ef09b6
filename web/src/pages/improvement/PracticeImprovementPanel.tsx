/** On a practice's page: its cases, and the form to open one. */
import type { Answer } from '../../api/client';
import type { FormEvent } from 'react';
import { send, useApi } from '../../api';
import { ErrorMessage, TextField } from '../../components/Field';
import { useFormErrors } from '../../components/useFormErrors';
import { Panel } from '../../components/Panel';
import { navigate } from '../../router';
import { useSession } from '../../session';
import type { CaseList } from './cases';
import { CaseTable } from './CaseTable';

/** On a practice's page: its cases, and for the commissioner a way to share the data and open one. */
export function PracticeImprovementPanel({ code }: { code: string }) {
  const { can } = useSession();
  const allowed = can('improvement.read');
  const commissioner = can('improvement.open');
  const errors = useFormErrors();
  const data = useApi<CaseList>(
    allowed ? `/api/improvement?practice=${encodeURIComponent(code)}&state=all` : null,
  );
  if (!allowed) return null;
  const open = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const indicators = f.getAll('indicators').map(String);
    const ok = errors.check(form, [
      indicators.length === 0 && {
        name: 'indicators',
        text: 'Choose at least one indicator the case is about.',
      },
    ]);
    if (!ok) return;
    try {
      const made = await send<Answer<'/api/practices/{code}/improvement', 'post'>>(
        'POST',
        `/api/practices/${encodeURIComponent(code)}/improvement`,
        { why: f.get('why'), indicators },
      );
      navigate(`/improvement/${made.id}`);
    } catch (err) {
      errors.fail(err, form);
    }
  };
  return (
    <section aria-labelledby="improvement-heading">
      <h2 id="improvement-heading">Improvement</h2>
      <Panel data={data} empty="">
        {(d) => (
          <>
            {d.cases.length > 0 ? (
              <CaseTable cases={d.cases} />
            ) : (
              <p className="nhsuk-body">No improvement case with this practice.</p>
            )}
            {commissioner && !d.cases.some((c) => c.stage !== 'closed') && (
              <form onSubmit={(e) => void open(e)} noValidate aria-labelledby="share-heading">
                <h3 id="share-heading">Share the data with the practice</h3>
                {errors.summary}
                <p className="nhsuk-body-s">
                  Opens an improvement case holding the tier evidence as it stands today. The practice is
                  asked for its reply and context; nothing goes beyond the commissioner and the practice until
                  it has replied.
                </p>
                <IndicatorChoices choices={d.choices ?? []} error={errors.of('indicators')} />
                <TextField
                  id="share-why"
                  name="why"
                  label="Why now (recorded in the case)"
                  multiline
                  rows={2}
                  minLength={3}
                  error={errors.of('why')}
                />
                <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                  Share the data and open a case
                </button>
              </form>
            )}
          </>
        )}
      </Panel>
    </section>
  );
}

/** The indicators a case is about: every adopted indicator with a result, those worse than expected ticked. */
function IndicatorChoices({
  choices,
  error,
}: {
  choices: NonNullable<CaseList['choices']>;
  error: string | null;
}) {
  if (choices.length === 0)
    return (
      <p className="nhsuk-body-s">
        No adopted indicator has a result for this practice yet, so there is nothing a case could be about.
      </p>
    );
  return (
    <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
      <fieldset
        className="nhsuk-fieldset"
        aria-describedby={`case-indicators-hint${error ? ' case-indicators-error' : ''}`}
      >
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
          Indicators the case is about
        </legend>
        <div className="nhsuk-hint" id="case-indicators-hint">
          {choices.some((c) => c.worse)
            ? 'Those worse than expected are chosen; add or remove any.'
            : 'No indicator is worse than expected: choose the ones the case is about.'}
        </div>
        <ErrorMessage id="case-indicators" error={error} />
        <div className="nhsuk-checkboxes nhsuk-checkboxes--small">
          {choices.map((c) => (
            <div className="nhsuk-checkboxes__item" key={c.code}>
              <input
                className="nhsuk-checkboxes__input"
                id={`case-indicator-${c.code}`}
                name="indicators"
                type="checkbox"
                value={c.code}
                defaultChecked={c.worse}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`case-indicator-${c.code}`}>
                {c.title}
                {c.worse ? ' (worse than expected)' : ''}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
