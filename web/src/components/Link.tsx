import type { ReactNode } from 'react';
import { onLinkClick } from '../router';

export function Link({
  href,
  children,
  className,
  current = false,
}: {
  href: string;
  children: ReactNode;
  className?: string;
  /** the link to the page being shown (aria-current) */
  current?: boolean;
}) {
  return (
    <a href={href} onClick={onLinkClick} className={className} aria-current={current ? 'page' : undefined}>
      {children}
    </a>
  );
}

export const orgHref = (code: string, at?: string) =>
  `/organisations/${encodeURIComponent(code)}${at ? `?at=${at}` : ''}`;
