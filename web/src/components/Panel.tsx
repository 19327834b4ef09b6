import type { ReactNode } from 'react';
import type { Loadable } from '../api';

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
  if (data.state === 'error')
    return (
      <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
        <h2 className="nhsuk-error-summary__title">There is a problem</h2>
        <div className="nhsuk-error-summary__body">
          <p>{data.error.message}</p>
        </div>
      </div>
    );
  if (isEmpty?.(data.data))
    return (
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        {empty}
      </div>
    );
  return <>{children(data.data)}</>;
}
