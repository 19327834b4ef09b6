import { useApi } from '../api';
import { Panel } from './Panel';
import { Link, orgHref } from './Link';
import { useSession } from '../session';

interface Evidence {
  indicator: string;
  title: string;
  periodStart: string;
  numerator: number;
  denominator: number;
  value: number;
  expected: number;
  lowerStrict: number;
  upperStrict: number;
  lowerWatch: number;
  upperWatch: number;
  q: number;
  worseStrict: boolean;
  worseWatch: boolean;
}
interface PracticeTier {
  tier: string | null;
  tierLabel: string | null;
  reason: string;
  ruleVersion: number;
  rules: string[];
  about: string;
  evidence: Evidence[];
}

const f = (v: number) => (Math.abs(v) >= 100 ? v.toFixed(1) : v.toPrecision(3));

/** A practice's tier, its reason, the rule set as applied, and the evidence. Shown to those who may see it. */
export function PracticeTierPanel({ code }: { code: string }) {
  const { hasRole } = useSession();
  const allowed = hasRole(
    'admin',
    'commissioner_lead',
    'commissioner_analyst',
    'practice_user',
    'peer_group_lead',
  );
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
              <table className="nhsuk-table nhsuk-body-s">
                <caption className="nhsuk-table__caption">The results behind it</caption>
                <thead className="nhsuk-table__head">
                  <tr>
                    <th scope="col">Indicator</th>
                    <th scope="col">Period</th>
                    <th scope="col">Value</th>
                    <th scope="col">Expected</th>
                    <th scope="col">99.8% limits</th>
                    <th scope="col">q-value</th>
                    <th scope="col">Reading</th>
                  </tr>
                </thead>
                <tbody>
                  {t.evidence.map((e) => (
                    <tr key={`${e.indicator}-${e.periodStart}`}>
                      <td>
                        <Link href={`/indicators/${e.indicator}?period=${e.periodStart.slice(0, 7)}`}>
                          {e.title}
                        </Link>
                      </td>
                      <td>{e.periodStart.slice(0, 7)}</td>
                      <td>
                        {f(e.value)} ({e.numerator.toLocaleString('en-GB')} /{' '}
                        {Math.round(e.denominator).toLocaleString('en-GB')})
                      </td>
                      <td>{f(e.expected)}</td>
                      <td>
                        {f(e.lowerStrict)} to {f(e.upperStrict)}
                      </td>
                      <td>{e.q < 0.001 ? '< 0.001' : e.q.toFixed(3)}</td>
                      <td>
                        {e.worseStrict
                          ? 'worse than expected beyond 99.8% limits'
                          : e.worseWatch
                            ? 'worse than expected beyond 95% limits'
                            : 'within expected variation'}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
            <details className="nhsuk-details">
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">
                  The rules applied (version {t.ruleVersion})
                </span>
              </summary>
              <div className="nhsuk-details__text">
                <ul className="nhsuk-list nhsuk-list--bullet">
                  {t.rules.map((r) => (
                    <li key={r}>{r}</li>
                  ))}
                </ul>
              </div>
            </details>
          </>
        )}
      </Panel>
    </section>
  );
}

interface AreaTiers {
  area: { code: string; name: string };
  ruleVersion: number;
  counts: Record<string, number>;
  labels: Record<string, string>;
  about: string;
  practices: Array<{ code: string; name: string; tier: string; reason: string }>;
}

/** Tiers of every practice in a CCG or ICB: counts, then the practices, below the line first. */
export function AreaTiersPanel({ code }: { code: string }) {
  const { hasRole } = useSession();
  const allowed = hasRole('admin', 'commissioner_lead', 'commissioner_analyst');
  const data = useApi<AreaTiers>(allowed ? `/api/tiers?area=${encodeURIComponent(code)}` : null);
  if (!allowed) return null;
  return (
    <section aria-labelledby="tiers-heading">
      <h2 id="tiers-heading">Practice tiers</h2>
      <Panel
        data={data}
        isEmpty={(d) => d.practices.length === 0}
        empty="No practice here has results for the adopted indicators."
      >
        {(d) => (
          <>
            <p className="nhsuk-body">
              {Object.entries(d.counts)
                .reverse()
                .map(([t, n]) => `${d.labels[t]}: ${n}`)
                .join(' · ')}{' '}
              (rule set version {d.ruleVersion}; <Link href="/tiers/rules">how tiers are decided</Link>).{' '}
              {d.about}
            </p>
            <table className="nhsuk-table nhsuk-body-s">
              <thead className="nhsuk-table__head">
                <tr>
                  <th scope="col">Practice</th>
                  <th scope="col">Tier</th>
                  <th scope="col">Why</th>
                </tr>
              </thead>
              <tbody>
                {d.practices.map((p) => (
                  <tr key={p.code}>
                    <td>
                      <Link href={orgHref(p.code)}>{p.name}</Link> {p.code}
                    </td>
                    <td>{d.labels[p.tier]}</td>
                    <td>{p.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </Panel>
    </section>
  );
}
