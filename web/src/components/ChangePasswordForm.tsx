/** Change your own password: the current one and a new one; the server checks its strength and ends your other sessions. */
import { useState, type FormEvent } from 'react';
import { ApiError, send } from '../api';
import type { Answer } from '../api/client';
import { ErrorSummary } from './ErrorSummary';

export function ChangePasswordForm({ onChanged }: { onChanged: (otherSessionsEnded: number) => void }) {
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const r = await send<Answer<'/api/auth/password', 'post'>>('POST', '/api/auth/password', {
        currentPassword: current,
        newPassword: next,
      });
      setCurrent('');
      setNext('');
      onChanged(r.otherSessionsEnded);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'That did not work; try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <ErrorSummary message={error} />
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="current-password">
          Current password
        </label>
        <input
          className="nhsuk-input nhsuk-u-width-one-half"
          id="current-password"
          type="password"
          autoComplete="current-password"
          value={current}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </div>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="new-password">
          New password
        </label>
        <div className="nhsuk-hint" id="new-password-hint">
          At least 12 characters. A few unrelated words make a good one.
        </div>
        <input
          className="nhsuk-input nhsuk-u-width-one-half"
          id="new-password"
          type="password"
          autoComplete="new-password"
          aria-describedby="new-password-hint"
          value={next}
          onChange={(e) => setNext(e.target.value)}
        />
      </div>
      <button className="nhsuk-button" type="submit" disabled={busy}>
        Change password
      </button>
    </form>
  );
}
