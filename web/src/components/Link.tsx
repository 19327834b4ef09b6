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

export { orgHref, practiceHref } from '../addresses';
