/** Links to the reports people take to meetings: the practice report, and an area's quality committee pack. */
import { useCanAt } from '../session';

function ReportLinks({
  heading,
  id,
  href,
  what,
}: {
  heading: string;
  id: string;
  href: string;
  what: string;
}) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{heading}</h2>
      <ul className="nhsuk-list">
        <li>
          <a href={`${href}?format=pdf`} download>
            Download {what} (PDF)
          </a>
        </li>
        <li>
          <a href={`${href}?format=html`} target="_blank" rel="noopener">
            View as web page<span className="nhsuk-u-visually-hidden"> ({what})</span>
          </a>
        </li>
      </ul>
    </section>
  );
}

/**
 * For the practice's members and its commissioners: those who may see its tier. Offered, as the tier panel is, to
 * those the server says may see it for this practice (a grant over an area covers its practices).
 */
export function PracticeReportLinks({ code }: { code: string }) {
  const allowed = useCanAt(code)('tiers.read');
  if (!allowed) return null;
  return (
    <ReportLinks
      heading="Practice report for your meeting"
      id="practice-report-heading"
      href={`/api/reports/practice/${encodeURIComponent(code)}`}
      what="practice report"
    />
  );
}

/** For the area's commissioner team: those who may see every tier in it (as the server says, as above). */
export function CommitteePackLinks({ code }: { code: string }) {
  const allowed = useCanAt(code)('tiers.read_area');
  if (!allowed) return null;
  return (
    <ReportLinks
      heading="Quality committee pack"
      id="committee-pack-heading"
      href={`/api/reports/committee/${encodeURIComponent(code)}`}
      what="quality committee pack"
    />
  );
}
