import { useMemo } from 'react';
import { useApi } from '../api';
import type { Answer } from '../api/client';
import { Panel } from './Panel';
import { Link, practiceHref } from './Link';
import { useCanAt } from '../session';
import { Details } from './Details';
import { DataTable, type Column } from './DataTable';
import { ScrollTable } from './ScrollTable';
import { Downloads } from './Downloads';

type PracticeTier = Answer<'/api/practices/{code}/tier', 'get'>;

type Evidence = PracticeTier['evidence'][number];

const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3));
/** The funnel page showing exactly the comparison a result came from: its periods pooled, crude or adjusted. */
const viewOf = (e: Evidence, adjusted = e.adjustment === 'casemix') =>
  `/indicators/${e.indicator}?${new URLSearchParams([
    ['period', e.periodStart.slice(0, 7)],
    ...(e.periods > 1 ? [['window', String(e.periods)]] : []),
    ...(adjusted ? [['adjust', 'casemix']] : []),
  ])}`;
const readingOf = (flag998: string, flag95: string) =>
  flag998 ? 'beyond the 99.8% limits' : flag95 ? 'beyond the 95% limits' : 'within expected variation';

/** A practice's tier, its reason, the rule set as applied, and the evidence. Shown to those who may see it. */
export function PracticeTierPanel({ code }: { code: string }) {
  const allowed = useCanAt(code)('tiers.read');
  const tier = useApi<PracticeTier>(allowed ? `/api/practices/${encodeURIComponent(code)}/tier` : null);
  if (!allowed) return null;
  return (
    <section aria-labelledby="tier-heading">
      <h2 id="tier-heading">Tier</h2>
      <Panel data={tier} empty="">
        {(t) => (
          <>
            <div className={`lantern-tier lantern-tier--${t.tier ?? 'none'}`}>
              <p className="nhsuk-heading-s nhsuk-u-margin-bottom-1">{t.tierLabel ?? 'No tier'}</p>
              <p className="nhsuk-body nhsuk-u-margin-bottom-1">Why: {t.reason}.</p>
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">{t.about}</p>
            </div>
            {t.evidence.length > 0 && (
              <div
                className="lantern-scroll"
                role="region"
                aria-label="The results behind the tier"
                tabIndex={0}
              >
                <table className="nhsuk-table nhsuk-body-s">
                  <caption className="nhsuk-table__caption">The results behind it</caption>
                  <thead className="nhsuk-table__head">
                    <tr>
                      <th scope="col">Indicator</th>
                      <th scope="col">Periods pooled</th>
                      <th scope="col">Compared</th>
                      <th scope="col">Value</th>
                      <th scope="col">Expected</th>
                      <th scope="col">99.8% limits</th>
                      <th scope="col">q-value</th>
                      <th scope="col">Reading</th>
                      <th scope="col">Crude reading</th>
                    </tr>
                  </thead>
                  <tbody>
                    {t.evidence.map((e) => (
                      <tr key={`${e.indicator}-${e.periodStart}`}>
                        <td>
                          <Link href={viewOf(e)}>{e.title}</Link>
                        </td>
                        <td>
                          {e.periods > 1
                            ? `${e.windowStart.slice(0, 7)} to ${e.periodStart.slice(0, 7)} (${e.periods})`
                            : e.periodStart.slice(0, 7)}
                        </td>
                        <td>{e.adjustment === 'casemix' ? 'adjusted for case mix' : 'crude'}</td>
                        <td>
                          {f(e.value)} ({e.numerator.toLocaleString('en-GB')} /{' '}
                          {Math.round(e.denominator).toLocaleString('en-GB')})
                          {e.adjustment === 'casemix' ? ' observed ÷ expected' : ''}
                        </td>
                        <td>{f(e.expected)}</td>
                        <td>
                          {f(e.lowerStrict)} to {f(e.upperStrict)}
                        </td>
                        <td>
                          {e.judged && Number.isFinite(e.q)
                            ? e.q < 0.001
                              ? '< 0.001'
                              : e.q.toFixed(3)
                            : '—'}
                        </td>
                        <td>
                          {!e.judged
                            ? `not judged: ${e.notJudged}`
                            : e.worseStrict
                              ? 'worse than expected beyond 99.8% limits'
                              : e.worseWatch
                                ? 'worse than expected beyond 95% limits'
                                : 'within expected variation'}
                        </td>
                        <td>
                          {e.crude ? (
                            <Link href={viewOf(e, false)}>
                              {f(e.crude.value)} against {f(e.crude.expected)}:{' '}
                              {readingOf(e.crude.flag998, e.crude.flag95)}
                            </Link>
                          ) : (
                            '—'
                          )}
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            {t.evidence.length > 0 && (
              <p className="nhsuk-body-s">
                How these were compared: {[...new Set(t.evidence.map((e) => e.adjustmentNote))].join('; ')}.
              </p>
            )}
            <Details summary={<>The rules applied (version {t.ruleVersion})</>}>
              <ul className="nhsuk-list nhsuk-list--bullet">
                {t.rules.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </Details>
          </>
        )}
      </Panel>
    </section>
  );
}

type AreaTiers = Answer<'/api/tiers', 'get'>;

/** A result's pooled months, as the months of its first and latest periods (one month alone when not pooled). */
function WindowOf({ p }: { p: { windowStart: string; periodStart: string } }) {
  const [first, last] = [p.windowStart.slice(0, 7), p.periodStart.slice(0, 7)];
  return <span className="lantern-nowrap">({first === last ? last : `${first} to ${last}`})</span>;
}
type Reading = AreaTiers['practices'][number]['cells'][string]['reading'];

/** Significance, not rank: the words each cell says (and screen readers read); the colour only repeats them. */
const READING: Record<Reading, { text: string; symbol: string }> = {
  worse_strict: { text: 'worse than expected beyond 99.8% limits', symbol: '▼▼' },
  worse_watch: { text: 'worse than expected beyond 95% limits', symbol: '▼' },
  within: { text: 'within expected variation', symbol: '·' },
  better: { text: 'better than expected beyond 95% limits', symbol: '▲' },
};

/** Tiers of every practice in a CCG or ICB: counts, then the practices, below the line first. */
export function AreaTiersPanel({ code }: { code: string }) {
  const allowed = useCanAt(code)('tiers.read_area');
  const data = useApi<AreaTiers>(allowed ? `/api/tiers?area=${encodeURIComponent(code)}` : null);
  if (!allowed) return null;
  return (
    <section aria-labelledby="tiers-heading">
      <h2 id="tiers-heading">Practice tiers</h2>
      <Panel
        data={data}
        isEmpty={(d) => d.practices.length === 0}
        empty="No open practice belongs here, and no practice here has results for the adopted indicators."
      >
        {(d) => (
          <>
            <p className="nhsuk-body">
              {Object.entries(d.counts)
                .reverse()
                .map(([t, n]) => `${d.labels[t]}: ${n}`)
                .join(' · ')}
              {d.noTier ? ` · No tier (no counts on the adopted indicators): ${d.noTier}` : ''} (rule set
              version {d.ruleVersion}; <Link href="/tiers/rules">how tiers are decided</Link>). {d.about}
            </p>
            <p className="nhsuk-body">
              Since the period before: {d.movement.better} moved to a better tier, {d.movement.worse} to a
              worse one, {d.movement.same} stayed
              {d.movement.unknown ? `, ${d.movement.unknown} had no earlier result` : ''}.
            </p>
            <Downloads
              href={`/api/tiers/export?area=${encodeURIComponent(code)}`}
              what={`the tier of every practice of ${d.area.name}, a period earlier and why`}
            />
            <h3 id="grid-heading">Practices and indicators</h3>
            <p className="nhsuk-body-s">
              Each practice’s tier, its tier a period earlier, and its result on each adopted indicator over
              the latest pooled months, read against the funnel limits after allowing for overdispersion: ▼▼
              worse than expected beyond 99.8% limits, ▼ beyond 95%, · within expected variation, ▲ better
              than expected beyond 95%. Where the comparison is adjusted for case mix (“observed ÷ expected”
              under the indicator’s name) the figure is observed ÷ expected, 1 being as expected, not a figure
              in the indicator’s own unit; the practice’s page shows the crude reading beside it. Colours
              repeat the symbols; they show significance, not rank.
            </p>
            <Downloads
              href={`/api/tiers/grid/export?area=${encodeURIComponent(code)}`}
              what={`every practice of ${d.area.name} and its latest result on each adopted indicator`}
            />
            <PracticeMatrix d={d} />
            {d.changes.length > 0 && (
              <>
                <h3 id="changes-heading">Biggest changes since the period before</h3>
                <ScrollTable className="nhsuk-table nhsuk-body-s" aria-labelledby="changes-heading">
                  <thead className="nhsuk-table__head">
                    <tr>
                      <th scope="col">Practice</th>
                      <th scope="col">Indicator</th>
                      <th scope="col">From</th>
                      <th scope="col">To</th>
                      <th scope="col">Change against expected</th>
                    </tr>
                  </thead>
                  <tbody>
                    {d.changes.map((c) => {
                      const ind = d.indicators.find((i) => i.code === c.indicator);
                      return (
                        <tr key={`${c.code}-${c.indicator}`}>
                          <td>
                            <Link href={practiceHref(c.code)}>{c.name}</Link>
                          </td>
                          <td>
                            {ind?.title ?? c.indicator}
                            {ind?.adjusted && (
                              <span className="lantern-figure-note">observed ÷ expected</span>
                            )}
                          </td>
                          <td>
                            {f(c.from.value)} <WindowOf p={c.from} />
                          </td>
                          <td>
                            {f(c.to.value)} <WindowOf p={c.to} />
                          </td>
                          <td>
                            {c.change > 0 ? 'better' : 'worse'} by {Math.abs(c.change).toFixed(1)} standard
                            errors
                          </td>
                        </tr>
                      );
                    })}
                  </tbody>
                </ScrollTable>
              </>
            )}
          </>
        )}
      </Panel>
    </section>
  );
}

type AreaPractice = AreaTiers['practices'][number];
/** Worst first: the order of a sort by tier or by reading, ascending. */
const TIER_RANK: Record<string, number> = { below_the_line: 0, could_do_better: 1, doing_well: 2 };
const READING_RANK: Record<Reading, number> = { worse_strict: 0, worse_watch: 1, within: 2, better: 3 };

/** Every practice of the area, one compact row each: filter by name or code, sort by any column, a page at a time. */
function PracticeMatrix({ d }: { d: AreaTiers }) {
  const columns = useMemo<Array<Column<AreaPractice>>>(
    () => [
      {
        key: 'practice',
        header: 'Practice',
        label: 'Practice',
        rowHeader: true,
        sortValue: (p) => p.name,
        cell: (p) => (
          <>
            <Link href={practiceHref(p.code)}>{p.name}</Link> <span className="lantern-code">{p.code}</span>
            {p.closeDate && (
              <>
                {' '}
                <span className="lantern-tag">closed {p.closeDate}</span>
              </>
            )}
          </>
        ),
      },
      {
        key: 'tier',
        header: 'Tier',
        label: 'Tier',
        sortValue: (p) => (p.tier === null ? 4 : (TIER_RANK[p.tier] ?? 3)),
        cell: (p) => (p.tier === null ? 'No tier' : d.labels[p.tier]),
      },
      {
        key: 'previous',
        header: 'A period earlier',
        label: 'A period earlier',
        sortValue: (p) => (p.previous === null ? null : (TIER_RANK[p.previous] ?? 3)),
        cell: (p) =>
          p.previous === null ? 'no result' : p.previous === p.tier ? 'same' : d.labels[p.previous],
      },
      ...d.indicators.map((i): Column<AreaPractice> => ({
        key: i.code,
        header: (
          <>
            <Link href={`/indicators/${i.code}?area=${encodeURIComponent(d.area.code)}`}>{i.title}</Link>
            {i.adjusted && <span className="lantern-figure-note">observed ÷ expected</span>}
          </>
        ),
        label: i.adjusted ? `${i.title} (observed ÷ expected)` : i.title,
        sortValue: (p) => {
          const c = p.cells[i.code];
          return c ? READING_RANK[c.reading] : null;
        },
        cellClass: (p) => {
          const c = p.cells[i.code];
          return c ? `lantern-cell lantern-cell--${c.reading}` : 'lantern-cell';
        },
        cell: (p) => {
          const c = p.cells[i.code];
          return c ? (
            <>
              <span aria-hidden="true">{READING[c.reading].symbol} </span>
              {f(c.value)}
              <span className="nhsuk-u-visually-hidden">
                {' '}
                ({READING[c.reading].text}; expected {f(c.expected)})
              </span>
            </>
          ) : (
            <span>no result</span>
          );
        },
      })),
      { key: 'why', header: 'Why', label: 'Why', cellClass: () => 'lantern-why', cell: (p) => p.reason },
    ],
    [d],
  );
  return (
    <DataTable
      id="practices"
      rows={d.practices}
      columns={columns}
      rowKey={(p) => p.code}
      caption={`Practices of ${d.area.name}, their tiers and their latest results on each adopted indicator`}
      noun="practices"
      filterText={(p) => `${p.name} ${p.code}`}
      filterLabel="Filter practices by name or ODS code"
      defaultSort="tier"
      className="lantern-matrix"
    />
  );
}
