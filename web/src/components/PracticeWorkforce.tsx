/** Workforce resilience: a practice's staff over time with its flags in words, and an area's practices in a table. */
import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { useApi } from '../api';
import type { Answer } from '../api/client';
import { Panel } from './Panel';
import { Link, practiceHref } from './Link';
import { ScrollTable } from './ScrollTable';
import { Details } from './Details';
import { PlotFigure } from '../charts/PlotFigure';

type Year = PracticeAnswer['years'][number];
type About = Pick<PracticeAnswer, 'source' | 'clinicianFte' | 'use' | 'limits' | 'staffGroups'>;
type PracticeAnswer = Answer<'/api/practices/{code}/workforce', 'get'>;
type AreaAnswer = Answer<'/api/areas/{code}/workforce', 'get'>;

const n = (v: number | null, d = 1) =>
  v === null ? 'not available' : v.toLocaleString('en-GB', { maximumFractionDigits: d });
const pct = (v: number | null | undefined) =>
  v === null || v === undefined ? '–' : `${v >= 0 ? '+' : '−'}${Math.abs(Math.round(v * 100))}%`;
const FTE_KEY = { gp: 'gpFte', nurse: 'nurseFte', dpc: 'dpcFte' } as const;

function Limits({ about }: { about: About }) {
  return (
    <Details summary="What these figures cannot show">
      <p>{about.use}</p>
      <ul>
        {about.limits.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
      <p>
        Source: {about.source}. Clinician FTE = {about.clinicianFte}.
      </p>
    </Details>
  );
}

function FteChart({ years, groups }: { years: Year[]; groups: About['staffGroups'] }) {
  const data = useMemo(
    () =>
      years.flatMap((y) =>
        groups
          .filter((g) => y[FTE_KEY[g.key]] !== null && !y.notReturned.includes(g.key))
          .map((g) => ({ year: y.year, group: g.label, fte: y[FTE_KEY[g.key]] as number })),
      ),
    [years, groups],
  );
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 520,
      height: 220,
      marginLeft: 48,
      ariaLabel: 'Full-time equivalent staff by group and year',
      color: { legend: true, range: ['#005eb8', '#007f3b', '#330072'] },
      y: { grid: true, label: 'FTE', zero: true },
      // financial years ('2022-23') are labels, not dates
      x: { label: null, type: 'point' },
      marks: [
        Plot.lineY(data, { x: 'year', y: 'fte', stroke: 'group' }),
        Plot.dot(data, { x: 'year', y: 'fte', fill: 'group', r: 3, tip: true }),
      ],
    }),
    [data],
  );
  if (data.length === 0) return null;
  return (
    <PlotFigure
      options={options}
      caption="Full-time equivalent staff by group, financial-year averages (a group not returned that year is left out)."
    />
  );
}

