import { useEffect, useRef } from 'react';

/** One problem with the form: what to fix, and the field it is about (its id; none for a problem of the whole form). */
export interface FieldError {
  field: string | null;
  text: string;
}

/**
 * The NHS.UK error summary: one message, announced to screen readers; with `signIn`, a link to sign in and come
 * back here (for an answer that needs a signed-in user); with `errors`, a link to each field to fix instead of the
 * message (the link moves the focus to its field); with `autoFocus`, the summary takes the focus when it appears (after a form is sent back).
 */
export function ErrorSummary({
  message,
  signIn = false,
  errors = [],
  autoFocus = false,
}: {
  message: string | null;
  signIn?: boolean;
  errors?: FieldError[];
  autoFocus?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (autoFocus && message) ref.current?.focus();
    // (a parent that wants the focus back for the same message again gives the summary a new key)
  }, [autoFocus, message]);
  if (!message) return null;
  const here = typeof window === 'undefined' ? '/' : `${window.location.pathname}${window.location.search}`;
  return (
    <div className="nhsuk-error-summary" role="alert" tabIndex={-1} ref={ref}>
      <h2 className="nhsuk-error-summary__title">There is a problem</h2>
      <div className="nhsuk-error-summary__body">
        {errors.length === 0 && <p>{message}</p>}
        {errors.length > 0 && (
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {errors.map((e) => (
              <li key={`${e.field}:${e.text}`}>
                {e.field === null ? (
                  e.text
                ) : (
                  <a
                    href={`#${e.field}`}
                    onClick={(ev) => {
                      // to the field itself, without a new address (the router's address is the page)
                      ev.preventDefault();
                      document.getElementById(e.field!)?.focus();
                    }}
                  >
                    {e.text}
                  </a>
                )}
              </li>
            ))}
          </ul>
        )}
        {signIn && (
          <p>
            <a href={`/sign-in?returnTo=${encodeURIComponent(here)}`}>Sign in</a>
          </p>
        )}
      </div>
    </div>
  );
}
