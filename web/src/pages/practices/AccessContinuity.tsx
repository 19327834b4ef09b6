/**
 * Access beside continuity for a practice and the other practices of its sub-ICB: the GP Patient Survey's access
 * measures (real, as published) against continuity of care measured on SYNTHETIC appointments. The seeds warn that
 * one is bought with the other; the page says plainly that the continuity here cannot show whether it is.
 */
import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { useApi } from '../../api';
import type { Answer } from '../../api/client';
import { PlotFigure } from '../../charts/PlotFigure';
import { Link, practiceHref } from '../../components/Link';
import { Breadcrumbs, HOME_CRUMB } from '../../components/Breadcrumbs';
import { Panel } from '../../components/Panel';
import { ScrollTable } from '../../components/ScrollTable';
import { usePageTitle } from '../../title';

type ContinuityAnswer = Answer<'/api/practices/{code}/access-continuity', 'get'>;
type Row = ContinuityAnswer['rows'][number];

const pct = (v: number | null | undefined) => (v === null || v === undefined ? '–' : `${v.toFixed(1)}%`);
const idx = (v: number | null) => (v === null ? '–' : v.toFixed(2));
const count = (n: number | null) => (n === null ? '*' : n.toLocaleString('en-GB'));

function Scatter({ rows }: { rows: Row[] }) {
  const points = rows.filter((r) => r.slicc?.value != null && r.appointmentGood !== null);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      ariaLabel:
        'Scatter of practices: SYNTHETIC continuity (SLICC, %) across, good experience of making an appointment (%) up; this practice ringed',
      width: 640,
      height: 380,
      marginLeft: 56,
      grid: true,
      x: { label: 'SYNTHETIC continuity: SLICC (%) →', domain: [0, 100] },
      y: { label: '↑ Good experience of making an appointment (%)', domain: [0, 100] },
      marks: [
        Plot.dot(
          points.filter((p) => !p.selected),
          { x: (d: Row) => d.slicc!.value, y: 'appointmentGood', r: 4, fill: '#768692', fillOpacity: 0.7 },
        ),
        Plot.dot(
          points.filter((p) => p.selected),
          {
            x: (d: Row) => d.slicc!.value,
            y: 'appointmentGood',
            r: 7,
            stroke: '#005eb8',
            strokeWidth: 3,
            className: 'lantern-selected-practice',
            fill: '#ffffff',
          },
        ),
        Plot.text(
          points.filter((p) => p.selected),
          { x: (d: Row) => d.slicc!.value, y: 'appointmentGood', text: 'code', dy: -14, fill: '#005eb8' },
        ),
      ],
    }),
    [points],
  );
  if (points.length === 0)
    return (
      <p className="nhsuk-body">
        No practice here has both a survey figure and continuity to plot.{' '}
        {rows.every((r) => r.appointmentGood === null && r.overallGood === null)
          ? 'None of these practices has a GP Patient Survey figure in the data loaded (the sample holds the survey for some areas only): load the survey file that covers them to see access beside continuity.'
          : ''}
      </p>
    );
  return (
    <PlotFigure
      options={options}
      caption={`${points.length} practices with both figures; this practice is ringed. Practices whose continuity is suppressed for you are plotted from rounded counts.`}
    />
  );
}

export function AccessContinuity({ code }: { code: string }) {
  usePageTitle('Access and continuity');
  const data = useApi<ContinuityAnswer>(`/api/practices/${encodeURIComponent(code)}/access-continuity`);
  return (
    <>
      <Breadcrumbs
        items={[
          HOME_CRUMB,
          {
            href: practiceHref(code),
            label: data.state === 'ready' ? data.data.practice.name : `Practice ${code}`,
          },
        ]}
      />
      <h1>Access and continuity</h1>
      <div className="nhsuk-card nhsuk-card--warning" data-synthetic="true">
        <div className="nhsuk-card__content">
          <h2 className="nhsuk-card__heading">
            <span className="nhsuk-u-visually-hidden">Important: </span>Continuity is SYNTHETIC
          </h2>
          <p className="nhsuk-card__description">
            The continuity figures on this page come from SYNTHETIC appointments made by a seeded generator,
            not from any real appointment. The survey figures are real.
          </p>
        </div>
      </div>
      <Panel data={data} isEmpty={(d) => d.rows.length === 0} empty={<>No practices to compare.</>}>
        {(d) => (
          <>
            <p className="nhsuk-lede-text">
              {d.practice.name} ({d.practice.code}) beside the other practices of {d.area ?? 'its area'}.
            </p>
            <p className="nhsuk-body">
              Patients value both getting an appointment and seeing a GP who knows them. The seeds warn that
              one is bought with the other: a practice that offers every patient the first free slot may see
              its continuity fall, and one that keeps patients with their own GP may make them wait.{' '}
              {d.syntheticNote}
            </p>
            {d.suppression && (
              <div className="nhsuk-inset-text">
                <p>{d.suppression}</p>
              </div>
            )}
            <Scatter rows={d.rows} />
            <ScrollTable className="nhsuk-table">
              <caption className="nhsuk-table__caption">
                Access (GP Patient Survey, real) and continuity (SYNTHETIC) of the practices
              </caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Practice</th>
                  <th scope="col">Good experience of making an appointment</th>
                  <th scope="col">Good overall experience</th>
                  <th scope="col">SYNTHETIC SLICC (appointments with own GP)</th>
                  <th scope="col">SYNTHETIC mean UPC</th>
                  <th scope="col">SYNTHETIC mean COC</th>
                </tr>
              </thead>
              <tbody className="nhsuk-table__body">
                {d.rows.map((r) => (
                  <tr key={r.code} className={r.selected ? 'lantern-row-selected' : undefined}>
                    <th scope="row">
                      {r.selected ? (
                        <strong>
                          {r.name} ({r.code}) <span className="nhsuk-u-visually-hidden">(this practice)</span>
                        </strong>
                      ) : (
                        <Link href={practiceHref(r.code)}>
                          {r.name} ({r.code})
                        </Link>
                      )}
                    </th>
                    <td>{pct(r.appointmentGood)}</td>
                    <td>{pct(r.overallGood)}</td>
                    <td>
                      {r.slicc
                        ? `${pct(r.slicc.value)} (${count(r.slicc.numerator)} of ${count(r.slicc.denominator)})`
                        : '–'}
                    </td>
                    <td>{idx(r.upc)}</td>
                    <td>{idx(r.coc)}</td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            <h2>How these are measured</h2>
            <h3>Access: the GP Patient Survey</h3>
            <p className="nhsuk-body">
              {d.access.measures.map((m) => m.title).join('; ')}. Source: {d.access.source}.{' '}
              {d.access.weighting}
            </p>
            <p className="nhsuk-body">Not available here:</p>
            <ul className="nhsuk-list nhsuk-list--bullet">
              {d.access.absent.map((a) => (
                <li key={a}>{a}</li>
              ))}
            </ul>
            <h3>Continuity (SYNTHETIC)</h3>
            <p className="nhsuk-body">
              Patients with {d.continuity.minAppointments} or more GP appointments in the year count. Source:{' '}
              {d.continuity.source}.
            </p>
            <dl className="nhsuk-summary-list">
              {d.continuity.measures.map((m) => (
                <div className="nhsuk-summary-list__row" key={m.code}>
                  <dt className="nhsuk-summary-list__key">{m.title}</dt>
                  <dd className="nhsuk-summary-list__value">{m.howToRead}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </Panel>
    </>
  );
}

/** On a practice's page: the link to the page. */
