import { Link } from './Link';

export interface Crumb {
  href: string;
  label: string;
}

/**
 * NHS.UK breadcrumbs for a page below the top level: the pages above it, nearest last (not the page itself). On a
 * small screen NHS.UK's styles show only the back link to the nearest page above.
 */
export function Breadcrumbs({ items, className }: { items: Crumb[]; className?: string }) {
  const nearest = items.at(-1);
  if (!nearest) return null;
  return (
    <nav className={`nhsuk-breadcrumb${className ? ` ${className}` : ''}`} aria-label="Breadcrumb">
      <ol className="nhsuk-breadcrumb__list">
        {items.map((c) => (
          <li className="nhsuk-breadcrumb__list-item" key={c.href}>
            <Link className="nhsuk-breadcrumb__link" href={c.href}>
              {c.label}
            </Link>
          </li>
        ))}
      </ol>
      <Link className="nhsuk-back-link" href={nearest.href}>
        <span className="nhsuk-u-visually-hidden">Back to </span>
        {nearest.label}
      </Link>
    </nav>
  );
}

export const HOME_CRUMB: Crumb = { href: '/', label: 'Home' };
/** the public view's start: the top of its own pages */
export const PUBLIC_CRUMB: Crumb = { href: '/public', label: 'Compare GP practices and hospitals' };
export const INDICATORS_CRUMB: Crumb = { href: '/indicators', label: 'Indicators' };
