/** The concerns inbox, with its deadlines and filters (/concerns). */
import type { Answer } from '../../api/client';
import { useApi } from '../../api';
import { Panel } from '../../components/Panel';
import { Link } from '../../components/Link';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { ScrollTable } from '../../components/ScrollTable';
import { Downloads } from '../../components/Downloads';
import { HARM, dateGb } from './labels';

export function ConcernsList({ status, overdue }: { status: string | null; overdue: boolean }) {
  const { can, session } = useSession();
  const params = new URLSearchParams();
  if (status) params.set('status', status);
  if (overdue) params.set('overdue', 'true');
  params.set('limit', '100');
  const data = useApi<Answer<'/api/concerns', 'get'>>(session?.user ? `/api/concerns?${params}` : null);
  if (!session?.user)
    return (
      <>
        <h1>Concerns about providers</h1>
        <p className="nhsuk-body">
          Concerns are shared only with the practices, commissioners and providers involved.{' '}
          <Link href="/sign-in?returnTo=/concerns">Sign in</Link> to see the ones your account covers.
        </p>
      </>
    );
  const filter = (s: string | null, o: boolean) => {
    const p = new URLSearchParams();
    if (s) p.set('status', s);
    if (o) p.set('overdue', 'true');
    navigate(`/concerns${p.size ? `?${p}` : ''}`);
  };
  return (
    <>
      <h1>Concerns about providers</h1>
      <p className="nhsuk-body">
        Concerns GP practices raise about hospital and specialist services. Each is triaged by the
        commissioner, taken up with the provider and tracked against deadlines in working days;{' '}
        <Link href="/concerns/themes">themes and signals</Link> show patterns across cases.
      </p>
      {can('concerns.report') && (
        <p className="nhsuk-body">
          <Link href="/concerns/new" className="nhsuk-button nhsuk-u-margin-bottom-2">
            Report a concern
          </Link>
        </p>
      )}
      {/* the filters side by side, their controls on one line (they wrap below one another on a narrow screen) */}
      <div className="lantern-filters">
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="status-filter">
            Show
          </label>
          <select
            id="status-filter"
            className="nhsuk-select"
            value={status ?? ''}
            onChange={(e) => filter(e.target.value || null, overdue)}
          >
            <option value="">All states</option>
            {Object.entries({
              draft: 'Drafts',
              submitted: 'Submitted',
              triaged: 'Triaged',
              with_provider: 'With the provider',
              provider_responded: 'Provider responded',
              commissioner_review: 'Commissioner review',
              info_requested: 'More information requested',
              closed: 'Closed',
            }).map(([k, v]) => (
              <option key={k} value={k}>
                {v}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <div className="nhsuk-checkboxes">
            <div className="nhsuk-checkboxes__item">
              <input
                className="nhsuk-checkboxes__input"
                id="overdue-filter"
                type="checkbox"
                checked={overdue}
                onChange={(e) => filter(status, e.target.checked)}
              />
              <label className="nhsuk-label nhsuk-checkboxes__label lantern-nowrap" htmlFor="overdue-filter">
                Overdue only
              </label>
            </div>
          </div>
        </div>
      </div>
      <Panel data={data} empty="No concerns here yet." isEmpty={(d) => d.concerns.length === 0}>
        {(d) => (
          <>
            <Downloads
              href={`/api/concerns/export?${params}`}
              what={`the concerns listed here (${status ? `state: ${status}` : 'all states'}${overdue ? ', overdue only' : ''})`}
            />
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
                {d.concerns.length === 100
                  ? 'The 100 most recently updated concerns (filter to narrow them)'
                  : `${d.concerns.length} concerns`}
              </caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Concern</th>
                  <th scope="col">Provider</th>
                  <th scope="col">Category</th>
                  <th scope="col">Harm</th>
                  <th scope="col">State</th>
                  <th scope="col">Next due</th>
                </tr>
              </thead>
              <tbody>
                {d.concerns.map((c) => (
                  <tr key={c.id}>
                    <td>
                      <Link href={`/concerns/${c.id}`}>#{c.id}</Link>{' '}
                      <span className="nhsuk-body-s">{dateGb(c.eventDate)}</span>
                      {c.synthetic && (
                        <span className="nhsuk-tag nhsuk-tag--grey nhsuk-u-margin-left-1">synthetic</span>
                      )}
                    </td>
                    <td>{c.provider.name ?? c.provider.code}</td>
                    <td>{c.category.label}</td>
                    <td>{HARM[c.harm]}</td>
                    <td>{c.statusLabel}</td>
                    <td>
                      {c.overdue ? (
                        <span className="nhsuk-tag nhsuk-tag--red">Overdue</span>
                      ) : c.nextDue ? (
                        dateGb(c.nextDue)
                      ) : (
                        '–'
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
          </>
        )}
      </Panel>
    </>
  );
}
