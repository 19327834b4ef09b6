import { Link } from './Link';

export const accessContinuityHref = (code: string) =>
  `/practices/${encodeURIComponent(code)}/access-continuity`;

/** On the practice's page: the way to its access and continuity page. */
export function AccessContinuityLink({ code }: { code: string }) {
  return (
    <section aria-labelledby="access-continuity-heading">
      <h2 id="access-continuity-heading">Access and continuity</h2>
      <p className="nhsuk-body">
        <Link href={accessContinuityHref(code)}>
          The practice’s survey access figures beside continuity of care
        </Link>{' '}
        (continuity from SYNTHETIC appointments), with the other practices of its area.
      </p>
    </section>
  );
}
