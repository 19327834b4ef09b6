import { useEffect, useRef } from 'react';
import * as Plot from '@observablehq/plot';

/**
 * Charts far below the fold wait their turn: a page with seventy charts (a practice's indicators over time) draws
 * those near the screen at once and the rest a few at a time between other work, so that its other sections do not
 * wait for charts nobody is looking at yet. Every chart is drawn in the end (and at once if scrolled to).
 */
const waiting: Array<() => void> = [];
let draining = false;
function drainSoon() {
  if (draining) return;
  draining = true;
  const step = () => {
    const t0 = performance.now();
    while (waiting.length && performance.now() - t0 < 30) waiting.shift()!();
    if (waiting.length) setTimeout(step, 0);
    else draining = false;
  };
  setTimeout(step, 0);
}

/** Below this a chart is not made narrower: its axes' ticks and labels need the room. */
const NARROWEST = 280;

/**
 * The chart drawn at the width its figure has when that is less than it asks for (a phone's 343 px for a 900 px
 * funnel), its height shrunk in proportion but no flatter than 3 : 2: scaled down as a picture instead, its text was
 * some 3 px tall. Wider figures keep the chart as asked.
 */
export function fitted(options: Plot.PlotOptions, room: number): Plot.PlotOptions {
  const width = options.width ?? 640;
  if (!(room > 0) || room >= width) return options;
  const w = Math.max(NARROWEST, Math.floor(room));
  const height =
    options.height === undefined
      ? undefined
      : Math.max(Math.round((options.height * w) / width), Math.round((w * 2) / 3));
  return { ...options, width: w, ...(height === undefined ? {} : { height }) };
}

/** Render an Observable Plot chart into a figure, re-rendering when its options change. */
export function PlotFigure({ options, caption }: { options: Plot.PlotOptions; caption?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let chart: (SVGSVGElement | HTMLElement) | null = null;
    let observer: MutationObserver | null = null;
    let cancelled = false;
    const draw = () => {
      if (cancelled || chart) return;
      chart = Plot.plot(fitted(options, ref.current?.clientWidth ?? 0));
      // Plot labels its inner groups with aria-label, which ARIA does not allow on a plain <g>: the chart is one
      // image, described by its own label (and the table of figures beside it)
      const svgs = chart.tagName.toLowerCase() === 'svg' ? [chart] : [...chart.querySelectorAll('svg')];
      const strip = (svg: Element) => {
        svg.querySelectorAll('g[aria-label]').forEach((g) => g.removeAttribute('aria-label'));
        svg.querySelectorAll('g[aria-description]').forEach((g) => g.removeAttribute('aria-description'));
      };
      // pointer tips are drawn later, on hover: strip their labels too
      observer = new MutationObserver(() => svgs.forEach(strip));
      for (const svg of svgs) {
        strip(svg);
        observer.observe(svg, { childList: true, subtree: true });
        if (svg.getAttribute('aria-label')) svg.setAttribute('role', 'img');
        else svg.setAttribute('aria-hidden', 'true');
      }
      ref.current?.replaceChildren(chart);
    };
    const el = ref.current;
    let near: IntersectionObserver | null = null;
    if (
      !el ||
      typeof IntersectionObserver === 'undefined' ||
      el.getBoundingClientRect().top < 2 * innerHeight
    )
      draw();
    else {
      near = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && draw(), {
        rootMargin: '800px 0px',
      });
      near.observe(el);
      waiting.push(draw);
      drainSoon();
    }
    return () => {
      cancelled = true;
      near?.disconnect();
      observer?.disconnect();
      chart?.remove();
    };
  }, [options]);
  return (
    <figure className="lantern-chart nhsuk-u-margin-0">
      <div ref={ref} />
      {caption && <figcaption>{caption}</figcaption>}
    </figure>
  );
}
