/** A GP practice's page (`/practices/:code`): its place and indicators, with the panels about a practice. */
import { AccessContinuityLink } from '../../components/AccessContinuityLink';
import { PracticeReportLinks } from '../../components/MeetingReports';
import { OrganisationShell } from '../../components/organisation/OrganisationShell';
import { PatientVoice } from '../../components/PatientVoice';
import { PracticeContext } from '../../components/PracticeContext';
import { PracticeCusum } from '../../components/PracticeCusum';
import { PracticePeers } from '../../components/PracticePeers';
import { PracticeSpc } from '../../components/PracticeSpc';
import { PracticeSpine } from '../../components/PracticeSpine';
import { PracticeWorkforce } from '../../components/PracticeWorkforce';
import { PracticeTierPanel } from '../../components/Tiers';
import { DocumentsLink } from '../areas/DocumentsLink';
import { PracticeImprovementPanel } from '../improvement/PracticeImprovementPanel';
import { ProactiveCareLink } from './ProactiveCareLinks';

export function PracticePage({ code }: { code: string }) {
  return (
    <OrganisationShell code={code} types={['practice']}>
      {(page) => (
        <>
          <ProactiveCareLink code={code} />
          {
            // the practice shares the documents of its sub-ICB and of the ICB above it
            page.parents
              .filter((p) => ['sub_icb', 'icb'].includes(p.type) && p.relationship !== 'sub_icb_successor')
              .map((p) => (
                <DocumentsLink key={p.code} area={p.code} />
              ))
          }
          <PracticeTierPanel code={code} />
          <PracticeReportLinks code={code} />
          <PracticeSpine code={code} />
          <PracticeContext code={code} />
          <AccessContinuityLink code={code} />
          <PracticeImprovementPanel code={code} />
          <PracticeSpc code={code} />
          <PracticeCusum code={code} />
          <PracticePeers code={code} />
          <PatientVoice kind="practice" code={code} />
          <PracticeWorkforce code={code} />
        </>
      )}
    </OrganisationShell>
  );
}
