import type { ReactNode } from 'react';
import type { Loadable } from '../api';
import { ErrorSummary } from './ErrorSummary';

/** Every data panel has loading, error, empty and data states. */
export function Panel<T>({
  data,
  empty,
  isEmpty,
  children,
}: {
  data: Loadable<T>;
  empty: ReactNode;
  isEmpty?: (d: T) => boolean;
  children: (d: T) => ReactNode;
}) {
  if (data.state === 'loading')
    return (
      <p className="nhsuk-body" role="status" aria-live="polite">
        Loading…
      </p>
    );
  if (data.state === 'error') return <ErrorSummary message={data.error.message} />;
  if (isEmpty?.(data.data))
    return (
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        {empty}
      </div>
    );
  return <>{children(data.data)}</>;
}
