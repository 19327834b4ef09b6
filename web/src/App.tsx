import { useEffect } from 'react';
import { Layout } from './components/Layout';
import { useLocation } from './router';
import { Home } from './pages/Home';
import { Organisation } from './pages/Organisation';
import { Indicators } from './pages/Indicators';
import { Data } from './pages/Data';

function Page({ url }: { url: URL }) {
  const org = /^\/organisations\/([^/]+)$/.exec(url.pathname);
  if (org) return <Organisation code={decodeURIComponent(org[1])} at={url.searchParams.get('at')} />;
  if (url.pathname === '/indicators') return <Indicators />;
  if (url.pathname === '/data') return <Data />;
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
    <Layout>
      <Page url={url} />
    </Layout>
  );
}
