/** The NHS.UK error summary: one message, announced to screen readers. */
export function ErrorSummary({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
      <h2 className="nhsuk-error-summary__title">There is a problem</h2>
      <div className="nhsuk-error-summary__body">
        <p>{message}</p>
      </div>
    </div>
  );
}
