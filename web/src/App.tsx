import { useEffect } from 'react';
import { Layout } from './components/Layout';
import { useLocation } from './router';
import { Home } from './pages/Home';
import { Organisation } from './pages/Organisation';
import { Indicators } from './pages/Indicators';
import { Data } from './pages/Data';
import { SignIn } from './pages/SignIn';
import { IndicatorFunnel } from './pages/IndicatorFunnel';
import { TierRules } from './pages/TierRules';
import { Account } from './pages/Account';
import { Admin } from './pages/Admin';
import { SessionProvider } from './session';

function Page({ url }: { url: URL }) {
  const org = /^\/organisations\/([^/]+)$/.exec(url.pathname);
  if (org) return <Organisation code={decodeURIComponent(org[1])} at={url.searchParams.get('at')} />;
  if (url.pathname === '/indicators') return <Indicators />;
  const ind = /^\/indicators\/([a-z0-9_]+)$/.exec(url.pathname);
  if (ind)
    return (
      <IndicatorFunnel
        code={ind[1]!}
        area={url.searchParams.get('area')}
        period={url.searchParams.get('period')}
      />
    );
  if (url.pathname === '/tiers/rules') return <TierRules />;
  if (url.pathname === '/data') return <Data />;
  if (url.pathname === '/sign-in') return <SignIn returnTo={url.searchParams.get('returnTo') ?? '/'} />;
  if (url.pathname === '/account') return <Account />;
  if (url.pathname === '/admin') return <Admin />;
  if (url.pathname === '/') return <Home query={url.searchParams.get('q') ?? ''} />;
  return (
    <>
      <h1>Page not found</h1>
      <p className="nhsuk-body">
        There is nothing at {url.pathname}. <a href="/">Go to the search page</a>.
      </p>
    </>
  );
}

export function App() {
  const url = useLocation();
  useEffect(() => {
    document.getElementById('main-content')?.focus({ preventScroll: true });
  }, [url.pathname]);
  return (
    <SessionProvider>
      <Layout>
        <Page url={url} />
      </Layout>
    </SessionProvider>
  );
}
