/** One page of a patient list as a table. */
import { Link } from '../../components/Link';
import { ScrollTable } from '../../components/ScrollTable';
import type { ListAnswer } from './patientAnswers';
import { SEX_LABEL, patientHref, whole, nhsNumber, riskText } from './patientWords';
import { Frailty, NamedGp, CarePlan } from './ProactiveCareParts';

export function PatientTable({ d, title }: { d: ListAnswer; title: string }) {
  return (
    <ScrollTable className="nhsuk-table nhsuk-body-s lantern-compact" data-list={d.list}>
      <caption className="nhsuk-table__caption">
        {title}: {whole(d.total)} patients
      </caption>
      <thead className="nhsuk-table__head">
        <tr>
          <th scope="col">NHS number</th>
          <th scope="col">Age</th>
          <th scope="col">Sex</th>
          <th scope="col">Frailty (eFI)</th>
          <th scope="col">Emergency admission risk (12 months)</th>
          <th scope="col">Named GP</th>
          <th scope="col">Care plan</th>
        </tr>
      </thead>
      <tbody>
        {d.patients.map((p) => (
          <tr key={p.id} data-patient={p.id}>
            <th scope="row" className="lantern-nowrap">
              <Link href={patientHref(d.practice.code, p.id)}>{nhsNumber(p)}</Link>
            </th>
            <td>{p.age}</td>
            <td>{SEX_LABEL[p.sex] ?? p.sex}</td>
            <td>
              <Frailty p={p} short />
            </td>
            <td>{riskText(p.risk)}</td>
            <td data-named-gp="true">
              <NamedGp value={p.namedGp} />
            </td>
            <td data-care-plan="true">
              <CarePlan plan={p.carePlan} />
            </td>
          </tr>
        ))}
      </tbody>
    </ScrollTable>
  );
}
