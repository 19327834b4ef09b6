import type { ReactNode } from 'react';
import { ApiError, type Loadable } from '../api';
import { ErrorSummary } from './ErrorSummary';
import { PanelBoundary } from './PanelBoundary';

/** The empty or data state, drawn inside the boundary so that an error thrown while drawing is caught there. */
function Draw<T>({
  d,
  draw,
  isEmpty,
  empty,
}: {
  d: T;
  draw: (d: T) => ReactNode;
  isEmpty?: (d: T) => boolean;
  empty: ReactNode;
}) {
  if (isEmpty?.(d))
    return (
      <div className="nhsuk-inset-text">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        {empty}
      </div>
    );
  return <>{draw(d)}</>;
}

/** Every data panel has loading, error, empty and data states; an error while drawing the data stays in the panel. */
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
      <ErrorSummary
        message={data.error.message}
        signIn={data.error instanceof ApiError && data.error.status === 401}
      />
    );
  return (
    <PanelBoundary resetKey={data.data}>
      <Draw d={data.data} draw={children} isEmpty={isEmpty} empty={empty} />
    </PanelBoundary>
  );
}
