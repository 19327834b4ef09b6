/**
 * Practices left out of a comparison because their value cannot be right as published (a proportion above 100%,
 * an FTE of 0 that means "not returned", a negative payment, a denominator of 0), grouped by the reason.
 */
import { Details } from './Details';
import { Link, practiceHref } from './Link';

export function QualityExclusions({
  items,
}: {
  items: Array<{ code: string; name: string; reason: string }> | undefined;
}) {
  if (!items?.length) return null;
  const byReason = new Map<string, Array<{ code: string; name: string }>>();
  for (const i of items) byReason.set(i.reason, [...(byReason.get(i.reason) ?? []), i]);
  return (
    <Details
      summary={`${items.length} ${items.length === 1 ? 'practice' : 'practices'} left out: ${items.length === 1 ? 'its value cannot' : 'their values cannot'} be right as published`}
    >
      <p className="nhsuk-body-s">
        These values are kept as published and shown on each practice’s page with the reason, but left out of
        this comparison, its limits and the England and CCG figures.
      </p>
      {[...byReason].map(([reason, practices]) => (
        <section key={reason} data-quality-reason={reason}>
          <h3 className="nhsuk-heading-xs">
            {reason[0]!.toUpperCase() + reason.slice(1)} ({practices.length})
          </h3>
          <ul className="nhsuk-list nhsuk-body-s">
            {practices.map((p) => (
              <li key={p.code}>
                <Link href={practiceHref(p.code)}>{p.name}</Link> ({p.code})
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Details>
  );
}
