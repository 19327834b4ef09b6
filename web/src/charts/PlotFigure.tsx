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
    const strip = (svg: Element) => {
      svg.querySelectorAll('g[aria-label]').forEach((g) => g.removeAttribute('aria-label'));
      svg.querySelectorAll('g[aria-description]').forEach((g) => g.removeAttribute('aria-description'));
    };
    // pointer tips are drawn later, on hover: strip their labels too
    const observer = new MutationObserver(() => svgs.forEach(strip));
    for (const svg of svgs) {
      strip(svg);
      observer.observe(svg, { childList: true, subtree: true });
      if (svg.getAttribute('aria-label')) svg.setAttribute('role', 'img');
      else svg.setAttribute('aria-hidden', 'true');
    }
    ref.current?.replaceChildren(chart);
    return () => {
      observer.disconnect();
      chart.remove();
    };
  }, [options]);
  return (
    <figure className="lantern-chart nhsuk-u-margin-0">
      <div ref={ref} />
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}
