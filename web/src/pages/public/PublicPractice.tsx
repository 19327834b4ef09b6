import { useApi } from '../../api';
import type { Answer } from '../../api/client';
import { periodLabel } from '../../charts/IndicatorChart';
import { formatFigure, IntervalChart } from '../../charts/IntervalChart';
import { Panel } from '../../components/Panel';
import { ScrollTable } from '../../components/ScrollTable';
import '../../public.css';
import { usePageTitle } from '../../title';
import { Breadcrumbs, PUBLIC_CRUMB } from '../../components/Breadcrumbs';

type PracticeAnswer = Answer<'/api/public/practices/{code}', 'get'>;
type Figure = PracticeAnswer['figures'][number];

/** The page's title in the browser tab (and on a printed copy), restored on leaving. */
const DOMAIN_LABEL: Record<string, string> = {
  experience: 'What patients say',
  access: 'Getting an appointment',
  effectiveness: 'Long-term conditions and prevention',
  prescribing: 'Prescribing',
  safety: 'Safety',
  workforce: 'Staff',
  finance: 'Funding',
  context: 'About the patients registered',
  referral: 'Referrals',
  performance: 'Performance',
};

const SHORT: Record<string, string> = {
  similar: 'About the same as England',
  higher: 'Higher than England',
  lower: 'Lower than England',
};

const short = (f: Figure) => (f.comparison ? SHORT[f.comparison]! : 'Not compared');

function withInterval(f: Figure) {
  const v = formatFigure(f.value, f.unit);
  return f.interval
    ? `${v} (95% interval ${formatFigure(f.interval.lower, f.unit)} to ${formatFigure(f.interval.upper, f.unit)})`
    : v;
}

/** The interval's bounds, the unit written once (a percentage keeps its sign). */
function rangeOf(f: Figure) {
  if (!f.interval) return '';
  const bound = (v: number) => (f.unit === '%' ? formatFigure(v, '%') : formatFigure(v, '').trim());
  return `${bound(f.interval.lower)} to ${bound(f.interval.upper)}`;
}

function FigureSection({ f, practice }: { f: Figure; practice: string }) {
  const id = `figure-${f.indicator}`;
  return (
    <section className="lantern-public-figure" aria-labelledby={id}>
      <h3 id={id}>{f.title}</h3>
      <p className="nhsuk-body lantern-public-meaning">{f.meaning}</p>
      <IntervalChart
        label="This practice"
        unit={f.unit}
        value={f.value}
        interval={f.interval}
        comparator={f.england && { label: 'England', value: f.england.value }}
        area={f.areaFigure && { label: f.areaFigure.name, value: f.areaFigure.value }}
      />
      <dl className="nhsuk-summary-list lantern-public-facts">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">{practice}</dt>
          <dd className="nhsuk-summary-list__value">
            {withInterval(f)}
            {f.numerator !== null && f.denominator !== null && (
              <span className="lantern-public-counts">
                {' '}
                · {f.numerator.toLocaleString('en-GB')} of {f.denominator.toLocaleString('en-GB')}
                {f.numeratorDescription ? ` (${f.numeratorDescription})` : ''}
              </span>
            )}
            {f.noInterval && <span className="lantern-public-counts"> · {f.noInterval}</span>}
          </dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">England</dt>
          <dd className="nhsuk-summary-list__value">
            {f.england ? `${formatFigure(f.england.value, f.unit)} (${f.england.label})` : 'not available'}
          </dd>
        </div>
        {f.areaFigure && (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">{f.areaFigure.name}</dt>
            <dd className="nhsuk-summary-list__value">{formatFigure(f.areaFigure.value, f.unit)}</dd>
          </div>
        )}
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Period</dt>
          <dd className="nhsuk-summary-list__value">{periodLabel(f.periodStart, f.periodEnd)}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Source</dt>
          <dd className="nhsuk-summary-list__value">
            {f.source.publisher}
            {f.source.url && (
              <>
                {' · '}
                <a href={f.source.url} className="lantern-public-url">
                  {f.source.url}
                </a>
              </>
            )}
            <span className="lantern-public-counts"> · file {f.source.file}</span>
          </dd>
        </div>
      </dl>
      <p className="nhsuk-body-s">About this measure: {f.about}</p>
    </section>
  );
}

