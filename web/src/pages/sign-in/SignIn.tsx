import { BackLink } from '../../components/BackLink';
import { ErrorSummary } from '../../components/ErrorSummary';
import { useState, type FormEvent } from 'react';
import { ApiError, send } from '../../api';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { ScrollTable } from '../../components/ScrollTable';

export function SignIn({ returnTo }: { returnTo: string }) {
  const { session, refresh } = useSession();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const safeReturn = /^\/[\w\-/]*$/.test(returnTo) ? returnTo : '/';

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await send('POST', '/api/auth/login', { email, password });
      setPassword('');
      await refresh();
      navigate(safeReturn);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Signing in failed; try again.');
    } finally {
      setBusy(false);
    }
  }

  if (session?.user)
    return (
      <>
        <h1>You are signed in</h1>
        <p className="nhsuk-body">
          Signed in as {session.user.email}. <a href="/account">Your account and sessions</a>.
        </p>
      </>
    );
  const oidc = session?.signIn.oidc;
  const demo = session?.signIn.demoAccounts ?? [];
  return (
    <>
      {/* sent here by a page that needs a signed-in user: the way back to it without signing in */}
      {safeReturn !== '/' && <BackLink href={safeReturn} />}
      <h1>Sign in</h1>
      <p className="nhsuk-body">
        Published open data can be read without signing in. Sign in to see your organisation&apos;s local
        figures unsuppressed, to load data, or to administer Lantern.
      </p>
      {oidc && (
        <p className="nhsuk-body">
          <a className="nhsuk-button" href={`${oidc.url}?returnTo=${encodeURIComponent(safeReturn)}`}>
            {oidc.label}
          </a>
        </p>
      )}
      <ErrorSummary message={error} />
      <form onSubmit={submit} noValidate>
        <h2>{oidc ? 'Or sign in with a Lantern account' : 'Sign in with a Lantern account'}</h2>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="email">
            E-mail
          </label>
          <input
            className="nhsuk-input nhsuk-u-width-two-thirds"
            id="email"
            name="email"
            type="email"
            autoComplete="username"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            required
          />
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="password">
            Password
          </label>
          <input
            className="nhsuk-input nhsuk-u-width-two-thirds"
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
          />
        </div>
        <button className="nhsuk-button" type="submit" disabled={busy}>
          Sign in
        </button>
      </form>
      {demo.length > 0 && (
        <section aria-labelledby="demo-accounts">
          <h2 id="demo-accounts">Demo accounts (demo mode only)</h2>
          <p className="nhsuk-body">
            This server runs in demo mode: these accounts exist only so that each role can be tried. The
            password for each is <code>{demo[0]!.password}</code>.
          </p>
          <ScrollTable className="nhsuk-table nhsuk-body-s">
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">E-mail</th>
                <th scope="col">Role</th>
                <th scope="col">Organisation</th>
              </tr>
            </thead>
            <tbody>
              {demo.map((a) => (
                <tr key={a.email}>
                  <td>
                    <code>{a.email}</code>
                  </td>
                  <td>{a.role.replace(/_/g, ' ')}</td>
                  <td>{a.org ?? 'all (not scoped)'}</td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        </section>
      )}
    </>
  );
}
