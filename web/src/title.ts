/** The browser tab's title: "<Page> – Lantern", one per page (the NHS.UK service manual's page title pattern). */
import { useEffect } from 'react';
import { usePathname } from './router';

export const pageTitle = (title: string) => `${title} – Lantern`;

/**
 * A page whose title depends on its data (an organisation's name) says it here; every other page's title comes from
 * its route (routes.tsx), set before this runs on each navigation.
 */
export function usePageTitle(title: string | null) {
  const pathname = usePathname();
  useEffect(() => {
    if (title) document.title = pageTitle(title);
  }, [title, pathname]);
}
