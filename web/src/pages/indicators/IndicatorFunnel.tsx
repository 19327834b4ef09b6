import { useMemo, useState } from 'react';
import { ApiError, useApi, type CatalogueEntry, type Loadable } from '../../api';
import type { Answer } from '../../api/client';
import { useSession } from '../../session';
import { Panel } from '../../components/Panel';
import { PanelBoundary } from '../../components/PanelBoundary';
import { QualityExclusions } from '../../components/QualityExclusions';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Link, practiceHref } from '../../components/Link';
import { Breadcrumbs, HOME_CRUMB, INDICATORS_CRUMB } from '../../components/Breadcrumbs';
import { usePageTitle } from '../../title';
import { PlotFigure } from '../../charts/PlotFigure';
import { navigate } from '../../router';
import { Downloads } from '../../components/Downloads';
import { FUNNEL_LINES, funnelPlotOptions } from '../../../../src/charts/funnel';
import type { FunnelSort } from '../../../../src/variation/funnel';
import { DecilesChart } from '../../components/DecilesChart';
import { ScrollTable } from '../../components/ScrollTable';

/** The API's answer, from the generated contract. */
type Funnel = Answer<'/api/indicators/{code}/funnel', 'get'>;
type FunnelRow = Funnel['rows'][number];
type FunnelPointsAnswer = Answer<'/api/indicators/{code}/funnel/points', 'get'>;
type FunnelPoints = FunnelPointsAnswer['points'];
type CasemixModel = NonNullable<Funnel['casemix']>;

/** A figure for reading; "—" for one that is missing or not a finite number (the reason is given beside it). */
const fmt = (v: number | null | undefined, d = 3) =>
  typeof v !== 'number' || !Number.isFinite(v) ? '—' : Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(d);
const fixed = (v: number | null | undefined, d: number) =>
  typeof v === 'number' && Number.isFinite(v) ? v.toFixed(d) : '—';
const whole = (v: number | null | undefined) =>
  typeof v === 'number' && Number.isFinite(v) ? Math.round(v).toLocaleString('en-GB') : '—';

type TableSort = { key: FunnelSort; descending: boolean };

/** The table shows this many practices, sorted by the server (a national funnel has 6,500; the CSV has them all). */
const TABLE_ROWS = 300;
/** First, the practices furthest above expected. */
const FIRST_SORT: TableSort = { key: 'z_adjusted', descending: true };

/** The funnel's address with its table's rows sorted and cut (the first sort's is the page's summary too). */
const funnelUrl = (code: string, qs: URLSearchParams, s: TableSort) =>
  `/api/indicators/${encodeURIComponent(code)}/funnel?${new URLSearchParams([
    ...qs,
    ['sort', s.key],
    ['order', s.descending ? 'desc' : 'asc'],
    ['limit', String(TABLE_ROWS)],
  ])}`;

/** Precise, supportive wording: "higher than expected", never "worst". */
function reading(r: FunnelRow): string {
  const f = r.flag_99_8 || r.flag_95;
  if (!f) return 'within expected variation';
  return `${f === 'high' ? 'higher' : 'lower'} than expected (beyond ${r.flag_99_8 ? '99.8%' : '95%'} limits)`;
}

/** Why an indicator has no funnel in any period (src/variation/funnel.ts, noFunnelReason). */
type NoFunnelReason = NonNullable<CatalogueEntry['noFunnel']>;

/**
 * A refusal that says this indicator has no funnel in any period, whatever is asked: the periods it offers instead
 * (those with counts for enough practices) are none. Any other refusal is a problem with what was asked, or a fault.
 */
function noFunnelFromAnswer(e: Error): NoFunnelReason | null {
  if (!(e instanceof ApiError) || e.status !== 400) return null;
  const p = e.problem?.periods;
  return Array.isArray(p) && p.length === 0 ? 'too_few_practices' : null;
}

