/**
 * Links and navigation for the whole UI, on TanStack Router (the route tree is in routes.tsx). Pages and components
 * keep plain `<a href>` links (through components/Link) and `navigate(to)`: the router is bound here once it exists,
 * so that this module does not import the pages.
 */
import { useRouterState, type AnyRouter } from '@tanstack/react-router';

let router: AnyRouter | null = null;
/** whether the latest navigation replaced the address (a redirect) rather than adding to the history */
let replaced = false;

export function bindRouter(r: AnyRouter): void {
  router = r;
}

/** Go to an address within the app; `replace` for a redirect (the address replaced is not kept in the history). */
export function navigate(to: string, opts: { replace?: boolean } = {}): void {
  if (!router) {
    window.location.assign(to);
    return;
  }
  replaced = opts.replace === true;
  void router.navigate({ href: to, replace: opts.replace });
  if (!opts.replace) window.scrollTo(0, 0);
}

/** Whether the navigation just made was a redirect; asked once per navigation (it is reset by asking). */
export function wasReplaced(): boolean {
  const r = replaced;
  replaced = false;
  return r;
}

/** The address's query string, as the hand-written router gave it (every value a string). */
export function useSearchParams(): URLSearchParams {
  const search = useRouterState({ select: (s) => s.location.searchStr });
  return new URLSearchParams(search);
}

export function usePathname(): string {
  return useRouterState({ select: (s) => s.location.pathname });
}

/** Follow same-origin links without a page load (keeps the keyboard behaviour of real links). */
export function onLinkClick(e: React.MouseEvent<HTMLAnchorElement>): void {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = e.currentTarget.getAttribute('href');
  if (!href || !href.startsWith('/') || href.startsWith('/api/')) return;
  e.preventDefault();
  navigate(href);
}
