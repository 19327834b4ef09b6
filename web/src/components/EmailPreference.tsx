/** The account page's choice of email about the inbox: none (the default), each new alert, or a weekly digest. */
import { useState, type FormEvent } from 'react';
import { ApiError, invalidateApi, send, useApi } from '../api';
import type { Answer } from '../api/client';
import { Panel } from './Panel';
type EmailPreferenceView = Answer<'/api/alerts/email', 'get'>;

const CHOICES: Array<[EmailPreferenceView['mode'], string, string]> = [
  ['off', 'No email', 'Alerts wait in your inbox until you sign in.'],
  [
    'immediate',
    'An email for each new alert',
    'Sent when results are computed after a load and an alert is raised for a practice you cover.',
  ],
  [
    'weekly',
    'A weekly digest',
    'One email a week listing the alerts raised that week that you have not read.',
  ],
];

export function EmailPreference({ onSaved }: { onSaved: (message: string) => void }) {
  const [error, setError] = useState<string | null>(null);
  const data = useApi<EmailPreferenceView>('/api/alerts/email');
  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const mode = new FormData(e.currentTarget).get('mode');
    setError(null);
    try {
      const r = await send<EmailPreferenceView>('PUT', '/api/alerts/email', { mode });
      onSaved(`Your email choice is saved: ${CHOICES.find((c) => c[0] === r.mode)?.[1].toLowerCase()}.`);
      await invalidateApi('/api/alerts/email');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'That did not work; try again.');
    }
  };
  return (
    <>
      <h2>Email about your alerts</h2>
      <Panel data={data} empty="">
        {(d) => (
          <form onSubmit={save} noValidate>
            {!d.enabled && (
              <div className="nhsuk-inset-text">
                <span className="nhsuk-u-visually-hidden">Information: </span>
                Email is off on this server: no mail relay is set up. Your choice is kept, and takes effect
                once your administrator sets one up.
              </div>
            )}
            <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
              <fieldset className="nhsuk-fieldset" aria-describedby="email-mode-hint">
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                  How should Lantern tell you about new alerts?
                </legend>
                <div className="nhsuk-hint" id="email-mode-hint">
                  Emails name the alert, the practice and the indicator, and link back here. They carry no
                  figures and no patient data.
                </div>
                {error && (
                  <span className="nhsuk-error-message" id="email-mode-error">
                    <span className="nhsuk-u-visually-hidden">Error:</span> {error}
                  </span>
                )}
                <div className="nhsuk-radios">
                  {CHOICES.map(([value, label, hint]) => (
                    <div className="nhsuk-radios__item" key={`${value}-${d.mode}`}>
                      <input
                        className="nhsuk-radios__input"
                        id={`email-mode-${value}`}
                        name="mode"
                        type="radio"
                        value={value}
                        defaultChecked={value === d.mode}
                        aria-describedby={`email-mode-${value}-hint`}
                      />
                      <label className="nhsuk-label nhsuk-radios__label" htmlFor={`email-mode-${value}`}>
                        {label}
                      </label>
                      <div className="nhsuk-hint nhsuk-radios__hint" id={`email-mode-${value}-hint`}>
                        {hint}
                      </div>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <button className="nhsuk-button nhsuk-button--secondary" type="submit">
              Save email choice
            </button>
          </form>
        )}
      </Panel>
    </>
  );
}
