import type { ReactNode } from 'react';
import { send, useApi, type Health } from '../api';
import { navigate } from '../router';
import { useSession } from '../session';
import { Link } from './Link';

function UserMenu() {
  const { session, refresh } = useSession();
  if (!session) return null;
  if (!session.user)
    return (
      <div className="lantern-user">
        <Link href="/sign-in">Sign in</Link>
      </div>
    );
  const g = session.grants?.[0];
  return (
    <div className="lantern-user">
      <Link href="/account">
        {session.user.email}
        {g ? ` · ${g.roleLabel}${g.orgCode ? `, ${g.orgCode}` : ''}` : ''}
      </Link>
      <button
        type="button"
        onClick={async () => {
          await send('POST', '/api/auth/logout').catch(() => undefined);
          await refresh();
          navigate('/');
        }}
      >
        Sign out
      </button>
    </div>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const health = useApi<Health>('/api/health');
  const { hasRole } = useSession();
  return (
    <>
      <a className="nhsuk-skip-link" href="#main-content">
        Skip to main content
      </a>
      {health.state === 'ready' && (health.data.demo || health.data.syntheticData) && (
        <div className="lantern-demo-banner" role="note">
          {health.data.demo && 'Demo mode: demo accounts for each role exist on this server (see Sign in). '}
          {health.data.syntheticData &&
            'The organisations and figures on these pages are SYNTHETIC, generated for demonstration.'}
        </div>
      )}
      <header className="nhsuk-header" role="banner">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <Link href="/" className="nhsuk-header__service-logo">
              <span className="nhsuk-header__service-name">Lantern</span>
            </Link>
          </div>
          <UserMenu />
        </div>
        <nav className="nhsuk-header__navigation" aria-label="Menu">
          <div className="nhsuk-header__navigation-container nhsuk-width-container">
            <ul className="nhsuk-header__navigation-list">
              <li className="nhsuk-header__navigation-item">
                <Link className="nhsuk-header__navigation-link" href="/">
                  Search and browse
                </Link>
              </li>
              <li className="nhsuk-header__navigation-item">
                <Link className="nhsuk-header__navigation-link" href="/indicators">
                  Indicators
                </Link>
              </li>
              {hasRole(
                'admin',
                'commissioner_lead',
                'commissioner_analyst',
                'practice_user',
                'provider_user',
              ) && (
                <li className="nhsuk-header__navigation-item">
                  <Link className="nhsuk-header__navigation-link" href="/concerns">
                    Concerns
                  </Link>
                </li>
              )}
              {hasRole('admin', 'commissioner_lead', 'commissioner_analyst', 'practice_user') && (
                <li className="nhsuk-header__navigation-item">
                  <Link className="nhsuk-header__navigation-link" href="/inbox">
                    Inbox
                  </Link>
                </li>
              )}
              {hasRole(
                'admin',
                'commissioner_lead',
                'commissioner_analyst',
                'practice_user',
                'peer_group_lead',
                'partner',
              ) && (
                <li className="nhsuk-header__navigation-item">
                  <Link className="nhsuk-header__navigation-link" href="/improvement">
                    Improvement
                  </Link>
                </li>
              )}
              {hasRole('practice_user', 'commissioner_lead', 'commissioner_analyst', 'admin') && (
                <li className="nhsuk-header__navigation-item">
                  <Link className="nhsuk-header__navigation-link" href="/referral-choice">
                    Where to refer
                  </Link>
                </li>
              )}
              {hasRole('admin', 'commissioner_lead', 'commissioner_analyst', 'partner') && (
                <li className="nhsuk-header__navigation-item">
                  <Link className="nhsuk-header__navigation-link" href="/reports/qsg">
                    QSG pack
                  </Link>
                </li>
              )}
              {hasRole('admin', 'commissioner_lead', 'commissioner_analyst') && (
                <li className="nhsuk-header__navigation-item">
                  <Link className="nhsuk-header__navigation-link" href="/data">
                    Data loads
                  </Link>
                </li>
              )}
              {hasRole('admin') && (
                <li className="nhsuk-header__navigation-item">
                  <Link className="nhsuk-header__navigation-link" href="/admin">
                    Administration
                  </Link>
                </li>
              )}
            </ul>
          </div>
        </nav>
      </header>
      <div className="nhsuk-width-container">
        <main className="nhsuk-main-wrapper" id="main-content" role="main" tabIndex={-1}>
          {children}
        </main>
      </div>
      <footer role="contentinfo">
        <div className="nhsuk-footer">
          <div className="nhsuk-width-container">
            <p className="nhsuk-body-s">
              Lantern · open data under the Open Government Licence v3.0 (NHS England, NHS Digital, OHID, CQC)
              {health.state === 'ready' &&
                ` · ${health.data.organisations.toLocaleString('en-GB')} organisations, ${health.data.values.toLocaleString('en-GB')} indicator values from ${health.data.loads} loads`}
            </p>
          </div>
        </div>
      </footer>
    </>
  );
}
