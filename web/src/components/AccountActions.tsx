/** An administrator's actions on one account: reset its password, disable or enable it (each ends its sessions). */
import { useState, type FormEvent } from 'react';
import { ApiError, send } from '../api';
import type { Answer } from '../api/client';

export /** The account the actions are for (a row of the administrators' list). */
type AccountRow = Pick<
  Answer<'/api/admin/users', 'get'>['users'][number],
  'id' | 'email' | 'identitySource' | 'disabled'
>;

export function AccountActions({
  user,
  self,
  onDone,
}: {
  user: AccountRow;
  /** the signed-in administrator's own account, which they cannot disable */
  self: boolean;
  onDone: (message: { ok: boolean; text: string }) => void;
}) {
  const [resetting, setResetting] = useState(false);
  const [password, setPassword] = useState('');
  const fail = (err: unknown) =>
    onDone({ ok: false, text: err instanceof ApiError ? err.message : 'That did not work.' });

  async function toggle() {
    try {
      const r = await send<Answer<'/api/admin/users/{id}/disable', 'post'>>(
        'POST',
        `/api/admin/users/${user.id}/${user.disabled ? 'enable' : 'disable'}`,
      );
      onDone({
        ok: true,
        text: user.disabled
          ? `${user.email} can sign in again.`
          : `${user.email} is disabled; ${r.sessionsEnded} session(s) ended.`,
      });
    } catch (err) {
      fail(err);
    }
  }

  async function reset(e: FormEvent) {
    e.preventDefault();
    try {
      const r = await send<Answer<'/api/admin/users/{id}/password', 'post'>>(
        'POST',
        `/api/admin/users/${user.id}/password`,
        {
          password,
        },
      );
      setPassword('');
      setResetting(false);
      onDone({
        ok: true,
        text: `Set a new password for ${user.email}; ${r.sessionsEnded} session(s) ended. Give it to them by a separate, safe route.`,
      });
    } catch (err) {
      fail(err);
    }
  }

  const hidden = <span className="nhsuk-u-visually-hidden"> for {user.email}</span>;
  return (
    <>
      {!(self && !user.disabled) && (
        <button
          className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2 nhsuk-u-margin-right-2"
          type="button"
          onClick={toggle}
        >
          {user.disabled ? 'Enable' : 'Disable'}
          {hidden}
        </button>
      )}
      {user.identitySource === 'local' &&
        (resetting ? (
          <form onSubmit={reset} noValidate>
            <label className="nhsuk-label" htmlFor={`reset-${user.id}`}>
              New password for {user.email}
            </label>
            <input
              className="nhsuk-input"
              id={`reset-${user.id}`}
              type="password"
              autoComplete="new-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <button className="nhsuk-button nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0" type="submit">
              Set password{hidden}
            </button>
          </form>
        ) : (
          <button
            className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2"
            type="button"
            onClick={() => setResetting(true)}
          >
            Reset password{hidden}
          </button>
        ))}
    </>
  );
}
