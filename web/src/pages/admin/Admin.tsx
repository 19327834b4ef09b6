import { useState, type FormEvent } from 'react';
import type { Answer } from '../../api/client';
import { ApiError, invalidateApi, send, useApi } from '../../api';
import { Panel } from '../../components/Panel';
import { AccountActions } from '../../components/AccountActions';
import { useSession } from '../../session';
import { ROLES } from '../../../../src/domain/roles';
import { ScrollTable } from '../../components/ScrollTable';
import { Downloads } from '../../components/Downloads';

type Users = Answer<'/api/admin/users', 'get'>;
type Audit = Answer<'/api/audit', 'get'>;
type Verify = Answer<'/api/audit/verify', 'get'>;

export function Admin() {
  const { session, can } = useSession();
  const [action, setAction] = useState('');
  const isAdmin = can('admin.users');
  const users = useApi<Users>(isAdmin ? '/api/admin/users' : null);
  const audit = useApi<Audit>(
    isAdmin ? `/api/audit?limit=100${action ? `&action=${encodeURIComponent(action)}` : ''}` : null,
  );
  const verify = useApi<Verify>(isAdmin ? '/api/audit/verify' : null);
  const [form, setForm] = useState({ email: '', password: '', role: 'practice_user', org: '' });
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  if (!session) return null;
  if (!isAdmin)
    return (
      <>
        <h1>Administration</h1>
        <p className="nhsuk-body">
          This page is for administrators.{' '}
          {session.user ? '' : <a href="/sign-in?returnTo=/admin">Sign in</a>}
        </p>
      </>
    );

  async function addUser(e: FormEvent) {
    e.preventDefault();
    try {
      await send('POST', '/api/admin/users', { ...form, org: form.org || null });
      setMessage({ ok: true, text: `Created ${form.email}.` });
      setForm({ email: '', password: '', role: form.role, org: '' });
      await invalidateApi('/api/admin/users', '/api/audit');
    } catch (err) {
      setMessage({ ok: false, text: err instanceof ApiError ? err.message : 'That did not work.' });
    }
  }

  return (
    <>
      <h1>Administration</h1>
      <h2>Audit trail</h2>
      <Panel data={verify} empty="">
        {(v) =>
          v.ok ? (
            <div className="nhsuk-inset-text">
              The audit trail is intact: {v.entries.toLocaleString('en-GB')} entries, every one present, in
              order and unaltered. Newest hash <code>{v.headHash.slice(0, 16)}…</code>
            </div>
          ) : (
            <div className="nhsuk-error-summary" role="alert">
              <h3 className="nhsuk-error-summary__title">The audit trail has been tampered with</h3>
              <div className="nhsuk-error-summary__body">
                <p>
                  {v.breakCount.toLocaleString('en-GB')} of its {v.entries.toLocaleString('en-GB')} entries do
                  not fit the chain:
                </p>
                <ul className="nhsuk-list nhsuk-list--bullet">
                  {v.breaks.map((b) => (
                    <li key={b.seq}>{b.problem}</li>
                  ))}
                </ul>
                {v.breakCount > v.breaks.length ? (
                  <p>… and {(v.breakCount - v.breaks.length).toLocaleString('en-GB')} more after these.</p>
                ) : null}
              </div>
            </div>
          )
        }
      </Panel>
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="audit-action">
          Show actions starting with
        </label>
        <select
          className="nhsuk-select"
          id="audit-action"
          value={action}
          onChange={(e) => setAction(e.target.value)}
        >
          <option value="">all actions</option>
          <option value="auth">sign-in and sign-out</option>
          <option value="access.denied">refused requests</option>
          <option value="users">accounts and grants</option>
          <option value="data">data uploads</option>
          <option value="audit">audit exports</option>
          <option value="server">server errors</option>
        </select>
      </div>
      <Downloads
        href={`/api/audit/export${action ? `?action=${encodeURIComponent(action)}` : ''}`}
        what={`the audit entries shown${action ? ` (${action})` : ''}; the export is itself recorded`}
      />
      <Panel data={audit} isEmpty={(d) => d.entries.length === 0} empty="No entries match.">
        {(d) => (
          <ScrollTable className="nhsuk-table nhsuk-body-s">
            <caption className="nhsuk-table__caption">The {d.entries.length} newest entries</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">#</th>
                <th scope="col">When</th>
                <th scope="col">Who</th>
                <th scope="col">Action</th>
                <th scope="col">On</th>
                <th scope="col">Outcome</th>
              </tr>
            </thead>
            <tbody>
              {d.entries.map((e) => (
                <tr key={e.seq}>
                  <td>{e.seq}</td>
                  <td>{new Date(e.at).toLocaleString('en-GB')}</td>
                  <td>
                    {e.actor}
                    {e.role ? ` (${e.role.replace(/_/g, ' ')})` : ''}
                  </td>
                  <td>{e.action}</td>
                  <td>{e.target ?? '–'}</td>
                  <td>{e.outcome}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </Panel>

      <h2>Accounts</h2>
      <Panel data={users} isEmpty={(d) => d.users.length === 0} empty="No accounts yet.">
        {(d) => (
          <ScrollTable className="nhsuk-table nhsuk-body-s">
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Sign-in</th>
                <th scope="col">Roles</th>
                <th scope="col">Last signed in</th>
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {d.users.map((u) => (
                <tr key={u.id}>
                  <td>
                    {u.email}
                    {u.demo ? ' (demo)' : ''}
                    {u.disabled ? ' (disabled)' : ''}
                  </td>
                  <td>{u.identitySource === 'local' ? 'password' : 'identity provider'}</td>
                  <td>
                    {u.grants
                      .map((g) => `${g.role.replace(/_/g, ' ')}${g.orgCode ? ` @ ${g.orgCode}` : ''}`)
                      .join(', ') || 'none'}
                  </td>
                  <td>{u.lastSignInAt ? new Date(u.lastSignInAt).toLocaleString('en-GB') : 'never'}</td>
                  <td>
                    <AccountActions
                      user={u}
                      self={u.id === session.user?.id}
                      onDone={(m) => {
                        setMessage(m);
                        void invalidateApi('/api/admin/users', '/api/audit');
                      }}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </Panel>
      <h3>Add an account</h3>
      {message && (
        <div
          className={message.ok ? 'nhsuk-inset-text' : 'nhsuk-error-summary'}
          role={message.ok ? 'status' : 'alert'}
        >
          {message.text}
        </div>
      )}
      <form onSubmit={addUser} noValidate>
        {(
          [
            ['email', 'E-mail', 'email'],
            ['password', 'Password (at least 12 characters; a few unrelated words work well)', 'password'],
            ['org', 'Organisation ODS code (not for administrators or partners)', 'text'],
          ] as const
        ).map(([field, label, type]) => (
          <div className="nhsuk-form-group" key={field}>
            <label className="nhsuk-label" htmlFor={`new-${field}`}>
              {label}
            </label>
            <input
              className="nhsuk-input nhsuk-u-width-one-half"
              id={`new-${field}`}
              type={type}
              autoComplete="off"
              value={form[field]}
              onChange={(e) => setForm({ ...form, [field]: e.target.value })}
            />
          </div>
        ))}
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="new-role">
            Role
          </label>
          <select
            className="nhsuk-select"
            id="new-role"
            value={form.role}
            onChange={(e) => setForm({ ...form, role: e.target.value })}
          >
            {ROLES.map((r) => (
              <option key={r} value={r}>
                {r.replace(/_/g, ' ')}
              </option>
            ))}
          </select>
        </div>
        <button className="nhsuk-button" type="submit">
          Add account
        </button>
      </form>
    </>
  );
}
