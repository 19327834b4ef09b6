import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import type { PopulationRow } from '../api';
import { PlotFigure } from './PlotFigure';

const BANDS = ['0-4', '5-14', '15-24', '25-34', '35-44', '45-54', '55-64', '65-74', '75+'];

/** Age/sex pyramid from the latest STAR-PU band counts: men to the left, women to the right. */
export function PopulationPyramid({ rows }: { rows: PopulationRow[] }) {
  const banded = rows.filter((r) => r.scheme === 'starpu9');
  const latest = banded.reduce((m, r) => (r.date > m ? r.date : m), '');
  const data = useMemo(
    () =>
      banded
        .filter((r) => r.date === latest)
        .map((r) => ({
          band: r.ageBand,
          sex: r.sex === 'male' ? 'Men' : 'Women',
          patients: r.sex === 'male' ? -r.patients : r.patients,
        })),
    [banded, latest],
  );
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 480,
      height: 260,
      marginLeft: 56,
      ariaLabel: `Registered patients by age band and sex, ${latest}`,
      x: {
        label: '← men · patients · women →',
        tickFormat: (d: number) => Math.abs(d).toLocaleString('en-GB'),
      },
      y: { domain: [...BANDS].reverse(), label: 'Age' },
      color: { domain: ['Men', 'Women'], range: ['#005eb8', '#ae2573'], legend: true },
      marks: [Plot.barX(data, { x: 'patients', y: 'band', fill: 'sex', tip: true }), Plot.ruleX([0])],
    }),
    [data, latest],
  );
  if (!latest) return null;
  return (
    <PlotFigure
      options={options}
      caption={`Registered patients by age and sex at ${latest} (quarterly list size).`}
    />
  );
}

/** Registered patients over time from every source that counts them. */
export function ListSizeChart({ rows }: { rows: PopulationRow[] }) {
  const totals = rows.filter((r) => r.scheme === 'total' || r.scheme === 'payments_registered');
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 480,
      height: 200,
      marginLeft: 56,
      ariaLabel: 'Registered patients over time',
      y: { grid: true, label: 'patients', zero: true },
      x: { label: null, type: 'utc' },
      marks: [
        Plot.lineY(totals, { x: (r: PopulationRow) => new Date(r.date), y: 'patients', stroke: '#005eb8' }),
        Plot.dot(totals, {
          x: (r: PopulationRow) => new Date(r.date),
          y: 'patients',
          fill: '#005eb8',
          r: 2.5,
          tip: true,
        }),
      ],
    }),
    [totals],
  );
  if (totals.length === 0) return null;
  return (
    <PlotFigure
      options={options}
      caption="Registered patients (quarterly list sizes, the January 2021 count, and the annual payment-file counts)."
    />
  );
}
