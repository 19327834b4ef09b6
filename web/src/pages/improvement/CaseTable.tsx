/** A table of improvement cases. */
import { Link } from '../../components/Link';
import { ScrollTable } from '../../components/ScrollTable';
import { type CaseSummary, dateGb, dueLabel } from './cases';

export function CaseTable({ cases }: { cases: CaseSummary[] }) {
  return (
    <ScrollTable className="nhsuk-table nhsuk-body-s">
      <thead className="nhsuk-table__head">
        <tr>
          <th scope="col">Case</th>
          <th scope="col">Practice</th>
          <th scope="col">Stage</th>
          <th scope="col">Opened</th>
          <th scope="col">Next date</th>
        </tr>
      </thead>
      <tbody>
        {cases.map((c) => (
          <tr key={c.id}>
            <td>
              <Link href={`/improvement/${c.id}`}>Case {c.id}</Link>
            </td>
            <td>
              {c.practiceName} {c.practiceCode}
            </td>
            <td>{c.stageLabel}</td>
            <td>{dateGb(c.openedAt)}</td>
            <td>
              {dueLabel(c)}
              {c.overdue && (
                <strong className="nhsuk-tag nhsuk-tag--red nhsuk-u-margin-left-2">Overdue</strong>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
