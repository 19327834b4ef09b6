import { useEffect, useRef, useState } from 'react';
import { useApi, type Loadable } from '../../api';
import type { Answer } from '../../api/client';
import { IndicatorChart } from '../../charts/IndicatorChart';
import { ErrorSummary } from '../ErrorSummary';

type ListEntry = Answer<'/api/organisations/{code}/indicator-list', 'get'>['indicators'][number];
type Series = Answer<'/api/organisations/{code}/indicators', 'get'>;

/** How far below (or above) the screen a chart's figures are asked for, so that they are there when scrolled to. */
const NEAR = '800px 0px';

/**
 * One indicator of an organisation's page, its figures asked for only when it comes near the screen: a practice has
 * a hundred indicators of ten years' months at national scale (12,100 figures with their benchmarks), most of them
 * below the fold. Until then (and while they come) the card shows the indicator's title, so the page's headings are
 * whole from the start.
 */
export function IndicatorSeriesCard({
  orgCode,
  orgName,
  entry,
  now = false,
}: {
  orgCode: string;
  orgName: string;
  entry: ListEntry;
  /** ask for the figures now, wherever the card is (every chart was asked for, or the page is being printed) */
  now?: boolean;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const [seen, setSeen] = useState(false);
  const near = seen || now;
  useEffect(() => {
    const el = ref.current;
    if (near || !el) return;
    if (typeof IntersectionObserver === 'undefined') return setSeen(true);
    const watch = new IntersectionObserver((es) => es.some((e) => e.isIntersecting) && setSeen(true), {
      rootMargin: NEAR,
    });
    watch.observe(el);
    return () => watch.disconnect();
  }, [near]);
  const series = useApi<Series>(
    near
      ? `/api/organisations/${encodeURIComponent(orgCode)}/indicators?indicator=${encodeURIComponent(entry.code)}`
      : null,
  );
  const shown = series.state === 'ready' ? series.data.indicators[0] : undefined;
  // one element holds the card from placeholder to chart, so the place watched (and scrolled to) stays in the page
  return (
    <div ref={ref} className="lantern-series-slot" data-indicator={entry.code}>
      {shown ? (
        <IndicatorChart series={shown} orgName={orgName} />
      ) : (
        <Waiting entry={entry} orgName={orgName} series={series} near={near} />
      )}
    </div>
  );
}

/** The card before its figures come: the indicator's title and what is happening. */
function Waiting({
  entry,
  orgName,
  series,
  near,
}: {
  entry: ListEntry;
  orgName: string;
  series: Loadable<Series>;
  near: boolean;
}) {
  const def = entry.definition;
  return (
    <section className="lantern-card lantern-card--waiting" aria-labelledby={`ind-${entry.code}`}>
      <h3 className="nhsuk-heading-s" id={`ind-${entry.code}`}>
        {def?.title ?? entry.code}
      </h3>
      {series.state === 'error' ? (
        <ErrorSummary message={series.error.message} />
      ) : series.state === 'ready' ? (
        <p className="nhsuk-body-s">No figures of this indicator are loaded for {orgName} now.</p>
      ) : (
        <p className="nhsuk-body-s" role="status">
          {near ? 'Loading…' : 'Figures shown when scrolled to.'}
        </p>
      )}
    </section>
  );
}
