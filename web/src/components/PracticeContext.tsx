/** The practice's own context on its values: shown to the commissioner team and the practice; added by the practice. */
import { useState, type FormEvent } from 'react';
import { invalidateApi, send, useApi, type ApiError } from '../api';
import type { Answer } from '../api/client';
import { TextField } from './Field';
import { ErrorSummary } from './ErrorSummary';
import { Panel } from './Panel';
import { useCanAt } from '../session';

type Annotations = Answer<'/api/practices/{code}/annotations', 'get'>;

export function PracticeContext({ code }: { code: string }) {
  const canHere = useCanAt(code);
  const allowed = canHere('annotations.read');
  const own = canHere('annotations.write');
  const [error, setError] = useState<string | null>(null);
  const notes = useApi<Annotations>(allowed ? `/api/practices/${code}/annotations` : null);
  const values = useApi<Answer<'/api/practices/{code}/spine', 'get'>>(
    own ? `/api/practices/${code}/spine` : null,
  );
  if (!allowed) return null;
  const add = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    setError(null);
    const form = e.currentTarget;
    const f = new FormData(form);
    try {
      await send('POST', `/api/practices/${code}/annotations`, {
        indicator: f.get('indicator'),
        periodStart: f.get('periodStart'),
        note: f.get('note'),
      });
      form.reset();
      await invalidateApi(`/api/practices/${code}/annotations`);
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  return (
    <section aria-labelledby="context-heading">
      <h2 id="context-heading">Context from the practice</h2>
      <Panel
        data={notes}
        isEmpty={(d) => d.annotations.length === 0 && !own}
        empty="The practice has not added context to any of its values."
      >
        {(d) => (
          <>
            {d.annotations.length === 0 ? (
              <p className="nhsuk-body">No context added yet.</p>
            ) : (
              <ul className="nhsuk-list">
                {d.annotations.map((a) => (
                  <li key={a.id} className="nhsuk-body-s">
                    <strong>
                      {a.indicator}, period starting {a.periodStart}
                    </strong>{' '}
                    ({a.at.slice(0, 10)}): {a.note}
                  </li>
                ))}
              </ul>
            )}
            {own && values.state === 'ready' && values.data.rows.length > 0 && (
              <form onSubmit={(e) => void add(e)} aria-labelledby="add-context">
                <h3 id="add-context">Add context to a value</h3>
                <ErrorSummary message={error} />
                <div className="nhsuk-form-group">
                  <label className="nhsuk-label" htmlFor="context-indicator">
                    Indicator
                  </label>
                  <select className="nhsuk-select" id="context-indicator" name="indicator">
                    {values.data.rows.map((r) => (
                      <option key={r.indicator} value={r.indicator}>
                        {r.title}
                      </option>
                    ))}
                  </select>
                </div>
                <div className="nhsuk-form-group">
                  <label className="nhsuk-label" htmlFor="context-period">
                    Period starting
                  </label>
                  <input
                    className="nhsuk-input nhsuk-input--width-10"
                    type="date"
                    id="context-period"
                    name="periodStart"
                    defaultValue={values.data.rows[0]!.periodStart}
                    required
                  />
                </div>
                <TextField
                  id="context-note"
                  name="note"
                  label="Context (seen by the commissioner team and by the practice)"
                  multiline
                  minLength={3}
                />
                <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                  Add context
                </button>
              </form>
            )}
          </>
        )}
      </Panel>
    </section>
  );
}
