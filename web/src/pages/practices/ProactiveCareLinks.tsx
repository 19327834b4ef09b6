/** The ways to proactive care from a practice's and an area's pages. */
import { useApi } from '../../api';
import type { Answer } from '../../api/client';
import { Link } from '../../components/Link';
import { useCanAt, useSession } from '../../session';
import { proactiveCareHref } from './patientWords';

/** On a practice's page, for its clinicians: the way to its patient lists. */
export function ProactiveCareLink({ code }: { code: string }) {
  const { can } = useSession();
  if (!can('population.patients', code)) return null;
  return (
    <section aria-labelledby="proactive-care-heading">
      <h2 id="proactive-care-heading">Proactive care</h2>
      <p className="nhsuk-body">
        <Link href={proactiveCareHref(code)}>
          Patients aged 75 and over and those at highest risk of an emergency admission
        </Link>
        : frailty, predicted risk, named GP and care plans, for the practice’s own clinicians. Every view is
        recorded in the audit trail with its purpose.
      </p>
    </section>
  );
}

/**
 * On an area's page, for the area's members: the practices' proactive-care aggregates (counts only, never a patient),
 * each a link to its funnel over the area's practices.
 */
export function AreaProactiveCare({ code }: { code: string }) {
  const catalogue = useApi<Answer<'/api/indicators', 'get'>>('/api/indicators');
  // a grant at the area or above it (an ICB's commissioners on one of its CCGs' pages)
  const members = useCanAt(code)('figures.raw');
  if (!members || catalogue.state !== 'ready') return null;
  const aggregates = catalogue.data.indicators.filter((i) => i.code.startsWith('pop_'));
  if (aggregates.length === 0) return null;
  const synthetic = aggregates.some((i) => /SYNTHETIC/.test(i.source));
  return (
    <section aria-labelledby="area-proactive-care-heading">
      <h2 id="area-proactive-care-heading">Proactive care across the practices</h2>
      <p className="nhsuk-body">
        Each practice’s figures from its patient list{synthetic ? ' (SYNTHETIC patients in this demo)' : ''},
        compared across the practices of {code}. Counts only: the patients themselves are seen by their own
        practice’s clinicians alone.
      </p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {aggregates.map((i) => (
          <li key={i.code}>
            <Link href={`/indicators/${encodeURIComponent(i.code)}?area=${encodeURIComponent(code)}`}>
              {i.title}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
