import type { ReactNode } from 'react';
import { useApi, type Health } from '../api';
import { Link } from './Link';

export function Layout({ children }: { children: ReactNode }) {
  const health = useApi<Health>('/api/health');
  return (
    <>
      <a className="nhsuk-skip-link" href="#main-content">
        Skip to main content
      </a>
      {health.state === 'ready' && health.data.demo && (
        <div className="lantern-demo-banner" role="note">
          Demo mode: the organisations and figures on these pages are SYNTHETIC, generated for demonstration.
        </div>
      )}
      <header className="nhsuk-header" role="banner">
        <div className="nhsuk-header__container nhsuk-width-container">
          <div className="nhsuk-header__service">
            <Link href="/" className="nhsuk-header__service-logo">
              <span className="nhsuk-header__service-name">Lantern</span>
            </Link>
          </div>
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
              <li className="nhsuk-header__navigation-item">
                <Link className="nhsuk-header__navigation-link" href="/data">
                  Data loads
                </Link>
              </li>
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
