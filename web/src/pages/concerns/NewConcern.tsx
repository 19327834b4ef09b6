/** Reporting a concern about a provider (/concerns/new). */
import { useApi } from '../../api';
import { Panel } from '../../components/Panel';
import { Link } from '../../components/Link';
import { useSession } from '../../session';
import type { Taxonomy } from './answers';
import { ConcernForm } from './ConcernForm';

export function NewConcern() {
  const { session } = useSession();
  const taxonomy = useApi<Taxonomy>('/api/concerns/taxonomy');
  if (!session?.user)
    return (
      <>
        <h1>Report a concern about a provider</h1>
        <p className="nhsuk-body">
          Concerns are reported by GP practice staff.{' '}
          <Link href="/sign-in?returnTo=/concerns/new">Sign in</Link> with your practice account to report
          one.
        </p>
      </>
    );
  return (
    <>
      <h1>Report a concern about a provider</h1>
      <div className="nhsuk-inset-text">
        <p>
          Not for formal complaints: the patient can contact the provider’s PALS or complaints team directly.
          Submitting a concern does not transfer clinical responsibility; urgent clinical issues stay with the
          practice.
        </p>
        <p>
          Do not include the patient’s name or other identifying details in the description. If the concern is
          about one patient, give their NHS number in its own field: it is kept encrypted and never shown to
          the provider.
        </p>
      </div>
      <Panel data={taxonomy} empty="">
        {(t) => <ConcernForm taxonomy={t} />}
      </Panel>
    </>
  );
}
