import type { ReactNode } from 'react';

/** An NHS.UK details element: a summary line that opens to show the rest (tables behind charts, forms, rules). */
export function Details({
  summary,
  className,
  bodyClassName,
  children,
}: {
  summary: ReactNode;
  className?: string;
  bodyClassName?: string;
  children: ReactNode;
}) {
  return (
    <details className={`nhsuk-details${className ? ` ${className}` : ''}`}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{summary}</span>
      </summary>
      <div className={`nhsuk-details__text${bodyClassName ? ` ${bodyClassName}` : ''}`}>{children}</div>
    </details>
  );
}
