import { useApi } from '../../api';
import type { Answer } from '../../api/client';
import { Link } from '../../components/Link';
import { Panel } from '../../components/Panel';
import { Breadcrumbs, HOME_CRUMB, INDICATORS_CRUMB } from '../../components/Breadcrumbs';
import { ScrollTable } from '../../components/ScrollTable';

type Rules = Answer<'/api/tiers/rules', 'get'>;

const pct = (x: number) => `${Math.round(x * 100)}%`;

/** What the default rules find and miss, from the seeded simulations (npm run bench -- power). */
function HowSure({ p }: { p: Rules['power'] }) {
  return (
    <section aria-labelledby="how-sure">
      <h2 id="how-sure">How sure are these judgements?</h2>
      <p className="nhsuk-body">
        Measured on {p.scenario}. With no practice truly different, none of {p.falseAlarms.areas * 400}{' '}
        practices fell below the line, and {pct(p.falseAlarms.couldDoBetter)} were “could do better” (at most{' '}
        {pct(p.falseAlarms.couldDoBetterNominal)} expected by chance with two indicators). A practice of{' '}
        {p.headline.list.toLocaleString('en-GB')} patients whose rates rose {p.headline.ratio} times on both
        families was below the line {p.headline.months} months later in {pct(p.headline.power)} of{' '}
        {p.headline.trials.toLocaleString('en-GB')} runs.
      </p>
      <div className="lantern-scroll" role="region" aria-label="Power by list size and effect" tabIndex={0}>
        <table className="nhsuk-table nhsuk-body-s">
          <caption className="nhsuk-table__caption nhsuk-u-font-size-16">
            Share of practices found below the line 4 months after their rates rose, by list size and rise
          </caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Patients</th>
              {p.curve.ratios.map((r) => (
                <th scope="col" key={r}>
                  {r}× the rate
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {p.curve.rows.map((row) => (
              <tr key={row.list}>
                <th scope="row">{row.list.toLocaleString('en-GB')}</th>
                {row.power.map((x, i) => (
                  <td key={i}>{pct(x)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="nhsuk-body">
        The rules compare a practice with its peers, so what counts as unusual depends on how much practices
        truly differ once case mix is allowed for. The same rise is found in{' '}
        {p.spread
          .map((s) => `${pct(s.power)} of runs when that lasting spread is ${s.tau * 100}%`)
          .join(', ')}
        . Where practices differ widely (Manchester’s antibiotic prescribing differs by about 28% after
        adjustment), a 1.5-fold rise is within normal variation and is not a tier; the practice’s own charts
        over time (SPC and CUSUM on its page, and inbox alerts) are where a change within a practice shows.
      </p>
    </section>
  );
}

export function TierRules() {
  const data = useApi<Rules>('/api/tiers/rules');
  return (
    <>
      <Breadcrumbs items={[HOME_CRUMB, INDICATORS_CRUMB]} />
      <h1>How tiers are decided</h1>
      <p className="nhsuk-body">
        The indicators that count are chosen with member practices: see{' '}
        <Link href="/indicators/choosing">choosing indicators</Link> (members only).
      </p>
      <Panel data={data} empty="">
        {(d) => (
          <>
            <p className="nhsuk-body">
              The rules below are applied exactly as written (version {d.rules.version}). {d.about}
            </p>
            <ul className="nhsuk-list nhsuk-list--bullet">
              {d.text.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
            <HowSure p={d.power} />
            <h2>Versions</h2>
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Version</th>
                  <th scope="col">Adopted</th>
                  <th scope="col">By</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {d.history.map((h) => (
                  <tr key={h.version}>
                    <td>{h.version}</td>
                    <td>{new Date(h.createdAt).toLocaleString('en-GB')}</td>
                    <td>{h.createdBy}</td>
                    <td>{h.note ?? '–'}</td>
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
