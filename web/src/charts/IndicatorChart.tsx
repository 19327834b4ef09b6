import { useMemo } from 'react';
import * as Plot from '@observablehq/plot';
import type { IndicatorSeries } from '../api';
import { PlotFigure } from './PlotFigure';
import { Details } from '../components/Details';
import { ScrollTable } from '../components/ScrollTable';

const NHS_BLUE = '#005eb8';
const GREY = '#4c6272';
const ORANGE = '#ed8b00';

const fmt = (v: number | null) =>
  v === null
    ? '–'
    : Math.abs(v) >= 100
      ? v.toLocaleString('en-GB', { maximumFractionDigits: 1 })
      : v.toLocaleString('en-GB', { maximumSignificantDigits: 4 });

export function periodLabel(start: string, end: string): string {
  const s = new Date(start);
  const e = new Date(end);
  const months = (e.getUTCFullYear() - s.getUTCFullYear()) * 12 + e.getUTCMonth() - s.getUTCMonth() + 1;
  if (months === 1)
    return s.toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
  if (months === 12 && s.getUTCMonth() === 3)
    return `${s.getUTCFullYear()}-${String((s.getUTCFullYear() + 1) % 100).padStart(2, '0')}`;
  if (months === 12 && s.getUTCMonth() === 0) return String(s.getUTCFullYear());
  return `${start} to ${end}`;
}

/** One indicator over time: the organisation, its CCG as it was then, and England, with a data table beneath. */
export function IndicatorChart({ series, orgName }: { series: IndicatorSeries; orgName: string }) {
  const def = series.definition;
  const points = series.points;
  const england = series.englandLabel ?? 'England';
  // a value that cannot be right as published is in the table with its reason, not drawn as if it were a figure
  const flagged = points.filter((p) => p.qualityIssue);
  const rows = useMemo(
    () =>
      points.flatMap((p) => {
        const date = new Date(p.periodStart);
        return [
          { date, series: orgName, value: p.qualityIssue ? null : p.value },
          { date, series: 'CCG (as it was then)', value: p.ccgValue },
          { date, series: england, value: p.englandValue },
        ].filter((r) => r.value !== null);
      }),
    [points, orgName, england],
  );
  const single = points.length === 1;
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 560,
      height: 240,
      marginLeft: 56,
      ariaLabel: `${def?.title ?? points[0]?.indicatorCode}: ${orgName} against its CCG and ${england}`,
      ariaDescription: `${points.length} periods from ${points[0] ? periodLabel(points[0].periodStart, points[0].periodEnd) : ''}`,
      y: { grid: true, label: def?.unit ?? null, nice: true },
      x: { label: null, type: single ? 'band' : 'utc' },
      color: { domain: [orgName, 'CCG (as it was then)', england], range: [NHS_BLUE, GREY, ORANGE] },
      marks: single
        ? [Plot.barY(rows, { x: 'series', y: 'value', fill: 'series', tip: true }), Plot.ruleY([0])]
        : [
            Plot.lineY(
              rows.filter((r) => r.series !== orgName),
              { x: 'date', y: 'value', stroke: 'series', strokeDasharray: '4,3', strokeWidth: 1.5 },
            ),
            Plot.lineY(
              rows.filter((r) => r.series === orgName),
              { x: 'date', y: 'value', stroke: 'series', strokeWidth: 2.5 },
            ),
            Plot.dot(
              rows.filter((r) => r.series === orgName),
              { x: 'date', y: 'value', fill: 'series', r: 2.5, tip: true },
            ),
          ],
    }),
    [rows, def, orgName, points, single, england],
  );
  const last = points[points.length - 1];
  // a suppressed figure is shown as *, never as its raw value (which the server did not send)
  const cell = (v: number | null) => (v === null && series.suppression ? '*' : fmt(v));
  return (
    <section className="lantern-card" aria-labelledby={`ind-${points[0]?.indicatorCode}`}>
      <h3 className="nhsuk-heading-s" id={`ind-${points[0]?.indicatorCode}`}>
        {def?.title ?? points[0]?.indicatorCode}
      </h3>
      <p className="lantern-meta">
        {def
          ? `${def.direction === 'higher_better' ? 'Higher is better' : def.direction === 'lower_better' ? 'Lower is better' : 'Neither higher nor lower is better in itself'} · ${def.unit}`
          : ''}
      </p>
      {series.suppression && <p className="lantern-meta">{series.suppression} * means 1 to 7.</p>}
      {flagged.length > 0 && (
        <p className="lantern-meta" data-quality-issue="">
          <strong>
            {flagged.length === 1 ? 'One value cannot' : `${flagged.length} values cannot`} be right as
            published
          </strong>{' '}
          ({[...new Set(flagged.map((p) => p.qualityIssue))].join('; ')}): kept in the table, left out of the
          chart and of every comparison.
        </p>
      )}
      <div className="lantern-legend" aria-hidden="true">
        <span style={{ ['--swatch' as string]: NHS_BLUE }}>{orgName}</span>
        {points.some((p) => p.ccgValue !== null) && (
          <span className="dashed" style={{ ['--swatch' as string]: GREY }}>
            CCG (as it was then)
          </span>
        )}
        {points.some((p) => p.englandValue !== null) && (
          <span className="dashed" style={{ ['--swatch' as string]: ORANGE }}>
            {england}
            {last?.englandStatistic === 'median' ? ' (median)' : ''}
          </span>
        )}
      </div>
      <PlotFigure options={options} />
      <Details summary="Figures, source and how to read this" className="nhsuk-u-margin-bottom-2">
        {def && <p className="nhsuk-body-s">{def.howToRead}</p>}
        <ScrollTable className="nhsuk-table nhsuk-body-s">
          <caption className="nhsuk-u-visually-hidden">{def?.title} by period</caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Numerator</th>
              <th scope="col">Denominator</th>
              <th scope="col">Value</th>
              <th scope="col">CCG</th>
              <th scope="col">{england}</th>
            </tr>
          </thead>
          <tbody>
            {points.map((p) => (
              <tr key={p.periodStart + p.periodEnd}>
                <th scope="row">{periodLabel(p.periodStart, p.periodEnd)}</th>
                <td>{cell(p.numerator)}</td>
                <td>{cell(p.denominator)}</td>
                <td>
                  {cell(p.value)}
                  {p.valueLabel ? ` (${p.valueLabel})` : ''}
                  {p.qualityIssue && (
                    <strong className="nhsuk-u-display-block" title={p.qualityIssue}>
                      Cannot be right as published
                    </strong>
                  )}
                </td>
                <td>{fmt(p.ccgValue)}</td>
                <td>{fmt(p.englandValue)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
        {last && (
          <p className="nhsuk-body-s">
            Source: {def?.source}. Latest figure from <code>{last.sourceFile}</code>, load {last.loadId} on{' '}
            {new Date(last.loadedAt).toLocaleDateString('en-GB')}, definition version {last.definitionVersion}
            .
          </p>
        )}
      </Details>
    </section>
  );
}
