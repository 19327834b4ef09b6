import { useEffect, useRef, type ReactNode } from 'react';
import { Header } from 'nhsuk-frontend';
import type { Action } from '../../../src/auth/policy';
import { send, useApi, type Health } from '../api';
import { navigate, usePathname } from '../router';
import { useSession } from '../session';
import { Link } from './Link';

/** The menu, and the action each item needs (none: everyone); the server decides access, this only tidies the menu. */
const NAV: Array<NavItem & { needs?: Action }> = [
  { href: '/', label: 'Search and browse' },
  { href: '/indicators', label: 'Indicators' },
  { href: '/concerns', label: 'Concerns', needs: 'concerns.read' },
  { href: '/inbox', label: 'Inbox', needs: 'alerts.read' },
  { href: '/improvement', label: 'Improvement', needs: 'improvement.read' },
  { href: '/referral-choice', label: 'Where to refer', needs: 'referral_choice.read' },
  { href: '/reports/qsg', label: 'QSG pack', needs: 'reports.qsg' },
  { href: '/data', label: 'Data loads', needs: 'loads.read' },
  { href: '/admin', label: 'Administration', needs: 'admin.users' },
];

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

/** A practice clinician's patient lists, one item for each practice they hold the grant on. */
function clinicianItems(practices: string[] | null | undefined): Array<{ href: string; label: string }> {
  if (!practices) return [];
  return practices.map((code) => ({
    href: `/practices/${encodeURIComponent(code)}/proactive-care`,
    label: practices.length > 1 ? `Proactive care (${code})` : 'Proactive care',
  }));
}

type NavItem = { href: string; label: string };

/**
 * NHS.UK's header script moves the menu items that do not fit the screen into its "More" menu. React must not redraw
 * a list the script has rearranged, so the header is drawn afresh (and the script started on it again) whenever the
 * items change, e.g. once the session says who is signed in.
 */
function SiteHeader({ nav }: { nav: NavItem[] }) {
  return <HeaderWithMenu key={nav.map((n) => n.href).join(' ')} nav={nav} />;
}

function HeaderWithMenu({ nav }: { nav: NavItem[] }) {
  const ref = useRef<HTMLElement>(null);
  const pathname = usePathname();
  useEffect(() => {
    if (!ref.current) return;
    let header: Header;
    try {
      header = new Header(ref.current);
    } catch (err) {
      // without its script the header still works: every item shows, wrapped on a small screen
      console.error('The NHS.UK header menu did not start:', err);
      return;
    }
    return () => {
      // the script listens to the window's size; a header drawn afresh has its own
      window.removeEventListener('resize', header.handleResizeMenu);
      header.resizeObserver?.disconnect();
    };
  }, []);
  return (
    <header className="nhsuk-header" role="banner" data-module="nhsuk-header" ref={ref}>
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
            {nav.map((n) => {
              const current = n.href === pathname || (n.href !== '/' && pathname.startsWith(`${n.href}/`));
              return (
                <li
                  className={`nhsuk-header__navigation-item${current ? ' nhsuk-header__navigation-item--current' : ''}`}
                  key={n.href}
                >
                  <Link className="nhsuk-header__navigation-link" href={n.href} current={current}>
                    {n.label}
                  </Link>
                </li>
              );
            })}
            <li className="nhsuk-header__menu" hidden>
              <button
                type="button"
                className="nhsuk-header__menu-toggle nhsuk-header__navigation-link"
                id="toggle-menu"
                aria-expanded="false"
              >
                <span className="nhsuk-u-visually-hidden">Browse </span>More
              </button>
            </li>
          </ul>
        </div>
      </nav>
    </header>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  const health = useApi<Health>('/api/health');
  const { can, session } = useSession();
  const nav = NAV.filter((n) => !n.needs || can(n.needs));
  // after the indicators: the practice's own patients, for its clinicians
  nav.splice(2, 0, ...clinicianItems(session?.permissions?.['population.patients']));
  // the public view, for visitors who are not signed in (patients and the public)
  if (session && !session.user) nav.push({ href: '/public', label: 'For patients and the public' });
  return (
    <>
      <a
        className="nhsuk-skip-link"
        href="#main-content"
        onClick={(e) => {
          // focus the content itself (not just scroll to it), and keep the address without a fragment
          e.preventDefault();
          document.getElementById('main-content')?.focus();
        }}
      >
        Skip to main content
      </a>
      {health.state === 'ready' && (health.data.demo || health.data.syntheticData) && (
        <div className="lantern-demo-banner" role="note">
          {health.data.demo && 'Demo mode: demo accounts for each role exist on this server (see Sign in). '}
          {health.data.syntheticData &&
            'The organisations and figures on these pages are SYNTHETIC, generated for demonstration.'}
        </div>
      )}
      <SiteHeader nav={nav} />
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
