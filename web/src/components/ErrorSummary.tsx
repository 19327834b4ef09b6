/**
 * The NHS.UK error summary: one message, announced to screen readers; with `signIn`, a link to sign in and come
 * back here (for an answer that needs a signed-in user).
 */
export function ErrorSummary({ message, signIn = false }: { message: string | null; signIn?: boolean }) {
  if (!message) return null;
  const here = typeof window === 'undefined' ? '/' : `${window.location.pathname}${window.location.search}`;
  return (
    <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
      <h2 className="nhsuk-error-summary__title">There is a problem</h2>
      <div className="nhsuk-error-summary__body">
        <p>{message}</p>
        {signIn && (
          <p>
            <a href={`/sign-in?returnTo=${encodeURIComponent(here)}`}>Sign in</a>
          </p>
        )}
      </div>
    </div>
  );
}
