/**
 * A commissioning area's page: an ICB (`/icbs/:code`) or a CCG / sub-ICB location (`/ccgs/:code`). Its place and
 * indicators, with the panels a commissioner uses for the area's practices.
 */
import { CommitteePackLinks } from '../../components/MeetingReports';
import { OrganisationShell } from '../../components/organisation/OrganisationShell';
import { PracticeGroups } from '../../components/PracticeGroups';
import { AreaWorkforce } from '../../components/PracticeWorkforce';
import { AreaTiersPanel } from '../../components/Tiers';
import { DocumentsLink } from '../areas/DocumentsLink';
import { AreaProactiveCare } from '../practices/ProactiveCareLinks';

export function AreaPage({ code, type }: { code: string; type: 'icb' | 'sub_icb' }) {
  return (
    <OrganisationShell code={code} types={[type]}>
      {() => (
        <>
          <AreaProactiveCare code={code} />
          <DocumentsLink area={code} />
          <AreaTiersPanel code={code} />
          <CommitteePackLinks code={code} />
          <PracticeGroups code={code} />
          <AreaWorkforce code={code} />
        </>
      )}
    </OrganisationShell>
  );
}
