import { useState } from 'react';
import type { Answer } from '../../api/client';
import { ApiError, invalidateApi, send, useApi } from '../../api';
import { Panel } from '../../components/Panel';
import { ChangePasswordForm } from '../../components/ChangePasswordForm';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { ScrollTable } from '../../components/ScrollTable';
import { EmailPreference } from '../../components/EmailPreference';

type Sessions = Answer<'/api/auth/sessions', 'get'>;

export function Account() {
  const { session, refresh, can } = useSession();
  const [message, setMessage] = useState<string | null>(null);
  const sessions = useApi<Sessions>(session?.user ? '/api/auth/sessions' : null);
  if (!session) return null;
  if (!session.user)
    return (
      <>
        <h1>Your account</h1>
        <p className="nhsuk-body">
          You are not signed in. <a href="/sign-in?returnTo=/account">Sign in</a>.
        </p>
      </>
    );
  const act = async (fn: () => Promise<unknown>, done: string) => {
    try {
      await fn();
      setMessage(done);
    } catch (e) {
      setMessage(e instanceof ApiError ? e.message : 'That did not work; try again.');
    }
  };
  return (
    <>
      <h1>Your account</h1>
      {message && (
        <div className="nhsuk-inset-text" role="status">
          {message}
        </div>
      )}
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Signed in as</dt>
          <dd className="nhsuk-summary-list__value">{session.user.email}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Roles</dt>
          <dd className="nhsuk-summary-list__value">
            {session.grants?.length ? (
              <ul className="nhsuk-list">
                {session.grants.map((g) => (
                  <li key={g.id}>
                    {g.roleLabel}
                    {g.orgCode ? ` for ${g.orgName ?? g.orgCode} (${g.orgCode})` : ''}
                  </li>
                ))}
              </ul>
            ) : (
              'No roles: you can read published data only. Ask your administrator for access.'
            )}
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">This session</dt>
          <dd className="nhsuk-summary-list__value">
            Ends after {session.session?.idleMinutes} idle minutes, and at the latest{' '}
            {session.session ? new Date(session.session.expiresAt).toLocaleString('en-GB') : ''}.
          </dd>
        </div>
      </dl>
      <h2>Where you are signed in</h2>
      <Panel data={sessions} isEmpty={(d) => d.sessions.length === 0} empty="No active sessions.">
        {(d) => (
          <ScrollTable className="nhsuk-table nhsuk-body-s">
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">Signed in</th>
                <th scope="col">Last active</th>
                <th scope="col">How</th>
                <th scope="col">Browser</th>
                <th scope="col">
                  <span className="nhsuk-u-visually-hidden">Action</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {d.sessions.map((s) => (
                <tr key={s.id}>
                  <td>{new Date(s.createdAt).toLocaleString('en-GB')}</td>
                  <td>{new Date(s.lastSeenAt).toLocaleString('en-GB')}</td>
                  <td>{s.method === 'oidc' ? 'identity provider' : 'password'}</td>
                  <td>{s.userAgent ?? '–'}</td>
                  <td>
                    {s.current ? (
                      'this session'
                    ) : (
                      <button
                        className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                        type="button"
                        onClick={() =>
                          act(
                            () => send('DELETE', `/api/auth/sessions/${s.id}`),
                            'That session has ended.',
                          ).then(() => invalidateApi('/api/auth/sessions'))
                        }
                      >
                        End session
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </Panel>
      {can('alerts.read') && <EmailPreference onSaved={setMessage} />}
      {session.session?.method === 'password' && (
        <>
          <h2>Change your password</h2>
          <p className="nhsuk-body">Your other sessions end when you change it; this one stays signed in.</p>
          <ChangePasswordForm
            onChanged={(n) => {
              setMessage(
                `Your password has been changed.${n ? ` ${n} other session${n === 1 ? '' : 's'} ended.` : ''}`,
              );
              void invalidateApi('/api/auth/sessions');
            }}
          />
        </>
      )}
      <button
        className="nhsuk-button nhsuk-button--warning"
        type="button"
        onClick={() =>
          act(async () => {
            await send('POST', '/api/auth/logout-all');
            await refresh();
            navigate('/sign-in');
          }, 'Signed out everywhere.')
        }
      >
        Sign out everywhere
      </button>
    </>
  );
}
