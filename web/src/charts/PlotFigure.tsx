import { useEffect, useRef } from 'react';
import * as Plot from '@observablehq/plot';

/** Render an Observable Plot chart into a figure, re-rendering when its options change. */
export function PlotFigure({ options, caption }: { options: Plot.PlotOptions; caption?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = Plot.plot(options);
    // Plot labels its inner groups with aria-label, which ARIA does not allow on a plain <g>: the chart is one
    // image, described by its own label (and the table of figures beside it)
    const svgs = chart.tagName.toLowerCase() === 'svg' ? [chart] : [...chart.querySelectorAll('svg')];
    for (const svg of svgs) {
      svg.querySelectorAll('g[aria-label]').forEach((g) => g.removeAttribute('aria-label'));
      svg.querySelectorAll('g[aria-description]').forEach((g) => g.removeAttribute('aria-description'));
      if (svg.getAttribute('aria-label')) svg.setAttribute('role', 'img');
      else svg.setAttribute('aria-hidden', 'true');
    }
    ref.current?.replaceChildren(chart);
    return () => chart.remove();
  }, [options]);
  return (
    <figure className="lantern-chart nhsuk-u-margin-0">
      <div ref={ref} />
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}