/** A GP practice's published figures for patients and the public: each with its interval and what it means. */
export function PublicPractice({ code }: { code: string }) {
  const data = useApi<PracticeAnswer>(`/api/public/practices/${encodeURIComponent(code)}`);
  usePageTitle(data.state === 'ready' ? data.data.practice.name : null);
  return (
    <div className="lantern-public">
      <Breadcrumbs className="lantern-public-back" items={[PUBLIC_CRUMB]} />
      <Panel data={data} empty="">
        {(d) => {
          const domains = [...new Set(d.figures.map((f) => f.domain))];
          return (
            <>
              <h1>
                {d.practice.name}
                <span className="nhsuk-caption-l">GP practice {d.practice.code}</span>
              </h1>
              {!d.open && (
                <div className="nhsuk-inset-text">
                  <p>This practice is no longer open. The figures are from when it was.</p>
                </div>
              )}
              <p className="nhsuk-lede-text">
                How this practice compares with England on figures the NHS publishes
                {d.area ? `, with ${d.area.name} alongside` : ''}.
              </p>
              <h2>How to read these figures</h2>
              <div className="nhsuk-body">
                <p>
                  Each figure comes with a 95% interval: the range the true figure is likely to be in,
                  allowing for chance. When that range includes the England figure, we say the practice is
                  about the same as England. When the whole range is above or below it, we say higher or
                  lower.
                </p>
                <p>
                  Higher or lower is not a verdict on the practice. Figures also depend on the patients a
                  practice serves, how care is recorded, and chance. Ask the practice if you would like to
                  know more.
                </p>
                <p>
                  This page shows published figures only. It leaves out figures the NHS keeps for its own use
                  and how the NHS is working with the practice.
                </p>
              </div>
              {d.figures.length === 0 ? (
                <div className="nhsuk-inset-text">
                  <p>No published figures for this practice are loaded.</p>
                </div>
              ) : (
                <>
                  <h2 id="at-a-glance">At a glance</h2>
                  <ScrollTable className="nhsuk-table lantern-public-table">
                    <caption className="nhsuk-table__caption">
                      {d.practice.name} beside England: the latest published figure of each measure
                    </caption>
                    <thead className="nhsuk-table__head">
                      <tr>
                        <th scope="col">Measure</th>
                        <th scope="col">This practice (95% interval)</th>
                        <th scope="col">England</th>
                        <th scope="col">Compared with England</th>
                      </tr>
                    </thead>
                    <tbody className="nhsuk-table__body">
                      {d.figures.map((f) => (
                        <tr key={f.indicator}>
                          <th scope="row">
                            <a href={`#figure-${f.indicator}`}>{f.title}</a>
                          </th>
                          <td>
                            {formatFigure(f.value, f.unit)}
                            {f.interval && (
                              <span className="lantern-public-counts nhsuk-body-s lantern-public-range">
                                {rangeOf(f)}
                              </span>
                            )}
                          </td>
                          <td>{f.england ? formatFigure(f.england.value, f.unit) : 'not available'}</td>
                          <td>{short(f)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </ScrollTable>
                  {domains.map((domain) => (
                    <section key={domain} aria-labelledby={`domain-${domain}`}>
                      <h2 id={`domain-${domain}`}>{DOMAIN_LABEL[domain] ?? domain}</h2>
                      {d.figures
                        .filter((f) => f.domain === domain)
                        .map((f) => (
                          <FigureSection key={f.indicator} f={f} practice="This practice" />
                        ))}
                    </section>
                  ))}
                </>
              )}
              <p className="nhsuk-body-s lantern-public-address">
                This page: {window.location.origin}/public/practices/{d.practice.code}
              </p>
            </>
          );
        }}
      </Panel>
    </div>
  );
}
