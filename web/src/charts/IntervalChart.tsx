/**
 * A small dot-and-line chart for the public view: one figure with its 95% interval, beside the England (or median)
 * figure and the area's, on one horizontal scale. Plain SVG with no script, so it prints as drawn; the same facts
 * are written beside it for anyone who does not see it.
 */
const BLUE = '#005eb8';
const GREY = '#4c6272';
const BLACK = '#212b32';
const WIDTH = 600;
const HEIGHT = 80;
const PAD = 28;

/** A figure as people read it: a percentage with one decimal place, other values to at most 3 significant digits. */
export function formatFigure(v: number | null, unit: string): string {
  if (v === null) return 'not available';
  if (unit === '%')
    return `${v.toLocaleString('en-GB', { maximumFractionDigits: 1, minimumFractionDigits: 1 })}%`;
  const n =
    Math.abs(v) >= 100
      ? v.toLocaleString('en-GB', { maximumFractionDigits: 0 })
      : v.toLocaleString('en-GB', { maximumSignificantDigits: 3 });
  return unit.startsWith('£') ? `£${n}${unit.slice(1)}` : `${n} ${unit}`;
}

export function IntervalChart({
  label,
  unit,
  value,
  interval,
  comparator,
  area,
}: {
  /** what the dot is, e.g. "This practice" */
  label: string;
  unit: string;
  value: number;
  interval: { lower: number; upper: number } | null;
  comparator: { label: string; value: number } | null;
  area: { label: string; value: number } | null;
}) {
  const xs = [value, interval?.lower, interval?.upper, comparator?.value, area?.value].filter(
    (x): x is number => typeof x === 'number' && Number.isFinite(x),
  );
  let lo = Math.min(...xs);
  let hi = Math.max(...xs);
  const span = hi - lo || Math.abs(hi) || 1;
  lo -= span * 0.15;
  hi += span * 0.15;
  if (unit === '%') {
    lo = Math.max(0, lo);
    hi = Math.min(100, hi);
  } else if (Math.min(...xs) >= 0) lo = Math.max(0, lo);
  const x = (v: number) => PAD + ((v - lo) / (hi - lo || 1)) * (WIDTH - 2 * PAD);
  const y = 30;
  const described = [
    `${label}: ${formatFigure(value, unit)}`,
    interval
      ? `95% interval ${formatFigure(interval.lower, unit)} to ${formatFigure(interval.upper, unit)}`
      : 'no interval',
    comparator ? `${comparator.label}: ${formatFigure(comparator.value, unit)}` : null,
    area ? `${area.label}: ${formatFigure(area.value, unit)}` : null,
  ]
    .filter(Boolean)
    .join('; ');
  return (
    <figure className="lantern-interval-chart">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={`Chart. ${described}.`}>
        <line x1={PAD} x2={WIDTH - PAD} y1={y} y2={y} stroke="#d8dde0" strokeWidth={2} />
        {comparator && (
          <line
            x1={x(comparator.value)}
            x2={x(comparator.value)}
            y1={8}
            y2={52}
            stroke={BLACK}
            strokeWidth={3}
          />
        )}
        {area && (
          <path
            d={`M ${x(area.value)} ${y - 9} l 9 9 l -9 9 l -9 -9 z`}
            fill="#ffffff"
            stroke={GREY}
            strokeWidth={2}
          />
        )}
        {interval && (
          <line
            x1={x(interval.lower)}
            x2={x(interval.upper)}
            y1={y}
            y2={y}
            stroke={BLUE}
            strokeWidth={6}
            strokeLinecap="round"
          />
        )}
        <circle cx={x(value)} cy={y} r={8} fill={BLUE} stroke="#ffffff" strokeWidth={2} />
        <text x={PAD} y={HEIGHT - 2} fontSize={20} fill={GREY}>
          {formatFigure(lo, unit)}
        </text>
        <text x={WIDTH - PAD} y={HEIGHT - 2} fontSize={20} fill={GREY} textAnchor="end">
          {formatFigure(hi, unit)}
        </text>
      </svg>
      <figcaption className="nhsuk-body-s lantern-interval-legend">
        <span>
          <span className="lantern-key lantern-key--dot" aria-hidden="true" /> {label}
          {interval ? ' (the line is its 95% interval)' : ''}
        </span>
        {comparator && (
          <span>
            <span className="lantern-key lantern-key--bar" aria-hidden="true" /> {comparator.label}
          </span>
        )}
        {area && (
          <span>
            <span className="lantern-key lantern-key--diamond" aria-hidden="true" /> {area.label}
          </span>
        )}
      </figcaption>
    </figure>
  );
}
