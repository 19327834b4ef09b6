import type { ReactNode } from 'react';
import { onLinkClick } from '../router';

export function Link({
  href,
  children,
  className,
}: {
  href: string;
  children: ReactNode;
  className?: string;
}) {
  return (
    <a href={href} onClick={onLinkClick} className={className}>
      {children}
    </a>
  );
}

export const orgHref = (code: string, at?: string) =>
  `/organisations/${encodeURIComponent(code)}${at ? `?at=${at}` : ''}`;
