/** What a document or meeting is linked to. */
import { Link, orgHref } from '../../components/Link';

const LINK_LABEL: Record<string, string> = {
  practice: 'Practice',
  indicator: 'Indicator',
  tier_rules: 'Tier rules version',
  improvement_case: 'Improvement case',
};

export function Links({ links }: { links: Array<{ kind: string; target: string }> }) {
  if (links.length === 0) return null;
  return (
    <>
      <h2>Linked to</h2>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {links.map((l) => (
          <li key={`${l.kind}:${l.target}`}>
            {LINK_LABEL[l.kind]}:{' '}
            {l.kind === 'practice' ? (
              <Link href={orgHref(l.target)}>{l.target}</Link>
            ) : l.kind === 'indicator' ? (
              <Link href={`/indicators/${l.target}`}>{l.target}</Link>
            ) : l.kind === 'improvement_case' ? (
              <Link href={`/improvement/${l.target}`}>Case {l.target}</Link>
            ) : (
              <Link href="/tiers/rules">version {l.target}</Link>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}