export function PracticeWorkforce({ code }: { code: string }) {
  const data = useApi<PracticeAnswer>(`/api/practices/${code}/workforce`);
  return (
    <section aria-labelledby="workforce-heading">
      <h2 id="workforce-heading">Workforce resilience</h2>
      <Panel
        data={data}
        empty="No workforce figures are loaded for this practice."
        isEmpty={(d) => d.years.length === 0}
      >
        {(d) => (
          <>
            <p className="nhsuk-body-s">Context for commissioners, not tier evidence.</p>
            {d.flags.length === 0 ? (
              <p>None of the resilience rules applies to this practice.</p>
            ) : (
              <ul className="nhsuk-list">
                {d.flags.map((f) => (
                  <li key={f.code}>
                    <strong>{f.title}.</strong> {f.finding}{' '}
                    <span className="nhsuk-body-s">Rule: {f.rule}</span>{' '}
                    <span className="nhsuk-body-s">Caveat: {f.caveat}</span>
                  </li>
                ))}
              </ul>
            )}
            <FteChart years={d.years} groups={d.staffGroups} />
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
                Staff and patients by year
              </caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Year</th>
                  <th scope="col">Patients</th>
                  <th scope="col">GP FTE</th>
                  <th scope="col">Nurse FTE</th>
                  <th scope="col">Direct patient care FTE</th>
                  <th scope="col">Patients per GP FTE</th>
                  <th scope="col">Patients per clinician FTE</th>
                  <th scope="col">Mix (GP / nurse / DPC)</th>
                </tr>
              </thead>
              <tbody>
                {d.years.map((y) => (
                  <tr key={y.year}>
                    <td>{y.year}</td>
                    <td>{n(y.patients, 0)}</td>
                    <td>{y.notReturned.includes('gp') ? 'not returned' : n(y.gpFte, 2)}</td>
                    <td>{y.notReturned.includes('nurse') ? 'not returned' : n(y.nurseFte, 2)}</td>
                    <td>{n(y.dpcFte, 2)}</td>
                    <td>{n(y.patientsPerGpFte, 0)}</td>
                    <td>{n(y.patientsPerClinicianFte, 0)}</td>
                    <td>
                      {y.mix
                        ? [y.mix.gp, y.mix.nurse, y.mix.dpc].map((m) => `${Math.round(m * 100)}%`).join(' / ')
                        : 'not available'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </ScrollTable>
            {d.change && (
              <p className="nhsuk-body-s">
                From {d.change.from} to {d.change.to}: patients {pct(d.change.patients)}, GP FTE{' '}
                {pct(d.change.gpFte)}, clinician FTE {pct(d.change.clinicianFte)}, patients per GP FTE{' '}
                {pct(d.change.patientsPerGpFte)}.
              </p>
            )}
            <Limits about={d} />
          </>
        )}
      </Panel>
    </section>
  );
}

export function AreaWorkforce({ code }: { code: string }) {
  const data = useApi<AreaAnswer>(`/api/areas/${code}/workforce`);
  return (
    <section aria-labelledby="area-workforce-heading">
      <h2 id="area-workforce-heading">Workforce resilience</h2>
      <Panel
        data={data}
        empty="No open practices with workforce figures."
        isEmpty={(d) => d.practices.every((p) => p.latest === null)}
      >
        {(d) => (
          <>
            <p className="nhsuk-body-s">Context for commissioners, not tier evidence.</p>
            <ScrollTable className="nhsuk-table nhsuk-body-s">
              <caption className="nhsuk-table__caption nhsuk-u-font-size-19">
                Each practice&apos;s latest year and its flags
              </caption>
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Practice</th>
                  <th scope="col">Year</th>
                  <th scope="col">GP FTE</th>
                  <th scope="col">Patients per GP FTE</th>
                  <th scope="col">Patients per clinician FTE</th>
                  <th scope="col">Change in GP FTE</th>
                  <th scope="col">Change in patients</th>
                  <th scope="col">Flags</th>
                </tr>
              </thead>
              <tbody>
                {d.practices
                  .filter((p) => p.latest !== null)
                  .map((p) => (
                    <tr key={p.code}>
                      <td>
                        <Link href={practiceHref(p.code)}>{p.name}</Link>
                      </td>
                      <td>{p.latest!.year}</td>
                      <td>{p.latest!.notReturned.includes('gp') ? 'not returned' : n(p.latest!.gpFte, 2)}</td>
                      <td>{n(p.latest!.patientsPerGpFte, 0)}</td>
                      <td>{n(p.latest!.patientsPerClinicianFte, 0)}</td>
                      <td>{pct(p.change?.gpFte)}</td>
                      <td>{pct(p.change?.patients)}</td>
                      <td>{p.flags.length === 0 ? 'none' : p.flags.map((f) => f.title).join('; ')}</td>
                    </tr>
                  ))}
              </tbody>
            </ScrollTable>
            <Limits about={d} />
          </>
        )}
      </Panel>
    </section>
  );
}
