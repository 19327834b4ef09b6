/**
 * Observable Plot charts drawn on the server, for reports: the same option builders as the pages, rendered into a
 * jsdom document and sent as inline SVG (a PDF or a saved web page needs no script). jsdom is loaded on the first
 * chart, not with the server.
 */
import * as Plot from '@observablehq/plot';

let documentOnce: Promise<Document> | null = null;
function chartDocument(): Promise<Document> {
  documentOnce ??= import('jsdom').then(({ JSDOM }) => new JSDOM('').window.document);
  return documentOnce;
}

/** The chart as markup: an <svg>, or a <figure> holding its legend and <svg>. */
export async function renderChart(options: Plot.PlotOptions): Promise<string> {
  const chart = Plot.plot({ ...options, document: await chartDocument() });
  // as on the pages (PlotFigure): the chart is one image described by its own label; Plot's labels on inner
  // groups are not allowed on a plain <g>
  const svgs = chart.tagName.toLowerCase() === 'svg' ? [chart] : [...chart.querySelectorAll('svg')];
  for (const svg of svgs) {
    svg.querySelectorAll('g[aria-label]').forEach((g) => g.removeAttribute('aria-label'));
    svg.querySelectorAll('g[aria-description]').forEach((g) => g.removeAttribute('aria-description'));
    if (svg.getAttribute('aria-label')) svg.setAttribute('role', 'img');
    else svg.setAttribute('aria-hidden', 'true');
  }
  return chart.outerHTML;
}
