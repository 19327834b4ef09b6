import { Link } from './Link';

/** NHS.UK back link: to the page a step of a task started from (the service manual's place for one). */
export function BackLink({ href, children = 'Back' }: { href: string; children?: React.ReactNode }) {
  return (
    <Link className="nhsuk-back-link" href={href}>
      {children}
    </Link>
  );
}
