/** Signals in concerns about providers: clusters, months above the control limit, sustained rises. */
import type { Answer } from '../../api/client';
import { Link } from '../../components/Link';
import { ScrollTable } from '../../components/ScrollTable';
import { shown } from './counts';

/** A signal as the provider-signals route answers it; the themes route adds each signal's provider name. */
export type Signal = Answer<'/api/providers/{code}/signals', 'get'>['signals'][number] &
  Partial<Pick<Answer<'/api/concerns/themes', 'get'>['signals'][number], 'providerName'>>;

const METHOD: Record<string, string> = {
  cluster: 'Cluster',
  spc: 'Above the control limit',
  cusum: 'Sustained rise (CUSUM)',
};

export function SignalsTable({ signals, showProvider }: { signals: Signal[]; showProvider?: boolean }) {
  if (signals.length === 0)
    return <p className="nhsuk-body">No signals: nothing rose beyond what chance would explain.</p>;
  return (
    <ScrollTable className="nhsuk-table nhsuk-body-s">
      <thead className="nhsuk-table__head">
        <tr>
          {showProvider && <th scope="col">Provider</th>}
          <th scope="col">Signal</th>
          <th scope="col">What</th>
          <th scope="col">False-alarm rate</th>
          <th scope="col">Concerns behind it</th>
        </tr>
      </thead>
      <tbody>
        {signals.map((s, i) => (
          <tr key={i} data-method={s.method}>
            {showProvider && (
              <td>
                <Link href={`/organisations/${s.providerCode}`}>{s.providerName ?? s.providerCode}</Link>
              </td>
            )}
            <td>{METHOD[s.method]}</td>
            <td>{s.summary}</td>
            <td>{s.falseAlarm}</td>
            <td>
              {s.concernIds.length === 0
                ? `${shown(s.count)} (not yours to open)`
                : s.concernIds.map((id, k) => (
                    <span key={id}>
                      {k > 0 && ', '}
                      <Link href={`/concerns/${id}`}>#{id}</Link>
                    </span>
                  ))}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
