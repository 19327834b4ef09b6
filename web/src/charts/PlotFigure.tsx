import { useEffect, useRef } from 'react';
import * as Plot from '@observablehq/plot';

/** Render an Observable Plot chart into a figure, re-rendering when its options change. */
export function PlotFigure({ options, caption }: { options: Plot.PlotOptions; caption?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const chart = Plot.plot(options);
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
