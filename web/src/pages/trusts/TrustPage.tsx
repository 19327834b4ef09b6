/** An NHS trust's page (`/trusts/:code`): its place and indicators, its scorecard and what patients said. */
import { OrganisationShell } from '../../components/organisation/OrganisationShell';
import { PatientVoice } from '../../components/PatientVoice';
import { ProviderScorecard } from './ProviderScorecard';

export function TrustPage({ code }: { code: string }) {
  return (
    <OrganisationShell code={code} types={['trust']}>
      {(page) => (
        <>
          <ProviderScorecard code={code} name={page.organisation.name} />
          {/* the counts are on the scorecard above: here the records and the form */}
          <PatientVoice kind="provider" code={code} showCounts={false} />
        </>
      )}
    </OrganisationShell>
  );
}
