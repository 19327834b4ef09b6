/**
 * Choosing indicators with member practices: each practice indicator's state, the practices' agreement, their
 * comments, and (for the quality lead) the next move; practices comment while an indicator is open.
 */
import { useState, type FormEvent } from 'react';
import { Breadcrumbs, HOME_CRUMB, INDICATORS_CRUMB } from '../../components/Breadcrumbs';
import { invalidateApi, send, useApi, type ApiError } from '../../api';
import { TextField } from '../../components/Field';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Link } from '../../components/Link';
import { Panel } from '../../components/Panel';
import { useSession } from '../../session';
import type { Answer } from '../../api/client';
import { ScrollTable } from '../../components/ScrollTable';

type Detail = Answer<'/api/indicators/{code}/lifecycle', 'get'>;
type LifecycleState = keyof Detail['labels'];

const sayLabel = (a: boolean | null) => (a === true ? 'agrees' : a === false ? 'disagrees' : 'comments');

export function Choosing() {
  const list = useApi<Answer<'/api/indicators/lifecycle', 'get'>>('/api/indicators/lifecycle');
  const [open, setOpen] = useState<string | null>(null);
  return (
    <>
      <Breadcrumbs items={[HOME_CRUMB, INDICATORS_CRUMB]} />
      <h1>Choosing indicators</h1>
      <p className="nhsuk-body">
        Indicators that count towards tiers are chosen with member practices: the quality lead proposes one,
        opens it for comment until a closing date, each practice says whether it agrees, and adopting it
        writes a new version of the <Link href="/tiers/rules">tier rules</Link> with the practices’ agreement
        in its note.
      </p>
      <Panel
        data={list}
        isEmpty={(d) => d.indicators.length === 0}
        empty="No practice indicator with counts is loaded."
      >
        {(d) => (
          <ScrollTable className="nhsuk-table nhsuk-body-s">
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Indicator</th>
                <th scope="col">State</th>
                <th scope="col">Practices agree / disagree / comment only</th>
                <th scope="col">
                  <span className="nhsuk-u-visually-hidden">Details</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.indicators.map((i) => (
                <tr key={i.code}>
                  <td>{i.title}</td>
                  <td>
                    {d.labels[i.state]}
                    {i.closesOn ? ` until ${i.closesOn}` : ''}
                  </td>
                  <td>
                    {i.tally.agree} / {i.tally.disagree} / {i.tally.commentOnly}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                      aria-expanded={open === i.code}
                      onClick={() => setOpen(open === i.code ? null : i.code)}
                    >
                      {open === i.code ? 'Hide' : 'Comments and moves'}
                      <span className="nhsuk-u-visually-hidden">: {i.title}</span>
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </Panel>
      {open && <IndicatorLifecycle code={open} />}
    </>
  );
}

function IndicatorLifecycle({ code }: { code: string }) {
  const { can } = useSession();
  const data = useApi<Detail>(`/api/indicators/${code}/lifecycle`);
  const [error, setError] = useState<string | null>(null);
  const [to, setTo] = useState('');
  const act = async (e: FormEvent<HTMLFormElement>, url: string, body: (f: FormData) => object) => {
    e.preventDefault();
    setError(null);
    const form = e.currentTarget;
    try {
      await send('POST', url, body(new FormData(form)));
      form.reset();
      setTo('');
      // the list's states and this indicator's record both changed
      await invalidateApi('/api/indicators/lifecycle', `/api/indicators/${code}/lifecycle`);
    } catch (err) {
      setError((err as ApiError).message);
    }
  };
  return (
    <Panel data={data} empty="">
      {(d) => (
        <section aria-labelledby="lifecycle-heading">
          <h2 id="lifecycle-heading">{d.title}</h2>
          <ErrorSummary message={error} />
          <p className="nhsuk-body">
            {d.labels[d.state]}
            {d.closesOn ? `, comments close on ${d.closesOn}` : ''}. Practices: {d.tally.agree} agree,{' '}
            {d.tally.disagree} disagree, {d.tally.commentOnly} commented only (each practice’s latest say
            counts).
          </p>
          <h3>Comments</h3>
          {d.comments.length === 0 ? (
            <p className="nhsuk-body-s">No comments yet.</p>
          ) : (
            <ul className="nhsuk-list">
              {d.comments.map((c, i) => (
                <li key={i} className="nhsuk-body-s">
                  <strong>
                    {c.name ?? c.practice} ({c.practice}) {sayLabel(c.agree)}
                  </strong>
                  , {c.at.slice(0, 10)}: {c.comment}
                </li>
              ))}
            </ul>
          )}
          {d.state === 'open_for_comment' && can('indicators.comment') && (
            <form
              onSubmit={(e) =>
                void act(e, `/api/indicators/${code}/comments`, (f) => ({
                  agree: f.get('agree') === 'yes' ? true : f.get('agree') === 'no' ? false : null,
                  comment: f.get('comment'),
                }))
              }
            >
              <fieldset className="nhsuk-fieldset">
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                  Your practice’s view
                </legend>
                <div className="nhsuk-radios nhsuk-radios--inline">
                  {[
                    ['yes', 'We agree'],
                    ['no', 'We disagree'],
                    ['none', 'Comment only'],
                  ].map(([v, l]) => (
                    <div className="nhsuk-radios__item" key={v}>
                      <input
                        className="nhsuk-radios__input"
                        id={`agree-${v}`}
                        name="agree"
                        type="radio"
                        value={v}
                        defaultChecked={v === 'yes'}
                      />
                      <label className="nhsuk-label nhsuk-radios__label" htmlFor={`agree-${v}`}>
                        {l}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
              <TextField id="comment" name="comment" label="Comment" multiline minLength={3} />
              <button className="nhsuk-button" type="submit">
                Send comment
              </button>
            </form>
          )}
          {can('indicators.lifecycle.change') && d.allowed.length > 0 && (
            <form
              onSubmit={(e) =>
                void act(e, `/api/indicators/${code}/lifecycle`, (f) => ({
                  to: f.get('to'),
                  why: f.get('why'),
                  ...(f.get('closesOn') ? { closesOn: f.get('closesOn') } : {}),
                }))
              }
            >
              <h3>Move</h3>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor="to">
                  To
                </label>
                <select
                  className="nhsuk-select"
                  id="to"
                  name="to"
                  aria-describedby={d.adoptableFrom ? 'to-hint' : undefined}
                  value={to}
                  onChange={(e) => setTo(e.target.value)}
                  required
                >
                  <option value="">Choose…</option>
                  {d.allowed.map((s) => (
                    <option key={s} value={s} disabled={s === 'adopted' && d.adoptableFrom !== null}>
                      {d.labels[s]}
                      {s === 'adopted' && d.adoptableFrom ? ` (from ${d.adoptableFrom})` : ''}
                    </option>
                  ))}
                </select>
                {d.adoptableFrom && d.allowed.includes('adopted') && (
                  <div className="nhsuk-hint" id="to-hint">
                    It can be adopted from {d.adoptableFrom}: practices may comment until the end of{' '}
                    {d.closesOn}.
                  </div>
                )}
              </div>
              {to === 'open_for_comment' && (
                <div className="nhsuk-form-group">
                  <label className="nhsuk-label" htmlFor="closesOn">
                    Comments close on
                  </label>
                  <input
                    className="nhsuk-input nhsuk-input--width-10"
                    type="date"
                    id="closesOn"
                    name="closesOn"
                    required
                  />
                </div>
              )}
              <TextField id="why" name="why" label="Why (recorded)" multiline rows={2} minLength={3} />
              <button className="nhsuk-button" type="submit">
                Record the move
              </button>
            </form>
          )}
          {d.events.length > 0 && (
            <>
              <h3>History</h3>
              <ol className="nhsuk-list nhsuk-list--number nhsuk-body-s">
                {d.events.map((e, i) => (
                  <li key={i}>
                    {e.at.slice(0, 10)}: {d.labels[e.fromState as LifecycleState]} →{' '}
                    {d.labels[e.toState as LifecycleState]}
                    {e.ruleVersion ? ` (tier rules version ${e.ruleVersion})` : ''}: {e.why}
                  </li>
                ))}
              </ol>
            </>
          )}
        </section>
      )}
    </Panel>
  );
}
