/** The Quality Surveillance Group pack (/reports/qsg). */
import { useState } from 'react';
import { Link } from '../../components/Link';
import { useSession } from '../../session';
import { QsgForm, type QsgQuery } from './QsgForm';

export function QsgPack() {
  const { session } = useSession();
  const area = session?.permissions?.['reports.qsg']?.[0] ?? '';
  const today = new Date().toISOString().slice(0, 10);
  const ninety = new Date(Date.now() - 90 * 86_400_000).toISOString().slice(0, 10);
  const [q, setQ] = useState<QsgQuery>({ area, from: ninety, to: today });
  const ready = q.from !== null && q.to !== null && q.to >= q.from;
  const query = new URLSearchParams({
    ...(q.area || area ? { area: q.area || area } : {}),
    from: q.from ?? '',
    to: q.to ?? '',
  });
  return (
    <>
      <h1>Quality Surveillance Group pack</h1>
      <p className="nhsuk-body">
        A report for the local QSG: providers by surveillance status, new signals, overdue responses, serious
        incidents and themes, with charts. Counts are suppressed for sharing (1–7 shown as *, others rounded
        to the nearest 5).
      </p>
      {!session?.user && (
        <p className="nhsuk-body">
          The pack is produced by commissioners and partners.{' '}
          <Link href="/sign-in?returnTo=/reports/qsg">Sign in</Link> to produce it.
        </p>
      )}
      <QsgForm initial={{ area, from: ninety, to: today }} onChange={setQ} />
      {ready && (
        <p className="nhsuk-body">
          <a
            className="nhsuk-button nhsuk-u-margin-right-3"
            href={`/api/reports/qsg?${query}&format=html`}
            target="_blank"
            rel="noreferrer"
          >
            Open the pack (HTML)
          </a>
          <a className="nhsuk-button nhsuk-button--secondary" href={`/api/reports/qsg?${query}&format=pdf`}>
            Download PDF
          </a>
        </p>
      )}
    </>
  );
}
