/** The alerts inbox: tier changes, new 99.8% limit crossings and CUSUM signals for the practices you cover. */
import { useState } from 'react';
import { invalidateApi, send, useApi, type ApiError } from '../../api';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Link, practiceHref } from '../../components/Link';
import { Panel } from '../../components/Panel';
import { navigate } from '../../router';
import { useSession } from '../../session';
import { ALERT_KIND_LABEL, type AlertKind } from '../../../../src/alerts/kinds';
import type { Answer } from '../../api/client';
import { ScrollTable } from '../../components/ScrollTable';

/** The filter, as it stands in the address (`/inbox?kind=cusum&status=unread&page=2`). */
export interface InboxFilter {
  kind: string;
  practice: string;
  indicator: string;
  status: string;
  page: number;
}

const inboxHref = (f: InboxFilter) => {
  const p = new URLSearchParams();
  for (const k of ['kind', 'practice', 'indicator', 'status'] as const) if (f[k]) p.set(k, f[k]);
  if (f.page > 1) p.set('page', String(f.page));
  return `/inbox${p.size ? `?${p}` : ''}`;
};

type InboxPage = Answer<'/api/alerts', 'get'>;
type InboxAlert = InboxPage['alerts'][number];

export const inboxFilterFrom = (q: URLSearchParams): InboxFilter => ({
  kind: q.get('kind') ?? '',
  practice: q.get('practice') ?? '',
  indicator: q.get('indicator') ?? '',
  status: q.get('status') ?? '',
  page: Math.max(1, Number(q.get('page')) || 1),
});

/** What the filter leaves out, in words: "unread alerts of the kind “Tier changed” for Practice X". */
function describeFilter(f: InboxFilter, d: InboxPage): string {
  const practice = d.choices.practices.find((p) => p.code === f.practice);
  const indicator = d.choices.indicators.find((i) => i.code === f.indicator);
  return [
    f.status === 'unread' ? 'unread alerts' : f.status === 'read' ? 'alerts you have read' : 'alerts',
    f.kind && `of the kind “${ALERT_KIND_LABEL[f.kind as AlertKind] ?? f.kind}”`,
    f.practice && `about ${practice?.name ? `${practice.name} (${f.practice})` : f.practice}`,
    f.indicator && `on ${indicator?.title ?? f.indicator}`,
  ]
    .filter(Boolean)
    .join(' ');
}

const PAGE_SIZE = 50;

export function Inbox({ filter }: { filter: InboxFilter }) {
  const { session } = useSession();
  const [error, setError] = useState<string | null>(null);
  const q = new URLSearchParams();
  for (const k of ['kind', 'practice', 'indicator', 'status'] as const) if (filter[k]) q.set(k, filter[k]);
  q.set('page', String(filter.page));
  q.set('pageSize', String(PAGE_SIZE));
  const data = useApi<InboxPage>(session?.user ? `/api/alerts?${q}` : null);
  const markRead = async (ids: number[]) => {
    setError(null);
    try {
      await send('POST', '/api/alerts/read', { ids });
      await invalidateApi('/api/alerts');
    } catch (e) {
      setError((e as ApiError).message);
    }
  };
  const go = (change: Partial<InboxFilter>) => navigate(inboxHref({ ...filter, page: 1, ...change }));
  const filtered = Boolean(filter.kind || filter.practice || filter.indicator || filter.status);
  return (
    <>
      <h1>Inbox</h1>
      <p className="nhsuk-body">
        Alerts for the practices you cover: a practice’s tier changed, its latest value of an indicator is
        beyond a 99.8% limit that the period before was not, or it shows a sustained shift for the worse
        (CUSUM). They are raised each time results are computed after a load (<code>lantern compute</code>).
      </p>
      {!session?.user ? (
        <p className="nhsuk-body">
          The inbox holds alerts for the practices your account covers.{' '}
          <Link href="/sign-in?returnTo=/inbox">Sign in</Link> to see yours.
        </p>
      ) : (
        <>
          <ErrorSummary message={error} />
          <Panel
            data={data}
            isEmpty={(d) => d.all === 0}
            empty="No alerts. They appear here after results are computed and a practice’s tier changes, a value crosses a 99.8% limit or a CUSUM signals."
          >
            {(d) => (
              <>
                <InboxFilters filter={filter} d={d} go={go} />
                {d.alerts.length === 0 ? (
                  <div className="nhsuk-inset-text">
                    <span className="nhsuk-u-visually-hidden">Information: </span>
                    <p>
                      {d.matching === 0
                        ? `None of the ${d.all} alerts in your inbox are ${describeFilter(filter, d)}.`
                        : `There is no page ${filter.page}: the ${d.matching} ${describeFilter(filter, d)} fit on ${Math.ceil(d.matching / d.pageSize)}.`}{' '}
                      <Link href="/inbox">Show all alerts</Link>
                    </p>
                  </div>
                ) : (
                  <AlertsTable d={d} filter={filter} filtered={filtered} markRead={markRead} />
                )}
              </>
            )}
          </Panel>
        </>
      )}
    </>
  );
}

