/** The 65-and-overs by eFI band. */
import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import { ScrollTable } from '../../components/ScrollTable';
import { PlotFigure } from '../../charts/PlotFigure';
import { FRAILTY_BANDS } from '../../../../src/population/efi';
import type { ListAnswer } from './patientAnswers';
import { whole, pct } from './patientWords';

/** The 65-and-overs by eFI band: a bar chart, and the same counts as a table. */
export function FrailtyBands({ s }: { s: NonNullable<ListAnswer['summary']> }) {
  const rows = useMemo(() => FRAILTY_BANDS.map((b) => ({ band: b.label, n: s[b.band] })), [s]);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 460,
      height: 170,
      marginLeft: 120,
      marginRight: 56,
      x: { label: 'Patients aged 65 and over →', grid: true },
      y: { label: null, domain: rows.map((r) => r.band) },
      ariaLabel: `Patients aged 65 and over by frailty: ${rows.map((r) => `${r.band} ${r.n}`).join(', ')}`,
      marks: [
        Plot.barX(rows, { x: 'n', y: 'band', fill: '#005eb8' }),
        Plot.text(rows, {
          x: 'n',
          y: 'band',
          text: (r: (typeof rows)[number]) => whole(r.n),
          dx: 4,
          textAnchor: 'start',
        }),
        Plot.ruleX([0]),
      ],
    }),
    [rows],
  );
  return (
    <div>
      <h3 className="nhsuk-heading-s">Frailty of patients aged 65 and over (eFI)</h3>
      <PlotFigure
        options={options}
        caption={`${FRAILTY_BANDS.map((b) => `${b.label}: eFI ${b.score}`).join('; ')} (Clegg et al., Age Ageing 2016).`}
      />
      <ScrollTable className="nhsuk-table nhsuk-body-s lantern-compact" data-frailty="true">
        <caption className="nhsuk-u-visually-hidden">Patients aged 65 and over by frailty band</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Band</th>
            <th scope="col">Patients</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.band}>
              <th scope="row">{r.band}</th>
              <td>{whole(r.n)}</td>
              <td>{pct(r.n, s.aged65)}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </div>
  );
}