/** The periods named in a problem document (a period without counts answers with those that have them). */
function periodsOffered(e: Error): string[] {
  const p = e instanceof ApiError ? e.problem?.periods : undefined;
  return Array.isArray(p) ? p.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * A local indicator's funnel is drawn for an area its viewer belongs to: offer the organisations the signed-in user's
 * grants cover (for a commissioner, their ICB or CCG) instead of leaving them to type a code.
 */
function YourAreas({ code }: { code: string }) {
  const { session } = useSession();
  const orgs = session?.permissions?.['figures.raw'];
  if (!Array.isArray(orgs) || orgs.length === 0) return null;
  return (
    <ul className="nhsuk-list">
      {orgs.map((org) => (
        <li key={org}>
          <Link href={`/indicators/${encodeURIComponent(code)}?area=${encodeURIComponent(org)}`}>
            Show the practices of {org}
          </Link>
        </li>
      ))}
    </ul>
  );
}

export function IndicatorFunnel({
  code,
  area,
  period,
  adjust,
  window: pooledPeriods = 1,
  group = null,
  comparator = null,
}: {
  code: string;
  area: string | null;
  period: string | null;
  adjust: boolean;
  /** periods pooled, ending at the period (a tier's evidence pools its rule's window) */
  window?: number;
  /** a commissioner's practice group: its practices, compared within it when comparator is 'group' */
  group?: string | null;
  comparator?: string | null;
}) {
  const qs = new URLSearchParams();
  if (area) qs.set('area', area);
  if (group) qs.set('group', group);
  if (comparator === 'group' || comparator === 'area') qs.set('comparator', comparator);
  if (period) qs.set('period', period);
  if (adjust) qs.set('adjust', 'casemix');
  if (pooledPeriods > 1) qs.set('window', String(pooledPeriods));
  // the heading and the spread over time come from the catalogue, so they stand whatever the funnel answers
  const catalogue = useApi<Answer<'/api/indicators', 'get'>>('/api/indicators');
  const def =
    catalogue.state === 'ready' ? catalogue.data.indicators.find((i) => i.code === code) : undefined;
  // the funnel is asked for once the catalogue has answered (it is usually cached), unless it says there is none: the
  // refusal would only leave an error in the browser's console
  const known = def?.noFunnel ?? null;
  const ask = catalogue.state !== 'loading' && !known;
  const data = useApi<Funnel>(ask ? funnelUrl(code, qs, FIRST_SORT) : null);
  // every practice for the plot, in columns: a tenth of the bytes of every row in full
  const points = useApi<FunnelPointsAnswer>(
    ask ? `/api/indicators/${encodeURIComponent(code)}/funnel/points?${qs}` : null,
  );
  const noFunnel = known ?? (data.state === 'error' ? noFunnelFromAnswer(data.error) : null);
  const [areaInput, setAreaInput] = useState(area ?? '');
  const title =
    def?.title ??
    (data.state === 'ready'
      ? data.data.title
      : catalogue.state === 'ready'
        ? `No indicator ${code} in the catalogue`
        : code);
  usePageTitle(def?.title ?? null);
  return (
    <>
      <Breadcrumbs items={[HOME_CRUMB, INDICATORS_CRUMB]} />
      <h1>{title}</h1>
      {adjust && data.state === 'error' && !noFunnel && (
        <p className="nhsuk-body">
          <Link href={`/indicators/${code}?${new URLSearchParams([...qs].filter(([k]) => k !== 'adjust'))}`}>
            Show the crude comparison instead
          </Link>
        </p>
      )}
      <section aria-label="Funnel plot">
        {noFunnel ? (
          <NoFunnel
            why={noFunnel}
            def={def}
            fewest={catalogue.state === 'ready' ? catalogue.data.minFunnelPractices : null}
          />
        ) : data.state === 'error' ? (
          <>
            <ErrorSummary message={data.error.message} />
            {!area && def && !def.published && <YourAreas code={code} />}
            <PeriodChoice code={code} qs={qs} periods={periodsOffered(data.error)} current={period} />
          </>
        ) : (
          <Panel data={data} empty="">
            {(f) => (
              <FunnelView
                f={f}
                points={points}
                qs={qs}
                code={code}
                exportHref={`/api/indicators/${encodeURIComponent(code)}/funnel/export?${qs}`}
                areaInput={areaInput}
                setAreaInput={setAreaInput}
              />
            )}
          </Panel>
        )}
      </section>
      {noFunnel && def && <IndicatorDefinition def={def} />}
      <PanelBoundary what="spread over time">
        {def?.published && <DecilesChart code={code} area={group ? null : area} />}
      </PanelBoundary>
    </>
  );
}

/** What an indicator without counts is, by its method. */
const PUBLISHED_AS: Record<string, string> = {
  value:
    'published as a finished value (for example a percentage the source has already worked out), without the counts behind it',
  count: 'a count on its own, with nothing to divide it by',
  mean: 'published as an average, without the counts behind it',
};

/** Why no funnel can be drawn, in plain words. */
function noFunnelWords(why: NoFunnelReason, def: CatalogueEntry | undefined, fewest: number | null): string {
  switch (why) {
    case 'not_practices':
      return `This indicator is measured for ${def?.orgType === 'trust' ? 'NHS trusts' : 'organisations other than GP practices'}. A funnel plot here compares GP practices with each other, so none is drawn for it.`;
    case 'not_counted':
      return `This indicator is ${PUBLISHED_AS[def?.method ?? 'value'] ?? PUBLISHED_AS.value}. A funnel plot compares each practice’s counts (how many out of how many) with what its size would lead you to expect, so it cannot be drawn without them.`;
    case 'too_few_practices':
      return `In every period loaded, ${fewest ? `fewer than ${fewest}` : 'too few'} GP practices have the counts for this indicator (how many out of how many) that a funnel plot compares. This happens when its figures are published for areas rather than practices, or without their counts.`;
  }
}

/**
 * An indicator that has no funnel in any period: why, in plain words, and what can be looked at instead. This is not
 * a fault, so it is information in the page's layout, not an error.
 */
function NoFunnel({
  why,
  def,
  fewest,
}: {
  why: NoFunnelReason;
  def: CatalogueEntry | undefined;
  /** the fewest practices with counts a funnel is drawn for, from the catalogue */
  fewest: number | null;
}) {
  const { can } = useSession();
  return (
    <div className="nhsuk-inset-text" data-testid="no-funnel">
      <span className="nhsuk-u-visually-hidden">Information: </span>
      <h2 className="nhsuk-heading-s">No funnel plot for this indicator</h2>
      <p>{noFunnelWords(why, def, fewest)}</p>
      <p>You can still look at:</p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {def && <li>how this indicator is defined, below</li>}
        <li>
          its figures for each organisation they were published for, on that organisation’s page:{' '}
          <Link href="/">find a practice or area</Link>
        </li>
        {can('loads.read') && (
          <li>
            the <Link href="/data">data loads</Link>: the files that gave this indicator its figures, and any
            notes on them
          </li>
        )}
        <li>
          <Link href="/indicators">the other indicators</Link>: those counted for practices open as a funnel
          plot
        </li>
      </ul>
    </div>
  );
}

const BETTER: Record<string, string> = {
  higher_better: 'Higher',
  lower_better: 'Lower',
  neither: 'Neither: high and low are not good or bad in themselves',
};

/** The indicator's definition, from the catalogue: what it measures, how, and where its figures come from. */
function IndicatorDefinition({ def }: { def: CatalogueEntry }) {
  const rows: Array<[string, string | null]> = [
    ['What it measures', def.howToRead],
    ['Counted', def.numeratorDescription],
    ['Out of', def.denominatorDescription],
    ['Which is better', BETTER[def.direction] ?? def.direction],
    ['Unit', def.unit],
    ['Source', def.source],
    ['Periods loaded', def.firstPeriod ? `${def.firstPeriod} to ${def.lastPeriod ?? '…'}` : null],
    ['Code', `${def.code} (version ${def.version})`],
  ];
  return (
    <section aria-labelledby="definition-heading">
      <h2 id="definition-heading">How this indicator is defined</h2>
      <dl className="nhsuk-summary-list">
        {rows
          .filter((r): r is [string, string] => !!r[1])
          .map(([key, value]) => (
            <div className="nhsuk-summary-list__row" key={key}>
              <dt className="nhsuk-summary-list__key">{key}</dt>
              <dd className="nhsuk-summary-list__value">{value}</dd>
            </div>
          ))}
      </dl>
    </section>
  );
}

/** When the chosen period has no funnel: the periods that have one, to choose from (kept in the URL). */
function PeriodChoice({
  code,
  qs,
  periods,
  current,
}: {
  code: string;
  qs: URLSearchParams;
  periods: string[];
  current: string | null;
}) {
  if (periods.length === 0) return null;
  return (
    <form
      className="lantern-filters"
      onSubmit={(e) => {
        e.preventDefault();
        const q = new URLSearchParams(qs);
        q.set('period', String(new FormData(e.currentTarget).get('period') ?? '').slice(0, 7));
        navigate(`/indicators/${code}?${q}`);
      }}
    >
      <div className="nhsuk-form-group">
        <label className="nhsuk-label" htmlFor="period">
          Periods with counts
        </label>
        <select
          className="nhsuk-select"
          id="period"
          name="period"
          defaultValue={periods.find((p) => current && p.startsWith(current)) ?? periods[0]}
        >
          {periods.map((p) => (
            <option key={p} value={p}>
              {p.slice(0, 7)}
            </option>
          ))}
        </select>
      </div>
      <button className="nhsuk-button nhsuk-button--secondary" type="submit">
        Show
      </button>
    </form>
  );
}

function FunnelView({
  f,
  points,
  qs,
  code,
  exportHref,
  areaInput,
  setAreaInput,
}: {
  f: Funnel;
  /** every practice of the funnel, for the plot */
  points: Loadable<FunnelPointsAnswer>;
  /** the page's query, without the table's sort */
  qs: URLSearchParams;
  code: string;
  /** the funnel's download, with the page's query */
  exportHref: string;
  areaInput: string;
  setAreaInput: (s: string) => void;
}) {
  const better = f.direction === 'lower_better' ? 'lower' : f.direction === 'higher_better' ? 'higher' : null;
  return (
    <>
      <p className="nhsuk-body">
        {f.group
          ? `Practices of the group “${f.group.name}”`
          : f.area
            ? `Practices in ${f.area}`
            : 'Every practice'}
        ,{' '}
        {f.pooled.length > 1
          ? `${f.pooled.length} periods pooled (${f.pooled.at(-1)!.slice(0, 7)} to ${f.periodStart.slice(0, 7)}: each practice's counts summed)`
          : `period starting ${f.periodStart}`}
        , {f.casemix ? 'adjusted for case mix and ' : ''}compared with{' '}
        {f.comparator === 'area'
          ? 'the practices of the area'
          : f.comparator === 'group'
            ? 'the practices of the group'
            : `every practice with figures for ${f.pooled.length > 1 ? 'those periods' : 'that period'}`}
        .{' '}
        {better
          ? `${better[0]!.toUpperCase()}${better.slice(1)} is better.`
          : 'Neither direction is better in itself.'}
      </p>
      <form
        className="lantern-filters"
        onSubmit={(e) => {
          e.preventDefault();
          const q = new URLSearchParams();
          const fd = new FormData(e.currentTarget);
          if (areaInput.trim()) q.set('area', areaInput.trim().toUpperCase());
          else if (f.group) q.set('group', String(f.group.id));
          if (f.group && !areaInput.trim() && f.comparator === 'group') q.set('comparator', 'group');
          const p = String(fd.get('period') ?? '');
          if (p) q.set('period', p.slice(0, 7));
          if (fd.get('adjust') === 'casemix') q.set('adjust', 'casemix');
          const w = String(fd.get('window') ?? '1');
          if (w !== '1') q.set('window', w);
          navigate(`/indicators/${code}?${q}`);
        }}
      >
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="period">
            Period (those with counts, newest first)
          </label>
          <select className="nhsuk-select" id="period" name="period" defaultValue={f.periodStart}>
            {!f.periods.includes(f.periodStart) && (
              <option value={f.periodStart}>{f.periodStart.slice(0, 7)}</option>
            )}
            {f.periods.map((p) => (
              <option key={p} value={p}>
                {p.slice(0, 7)}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="window">
            Periods pooled, ending at that period
          </label>
          <select className="nhsuk-select" id="window" name="window" defaultValue={String(f.pooled.length)}>
            {[1, 2, 3, 4, 6, 12].map((n) => (
              <option key={n} value={n}>
                {n === 1 ? 'that period alone' : `${n} periods: counts summed per practice`}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="area">
            Area (CCG or ICB code; blank for England)
          </label>
          <input
            className="nhsuk-input nhsuk-input--width-10"
            id="area"
            value={areaInput}
            onChange={(e) => setAreaInput(e.target.value)}
          />
        </div>
        <fieldset className="nhsuk-fieldset nhsuk-form-group">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Compare</legend>
          <div className="nhsuk-radios nhsuk-radios--inline">
            <div className="nhsuk-radios__item">
              <input
                className="nhsuk-radios__input"
                id="adjust-none"
                name="adjust"
                type="radio"
                value="none"
                defaultChecked={!f.casemix}
              />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor="adjust-none">
                Crude
              </label>
            </div>
            <div className="nhsuk-radios__item">
              <input
                className="nhsuk-radios__input"
                id="adjust-casemix"
                name="adjust"
                type="radio"
                value="casemix"
                defaultChecked={!!f.casemix}
              />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor="adjust-casemix">
                Adjusted for case mix
              </label>
            </div>
          </div>
        </fieldset>
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          Show
        </button>
      </form>
      {f.casemix && (
        <PanelBoundary what="case-mix model" resetKey={f}>
          <CasemixPanel m={f.casemix} />
        </PanelBoundary>
      )}
      <PanelBoundary what="funnel plot" resetKey={f}>
        <Panel data={points} empty="">
          {({ points: p }) => <FunnelPlot f={f} points={p} />}
        </Panel>
      </PanelBoundary>
      <QualityExclusions items={f.excludedForQuality} />
      <Downloads
        href={exportHref}
        what={`${f.title}, every practice with its limits and flags, ${f.periodStart.slice(0, 7)}${f.area ? `, ${f.area}` : ''}`}
      />
      <PanelBoundary what="table of practices" resetKey={f}>
        {/* a new funnel starts its table afresh: no rows of the last one are shown while its own come */}
        <FunnelTable key={qs.toString()} f={f} points={points} code={code} qs={qs} />
      </PanelBoundary>
    </>
  );
}

/** The funnel plot of every practice, with a caption that reads it. */
function FunnelPlot({ f, points: p }: { f: Funnel; points: FunnelPoints }) {
  const options = useMemo(() => funnelPlotOptions({ ...f, points: p }), [f, p]);
  const high = p.flag_99_8.filter((x) => x === 'high').length;
  const low = p.flag_99_8.filter((x) => x === 'low').length;
  const n = p.code.length;
  return (
    <>
      {/* the lines' key (the dots' colours have Plot's own); the caption says the same in words */}
      <div className="lantern-legend" aria-hidden="true" data-funnel-key="">
        {Object.values(FUNNEL_LINES).map((l) => (
          <span
            key={l.label}
            className={l.dashed ? 'dashed' : undefined}
            style={{ ['--swatch' as string]: l.stroke }}
          >
            {l.label}
          </span>
        ))}
      </div>
      <PlotFigure
        options={{ ...options, ariaLabel: `Funnel plot of ${n} practices` }}
        caption={`Funnel plot: ${n} practices. ${high} above and ${low} below the 99.8% limits; the expected value is ${fmt(f.target)}${f.casemix ? ' (observed ÷ expected)' : ` ${f.unit}`}. ${f.type === 'continuous' ? 'An amount: the limits come from the spread of the practices’ values on the log scale, not from counts.' : `Limits allow for overdispersion (φ = ${fmt(f.phi)}, τ² = ${f.tau2 === null ? '—' : f.tau2.toExponential(2)}).`} ${f.method}.${f.excluded ? ` ${f.excluded} practices without usable counts are not shown.` : ''}${Object.values(
          f.not_computed ?? {},
        )
          .map((why) => ` Not computed: ${why}.`)
          .join('')}`}
      />
    </>
  );
}

/**
 * Why figures are not computed, and for how many practices: of every practice on the funnel (from its points), or
 * of the rows shown until the points come.
 */
function notComputedCounts(points: Loadable<FunnelPointsAnswer>, rows: FunnelRow[]): Map<string, number> {
  const each = points.state === 'ready' ? points.data.points.not_computed : rows.map((r) => r.not_computed);
  const counts = new Map<string, number>();
  for (const reasons of each)
    for (const why of Object.values(reasons ?? {})) counts.set(why, (counts.get(why) ?? 0) + 1);
  return counts;
}

/**
 * The practices with their figures in full, the first TABLE_ROWS as sorted: each heading asks the server for its
 * sort (the first is the summary's own rows, already fetched). While a sort comes the rows shown stay, marked busy;
 * if it fails they stay too, with the reason, and the headings stay usable.
 */
function FunnelTable({
  f,
  points,
  code,
  qs,
}: {
  f: Funnel;
  points: Loadable<FunnelPointsAnswer>;
  code: string;
  qs: URLSearchParams;
}) {
  const [sort, setSort] = useState<TableSort>(FIRST_SORT);
  const table = useApi<Funnel>(funnelUrl(code, qs, sort), { keepPrevious: true });
  // the rows shown and their sort: the summary's own (the first sort) until another sort has come
  const [shown, setShown] = useState<{ rows: FunnelRow[]; sort: TableSort }>({
    rows: f.rows,
    sort: FIRST_SORT,
  });
  if (table.state === 'ready' && !table.stale && table.data.rows !== shown.rows)
    setShown({ rows: table.data.rows, sort });
  // the headings say how the rows shown are sorted, not how they were last asked to be
  const header = (key: FunnelSort, label: string) => (
    <th
      scope="col"
      aria-sort={shown.sort.key === key ? (shown.sort.descending ? 'descending' : 'ascending') : 'none'}
    >
      <button
        type="button"
        className="lantern-sort"
        onClick={() => setSort((s) => ({ key, descending: s.key === key ? !s.descending : key !== 'name' }))}
      >
        {label}
        <span aria-hidden="true">{shown.sort.key === key ? (shown.sort.descending ? ' ▼' : ' ▲') : ''}</span>
      </button>
    </th>
  );
  const notComputed = notComputedCounts(points, shown.rows);
  return (
    <>
      {table.state === 'error' && (
        <ErrorSummary message={`The practices could not be sorted that way: ${table.error.message}`} />
      )}
      <ScrollTable
        className="nhsuk-table nhsuk-body-s"
        aria-busy={table.state === 'loading' || (table.state === 'ready' && table.stale) ? true : undefined}
      >
        <caption className="nhsuk-table__caption">
          Practices and their limits (select a column heading to sort; first by how far from expected)
        </caption>
        <thead className="nhsuk-table__head">
          <tr>
            {header('name', 'Practice')}
            {header('numerator', 'Numerator')}
            {header('denominator', 'Denominator')}
            {header('value', 'Value')}
            <th scope="col">99.8% limits</th>
            {header('z_adjusted', 'Adjusted z')}
            <th scope="col">Reading</th>
          </tr>
        </thead>
        <tbody>
          {shown.rows.map((r) => (
            <tr key={r.code}>
              <td>
                <Link href={practiceHref(r.code)}>{r.name}</Link>{' '}
                <span className="nhsuk-body-s">{r.code}</span>
              </td>
              <td>{r.numerator === null ? '—' : r.numerator.toLocaleString('en-GB')}</td>
              <td>{whole(r.denominator)}</td>
              <td>{fmt(r.value)}</td>
              <td>
                {fmt(r.lower_99_8)} to {fmt(r.upper_99_8)}
              </td>
              <td>{r.z_adjusted === null ? 'not computed*' : r.z_adjusted.toFixed(2)}</td>
              <td>{reading(r)}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {f.practices > shown.rows.length && (
        <p className="nhsuk-body-s">
          The first {shown.rows.length} of {f.practices}; the CSV has them all.
        </p>
      )}
      {[...notComputed].map(([why, n]) => (
        <p className="nhsuk-body-s" key={why}>
          * Not computed for {n} {n === 1 ? 'practice' : 'practices'}: {why}.
        </p>
      ))}
    </>
  );
}

/** What the adjusted view was adjusted for, and how well the model fits: shown with every adjusted judgement. */
function CasemixPanel({ m }: { m: CasemixModel }) {
  return (
    <section aria-labelledby="casemix-heading" className="nhsuk-inset-text lantern-casemix">
      <h2 id="casemix-heading" className="nhsuk-heading-s">
        Adjusted for case mix
      </h2>
      <p className="nhsuk-body-s">
        Each practice is compared with what the model expects for a practice with its patients: adjusted for{' '}
        {m.adjustedFor.join(', ')}. The model explains {fixed(m.devianceExplained * 100, 0)}% of the deviance
        across {whole(m.practices)} practices (dispersion {fixed(m.dispersion, 1)}: variation beyond chance
        that the funnel’s limits allow for).
        {m.excluded > 0 && ` ${m.excluded} practices without every fact are left out of this view.`}
        {m.outsideRange.length > 0 &&
          ` ${m.outsideRange.length} practices whose patients are unlike the rest (a fact more than 4 standard deviations from the average, such as a university or care-home practice) are not adjusted: judge them on the crude view, in context.`}
      </p>
      <div className="lantern-scroll" role="region" aria-label="Case-mix model terms" tabIndex={0}>
        <table className="nhsuk-table nhsuk-body-s" data-testid="casemix-terms">
          <caption className="nhsuk-table__caption nhsuk-u-font-size-16">
            Rate ratio of a practice at the 90th centile of each fact against one at the 10th, others equal
            (95% interval)
          </caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Adjusted for</th>
              <th scope="col">10th to 90th centile</th>
              <th scope="col">Rate ratio</th>
              <th scope="col">95% interval</th>
              <th scope="col">Shape</th>
              <th scope="col">Source</th>
            </tr>
          </thead>
          <tbody>
            {m.terms.map((t) => (
              <tr key={t.name}>
                <td>{t.label}</td>
                <td>
                  {fmt(t.low)} to {fmt(t.high)}
                </td>
                <td>{fixed(t.rateRatio, 3)}</td>
                <td>
                  {fixed(t.lower, 3)}–{fixed(t.upper, 3)}
                </td>
                <td>{t.shape === 'spline' ? 'curve (spline)' : 'straight line'}</td>
                <td>{t.source}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="lantern-scroll" role="region" aria-label="Residual check" tabIndex={0}>
        <table className="nhsuk-table nhsuk-body-s" data-testid="casemix-residuals">
          <caption className="nhsuk-table__caption nhsuk-u-font-size-16">
            Is anything left unexplained? Mean adjusted z-score by tenth of each fact, lowest tenth first:
            near 0 everywhere when the model leaves no pattern (beyond ±0.3 is marked)
          </caption>
          <thead className="nhsuk-table__head">
            <tr>
              <th scope="col">Fact</th>
              {Array.from({ length: 10 }, (_, i) => (
                <th scope="col" key={i}>
                  {i + 1}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {m.residualCheck.map((c) => (
              <tr key={c.name}>
                <th scope="row">{c.label}</th>
                {c.tenths.map((t, i) => {
                  const off = Math.abs(t.meanZ) > 0.3 && Math.abs(t.meanZ) * Math.sqrt(t.practices) > 2;
                  return (
                    <td key={i} className={off ? 'lantern-residual--off' : undefined}>
                      {fixed(t.meanZ, 2)}
                      {off ? ' (pattern)' : ''}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p className="nhsuk-body-s">{m.method}.</p>
    </section>
  );
}
