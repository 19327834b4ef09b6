/** A concern's deadlines: a tag for one, a table of all. */
import type { Deadline } from '../../../../src/concerns/workflow';
import { ScrollTable } from '../../components/ScrollTable';
import { dateGb } from './labels';

export function DeadlineTag({ d }: { d: Deadline }) {
  if (d.stopped) return <span className="nhsuk-tag nhsuk-tag--grey">Not needed</span>;
  if (d.metOn)
    return (
      <span className={`nhsuk-tag ${d.overdue ? 'nhsuk-tag--orange' : 'nhsuk-tag--green'}`}>
        {d.overdue ? 'Met late' : 'Met'} {dateGb(d.metOn)}
      </span>
    );
  if (d.overdue) return <span className="nhsuk-tag nhsuk-tag--red">Overdue</span>;
  return (
    <span className="nhsuk-tag nhsuk-tag--blue">
      {d.workingDaysLeft} working day{d.workingDaysLeft === 1 ? '' : 's'} left
    </span>
  );
}

export function DeadlinesTable({ deadlines }: { deadlines: Deadline[] }) {
  if (deadlines.length === 0)
    return <p className="nhsuk-body">No deadlines yet: the clocks start when the concern is submitted.</p>;
  return (
    <ScrollTable className="nhsuk-table nhsuk-body-s" aria-label="Deadlines in working days">
      <thead className="nhsuk-table__head">
        <tr>
          <th scope="col">Step</th>
          <th scope="col">Due by</th>
          <th scope="col">State</th>
        </tr>
      </thead>
      <tbody>
        {deadlines.map((d) => (
          <tr key={d.name} data-deadline={d.name}>
            <td>{d.label}</td>
            <td data-due={d.due}>{dateGb(d.due)}</td>
            <td>
              <DeadlineTag d={d} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