function InboxFilters({
  filter,
  d,
  go,
}: {
  filter: InboxFilter;
  d: InboxPage;
  go: (change: Partial<InboxFilter>) => void;
}) {
  const select = (
    id: string,
    label: string,
    value: string,
    options: Array<[string, string]>,
    onChange: (v: string) => void,
  ) => (
    <div className="nhsuk-form-group nhsuk-u-margin-right-3" style={{ display: 'inline-block' }}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      <select id={id} className="nhsuk-select" value={value} onChange={(e) => onChange(e.target.value)}>
        {options.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return (
    <div role="group" aria-label="Filter the alerts">
      {select(
        'inbox-kind',
        'Kind of alert',
        filter.kind,
        [
          ['', 'All kinds'],
          ...d.choices.kinds.map((k): [string, string] => [k.kind, `${k.label} (${k.count})`]),
        ],
        (kind) => go({ kind }),
      )}
      {select(
        'inbox-practice',
        'Practice',
        filter.practice,
        [
          ['', 'All practices'],
          ...d.choices.practices.map((p): [string, string] => [
            p.code,
            `${p.name ?? p.code} (${p.code}) — ${p.count}`,
          ]),
        ],
        (practice) => go({ practice }),
      )}
      {select(
        'inbox-indicator',
        'Indicator',
        filter.indicator,
        [
          ['', 'All indicators'],
          ...d.choices.indicators.map((i): [string, string] => [i.code, `${i.title ?? i.code} — ${i.count}`]),
        ],
        (indicator) => go({ indicator }),
      )}
      {select(
        'inbox-status',
        'Read or unread',
        filter.status,
        [
          ['', 'Read and unread'],
          ['unread', `Unread only (${d.unread})`],
          ['read', `Read only (${d.all - d.unread})`],
        ],
        (status) => go({ status }),
      )}
    </div>
  );
}

function AlertsTable({
  d,
  filter,
  filtered,
  markRead,
}: {
  d: InboxPage;
  filter: InboxFilter;
  filtered: boolean;
  markRead: (ids: number[]) => Promise<void>;
}) {
  const pages = Math.ceil(d.matching / d.pageSize);
  const first = (d.page - 1) * d.pageSize + 1;
  const unreadHere = d.alerts.filter((a) => !a.read);
  return (
    <>
      <p className="nhsuk-body" role="status">
        {filtered
          ? `${d.matching} of the ${d.all} alerts in your inbox are ${describeFilter(filter, d)} (${d.matchingUnread} unread). `
          : `${d.all} alerts, ${d.unread} unread. `}
        {pages > 1 && `Showing ${first}–${first + d.alerts.length - 1}. `}
        {filtered && <Link href="/inbox">Show all alerts</Link>}
      </p>
      {unreadHere.length > 0 && (
        <p className="nhsuk-body">
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
            onClick={() => void markRead(unreadHere.map((a) => a.id))}
          >
            Mark the {unreadHere.length} unread on this page as read
          </button>
        </p>
      )}
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
          {d.alerts.map((a: InboxAlert) => {
            const kind = ALERT_KIND_LABEL[a.kind as AlertKind] ?? a.kind;
            return (
              <tr key={a.id} className={a.read ? undefined : 'lantern-unread'}>
                <td>{a.createdAt.slice(0, 10)}</td>
                <td>{a.read ? kind : <strong>{kind} (unread)</strong>}</td>
                <td>
                  <Link
                    href={
                      a.kind === 'action_overdue' && typeof a.details.meetingId === 'number'
                        ? `/meetings/${a.details.meetingId}`
                        : practiceHref(a.practiceCode)
                    }
                  >
                    {a.message}
                  </Link>
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
            );
          })}
        </tbody>
      </ScrollTable>
      {pages > 1 && (
        <nav className="nhsuk-pagination" role="navigation" aria-label="Pages of alerts">
          <ul className="nhsuk-list nhsuk-pagination__list">
            {d.page > 1 && (
              <li className="nhsuk-pagination-item--previous">
                <Link className="nhsuk-pagination__link" href={inboxHref({ ...filter, page: d.page - 1 })}>
                  Previous page ({d.page - 1} of {pages})
                </Link>
              </li>
            )}
            {d.page < pages && (
              <li className="nhsuk-pagination-item--next">
                <Link className="nhsuk-pagination__link" href={inboxHref({ ...filter, page: d.page + 1 })}>
                  Next page ({d.page + 1} of {pages})
                </Link>
              </li>
            )}
          </ul>
        </nav>
      )}
    </>
  );
}
