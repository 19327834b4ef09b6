/** The practice's most similar practices on case mix, and how it compares with them. */
import { useApi } from '../api';
import type { Answer } from '../api/client';
import { Panel } from './Panel';
import { Link, practiceHref } from './Link';
import { ScrollTable } from './ScrollTable';

type PeersAnswer = Answer<'/api/practices/{code}/peers', 'get'>;

const show = (name: string, v: number) =>
  name === 'list_size'
    ? Math.round(v).toLocaleString('en-GB')
    : name === 'imd' || name === 'need'
      ? v.toFixed(2)
      : `${(v * 100).toFixed(0)}%`;
const num = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(0) : v.toPrecision(3));

export function PracticePeers({ code }: { code: string }) {
  const data = useApi<PeersAnswer>(`/api/practices/${code}/peers`);
  return (
    <section aria-labelledby="peers-heading">
      <h2 id="peers-heading">Similar practices</h2>
      <Panel data={data} empty="" isEmpty={(d) => d.peers.length === 0}>
        {(d) => (
          <>
            <p className="nhsuk-body-s">{d.method}.</p>
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
                The 10 nearest on case mix
              </caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Practice</th>
                  <th scope="col">Distance</th>
                  {d.variables.map((v) => (
                    <th scope="col" key={v.name}>
                      {v.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                <tr>
                  <td>
                    <strong>This practice</strong>
                  </td>
                  <td>–</td>
                  {d.variables.map((v) => (
                    <td key={v.name}>{show(v.name, v.value)}</td>
                  ))}
                </tr>
                {d.peers.map((p) => (
                  <tr key={p.code}>
                    <td>
                      <Link href={practiceHref(p.code)}>{p.name}</Link>
                    </td>
                    <td>{p.distance.toFixed(2)}</td>
                    {d.variables.map((v) => (
                      <td key={v.name}>{show(v.name, p.values[v.name])}</td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            {d.comparison.length > 0 && (
              <ScrollTable className="nhsuk-table nhsuk-body-s">
                <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
                  Latest values against these practices
                </caption>
                <thead className="nhsuk-table__head">
                  <tr>
                    <th scope="col">Indicator</th>
                    <th scope="col">Period</th>
                    <th scope="col">This practice</th>
                    <th scope="col">Peers’ median (range)</th>
                    <th scope="col">Peers higher</th>
                  </tr>
                </thead>
                <tbody>
                  {d.comparison.map((c) => (
                    <tr key={c.indicator}>
                      <td>
                        <Link href={`/indicators/${c.indicator}`}>{c.title}</Link>
                      </td>
                      <td>{c.period.slice(0, 7)}</td>
                      <td>
                        {num(c.value)} {c.unit}
                      </td>
                      <td>
                        {num(c.peerMedian)} ({num(c.peerMin)}–{num(c.peerMax)})
                      </td>
                      <td>
                        {c.peersAbove} of {c.peers}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </ScrollTable>
            )}
          </>
        )}
      </Panel>
      {data.state === 'ready' && data.data.peers.length === 0 && (
        <p className="nhsuk-body">{data.data.reason}</p>
      )}
    </section>
  );
}
