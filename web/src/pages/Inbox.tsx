/** The alerts inbox: tier changes and new 99.8% limit crossings for the practices you cover. */
import { useState } from 'react';
import { send, useApi, type ApiError } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { Link, orgHref } from '../components/Link';
import { Panel } from '../components/Panel';
import type { InboxAlert } from '../../../src/alerts/service';
import { ScrollTable } from '../components/ScrollTable';

const KIND: Record<string, string> = {
  tier_change: 'Tier changed',
  limit_crossed: 'Beyond a 99.8% limit',
  cusum: 'Sustained shift (CUSUM)',
};

export function Inbox() {
  const [version, setVersion] = useState(0);
  const [error, setError] = useState<string | null>(null);
  const data = useApi<{ unread: number; alerts: InboxAlert[] }>(`/api/alerts?v=${version}`);
  const markRead = async (ids: number[]) => {
    setError(null);
    try {
      await send('POST', '/api/alerts/read', { ids });
      setVersion((v) => v + 1);
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  return (
    <>
      <h1>Inbox</h1>
      <p className="nhsuk-body">
        Alerts for the practices you cover: a practice’s tier changed, or its latest value of an indicator is
        beyond a 99.8% limit that the period before was not. They are raised each time results are computed
        after a load (<code>lantern compute</code>).
      </p>
      <ErrorSummary message={error} />
      <Panel
        data={data}
        isEmpty={(d) => d.alerts.length === 0}
        empty="No alerts. They appear here after results are computed and a practice’s tier changes or a value crosses a 99.8% limit."
      >
        {(d) => (
          <>
            <p className="nhsuk-body">
              {d.unread} unread of {d.alerts.length}.{' '}
              {d.unread > 0 && (
                <button
                  type="button"
                  className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                  onClick={() => void markRead(d.alerts.filter((a) => !a.read).map((a) => a.id))}
                >
                  Mark all as read
                </button>
              )}
            </p>
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Raised</th>
                  <th scope="col">Alert</th>
                  <th scope="col">What</th>
                  <th scope="col">
                    <span className="nhsuk-u-visually-hidden">Action</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.alerts.map((a) => (
                  <tr key={a.id} className={a.read ? undefined : 'lantern-unread'}>
                    <td>{a.createdAt.slice(0, 10)}</td>
                    <td>{a.read ? KIND[a.kind] : <strong>{KIND[a.kind]} (unread)</strong>}</td>
                    <td>
                      <Link href={orgHref(a.practiceCode)}>{a.message}</Link>
                    </td>
                    <td>
                      {!a.read && (
                        <button
                          type="button"
                          className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
                          onClick={() => void markRead([a.id])}
                        >
                          Mark read<span className="nhsuk-u-visually-hidden">: {a.message}</span>
                        </button>
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
