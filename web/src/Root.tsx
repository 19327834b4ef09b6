/** What every page sits in: who is signed in, the NHS.UK header and footer, the page's title, and focus on arrival. */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { Outlet, useRouterState } from '@tanstack/react-router';
import { Layout } from './components/Layout';
import { wasReplaced } from './router';
import { SessionProvider } from './session';
import { pageTitle } from './title';

export function Root() {
  const pathname = useRouterState({ select: (s) => s.location.pathname });
  const title = useRouterState({
    select: (s) => s.matches.at(-1)?.staticData.title ?? (s.matches.length > 1 ? null : 'Page not found'),
  });
  // before the page's own effects, which may name it more closely (usePageTitle)
  useLayoutEffect(() => {
    if (title) document.title = pageTitle(title);
  }, [pathname, title]);
  const first = useRef(true);
  useEffect(() => {
    // after navigating within the app, focus moves to the new page's content (for screen readers); on the first load
    // it stays at the top of the document, so that the first Tab reaches the skip link. A redirect (the address
    // replaced, e.g. /organisations/X by /practices/X) is the same page arriving, and leaves focus where it was.
    if (first.current) {
      first.current = false;
      return;
    }
    if (wasReplaced()) return;
    document.getElementById('main-content')?.focus({ preventScroll: true });
  }, [pathname]);
  return (
    <SessionProvider>
      <Layout>
        <Outlet />
      </Layout>
    </SessionProvider>
  );
}
