/**
 * The page of an organisation of a type without a page of its own (regions, area teams, PCNs, trust sites, other
 * providers, other prescribing settings): its place, members and indicators, and the panels that fit its type.
 */
import type { OrgType } from '../../../../src/domain/organisations';
import { OrganisationShell } from '../../components/organisation/OrganisationShell';
import { PatientVoice } from '../../components/PatientVoice';
import { ProviderScorecard } from '../trusts/ProviderScorecard';

export function OrganisationPage({ code, type }: { code: string; type: OrgType }) {
  return (
    <OrganisationShell code={code} types={[type]}>
      {(page) => (
        <>
          {type === 'provider' && <ProviderScorecard code={code} name={page.organisation.name} />}
          {type === 'trust_site' && <PatientVoice kind="provider" code={code} showCounts={false} />}
        </>
      )}
    </OrganisationShell>
  );
}
