/** Choosing where to refer: providers side by side (/referral-choice). */
import type { Answer } from '../../api/client';
import { useApi } from '../../api';
import { Panel } from '../../components/Panel';
import { Link } from '../../components/Link';
import { navigate } from '../../router';
import { ScrollTable } from '../../components/ScrollTable';
import { Downloads } from '../../components/Downloads';
import { shown } from '../concerns/counts';

export function ReferralChoice({ service }: { service: string | null }) {
  const data = useApi<Answer<'/api/referral-choice', 'get'>>(
    `/api/referral-choice${service ? `?service=${service}` : ''}`,
  );
  return (
    <>
      <h1>Choosing where to refer</h1>
      <Panel data={data} empty="No providers to compare yet." isEmpty={(d) => d.providers.length === 0}>
        {(d) => (
          <>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="service-choice">
                Service
              </label>
              <select
                id="service-choice"
                className="nhsuk-select"
                value={service ?? ''}
                onChange={(e) =>
                  navigate(`/referral-choice${e.target.value ? `?service=${e.target.value}` : ''}`)
                }
              >
                <option value="">All services</option>
                {d.services.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <p className="nhsuk-body-s">{d.note}</p>
            <Downloads
              href={`/api/referral-choice/export${service ? `?service=${service}` : ''}`}
              what={`these providers side by side${d.service ? ` for ${d.service.label}` : ''}`}
            />
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Provider</th>
                  {d.columns.map((c) => (
                    <th scope="col" key={c.code}>
                      {c.title}
                    </th>
                  ))}
                  <th scope="col">Concerns{d.service ? ` (${d.service.label})` : ''}</th>
                </tr>
              </thead>
              <tbody>
                {d.providers.map((p) => (
                  <tr key={p.provider.code}>
                    <td>
                      <Link href={`/organisations/${p.provider.code}`}>{p.provider.name}</Link>
                    </td>
                    {d.columns.map(({ code: c }) => {
                      const m = p.measures.find((x) => x.code === c);
                      return (
                        <td key={c}>
                          {m ? `${shown(m.value, 1)}%` : '–'}
                          {m?.interval && (
                            <div className="nhsuk-body-s">{`${m.interval.lower.toFixed(1)}–${m.interval.upper.toFixed(1)}%`}</div>
                          )}
                        </td>
                      );
                    })}
                    <td>
                      {shown(p.concerns.total)}
                      {p.concerns.perThousand && (
                        <div className="nhsuk-body-s">
                          {p.concerns.perThousand.value.toFixed(2)} per 1,000 {p.concerns.perThousand.unit} a
                          year
                          {p.concerns.perThousand.lower !== null &&
                            ` (${p.concerns.perThousand.lower.toFixed(2)}–${p.concerns.perThousand.upper!.toFixed(2)})`}
                          {p.concerns.perThousand.unstable && `; ${p.concerns.perThousand.unstable}`}
                        </div>
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
