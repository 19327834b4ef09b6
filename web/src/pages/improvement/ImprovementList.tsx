/** The improvement cases (/improvement). */
import { useApi } from '../../api';
import { Link } from '../../components/Link';
import { Panel } from '../../components/Panel';
import type { CaseList } from './cases';
import { CaseTable } from './CaseTable';

export function ImprovementList({ overdue, all }: { overdue: boolean; all: boolean }) {
  const data = useApi<CaseList>(`/api/improvement?overdue=${overdue}&state=${all ? 'all' : 'open'}`);
  return (
    <>
      <h1>Improvement cases</h1>
      <p className="nhsuk-body">
        The supportive process with practices whose results differ from what would be expected: the data are
        shared, the practice replies, then peer review, a buddy, an agreed support plan and, if needed,
        escalation to NHS England. A case is about a practice’s results, never an individual clinician.
      </p>
      <p className="nhsuk-body">
        <Link href="/improvement">Open cases</Link> ·{' '}
        <Link href="/improvement?overdue=true">Reviews overdue</Link> ·{' '}
        <Link href="/improvement?state=all">All cases, closed included</Link>
      </p>
      <Panel
        data={data}
        isEmpty={(d) => d.cases.length === 0}
        empty={
          overdue
            ? 'No review is past its date.'
            : 'No improvement cases yet. A commissioner opens one from a practice’s page by sharing the data.'
        }
      >
        {(d) => <CaseTable cases={d.cases} />}
      </Panel>
    </>
  );
}
