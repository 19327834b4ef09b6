/** One patient's proactive-care record (/practices/:code/proactive-care/:id). */
import { useEffect, useState, type ReactNode } from 'react';
import { invalidateApi, useApi } from '../../api';
import { Link } from '../../components/Link';
import { Panel } from '../../components/Panel';
import { ScrollTable } from '../../components/ScrollTable';
import type { PatientAnswer } from './patientAnswers';
import { CARE_LABEL, SEX_LABEL, proactiveCareHref, dateGb, whole, nhsNumber, riskText } from './patientWords';
import { useTitle } from './useTitle';
import { type Purpose, usePurpose } from './usePurpose';
import { PurposeForm, PurposeLine } from './PurposeForm';
import {
  Gate,
  SyntheticCallout,
  Breadcrumb,
  usePracticeName,
  Frailty,
  NamedGp,
  CarePlan,
} from './ProactiveCareParts';
import { NamedGpForm } from './NamedGpForm';
import { CarePlanForm } from './CarePlanForm';

export function ProactivePatient({ code, id }: { code: string; id: number }) {
  const name = usePracticeName(code);
  useTitle(`Patient – Proactive care – ${name}`);
  return (
    <>
      <Breadcrumb code={code} name={name} list />
      <Gate code={code}>
        <PatientWithPurpose code={code} id={id} name={name} />
      </Gate>
    </>
  );
}

function PatientWithPurpose({ code, id, name }: { code: string; id: number; name: string }) {
  const [purpose, setPurpose] = usePurpose();
  const [changing, setChanging] = useState(false);
  if (!purpose || changing)
    return (
      <>
        <span className="nhsuk-caption-l">Proactive care · {name}</span>
        <h1>Patient</h1>
        <PurposeForm
          current={purpose}
          onChoose={(p) => {
            setPurpose(p);
            setChanging(false);
          }}
        />
      </>
    );
  return (
    <PatientView
      key={id}
      code={code}
      id={id}
      name={name}
      purpose={purpose}
      onChange={() => setChanging(true)}
    />
  );
}

function PatientView({
  code,
  id,
  name,
  purpose,
  onChange,
}: {
  code: string;
  id: number;
  name: string;
  purpose: Purpose;
  onChange: () => void;
}) {
  const [saved, setSaved] = useState<string | null>(null);
  const data = useApi<PatientAnswer>(
    `/api/practices/${encodeURIComponent(code)}/patients/${id}?purpose=${purpose}`,
  );
  // the page keeps what it shows while it fetches again after a save (the forms keep their place)
  const [last, setLast] = useState<PatientAnswer | null>(null);
  useEffect(() => {
    if (data.state === 'ready') setLast(data.data);
  }, [data]);
  const shown = data.state === 'ready' ? data.data : last;
  const done = async (what: string) => {
    // the patient's answer and the list it sits in both change; what was saved is said once the page
    // shows it, so the forms never offer the choice that held before the save beside "recorded"
    await invalidateApi(`/api/practices/${encodeURIComponent(code)}/patients`);
    setSaved(what);
  };
  if (!shown || data.state === 'error')
    return (
      <>
        <span className="nhsuk-caption-l">Proactive care · {name}</span>
        <h1>Patient</h1>
        <PurposeLine purpose={purpose} onChange={onChange} />
        <Panel data={data} empty="">
          {() => null}
        </Panel>
      </>
    );
  const p = shown.patient;
  return (
    <>
      <span className="nhsuk-caption-l">Proactive care · {shown.practice.name}</span>
      <h1>Patient {nhsNumber(p)}</h1>
      {shown.synthetic && <SyntheticCallout />}
      <PurposeLine purpose={purpose} onChange={onChange} />
      {saved && (
        <div className="nhsuk-inset-text" role="status">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          <p>{saved}</p>
        </div>
      )}
      <dl className="nhsuk-summary-list" data-patient-summary="true">
        {(
          [
            ['Age and sex', `${p.age}, ${(SEX_LABEL[p.sex] ?? p.sex).toLowerCase()}`],
            [
              'Frailty (eFI)',
              <>
                <Frailty p={p} /> ({p.frailty.deficits} of 36 deficits)
              </>,
            ],
            ['Emergency admission risk (12 months)', riskText(p.risk)],
            ['Emergency admissions in the last 12 months', whole(p.admissionsPrior)],
            ['GP appointments in the last 12 months', whole(p.appointmentsPrior)],
            ['Named GP', <NamedGp key="gp" value={p.namedGp} />],
            ['Care plan', <CarePlan key="plan" plan={p.carePlan} />],
          ] as Array<[string, ReactNode]>
        ).map(([k, v]) => (
          <div className="nhsuk-summary-list__row" key={k}>
            <dt className="nhsuk-summary-list__key">{k}</dt>
            <dd className="nhsuk-summary-list__value">{v}</dd>
          </div>
        ))}
      </dl>
      <p className="nhsuk-body-s">
        As at {dateGb(shown.asAt)}. <Link href={proactiveCareHref(code)}>Back to the lists</Link>
      </p>
      <div className="lantern-grid">
        <section aria-labelledby="conditions-heading">
          <h2 id="conditions-heading">Conditions</h2>
          {p.conditionNames.length ? (
            <ul className="nhsuk-list nhsuk-list--bullet" data-conditions="true">
              {p.conditionNames.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : (
            <p className="nhsuk-body">None on a QOF register.</p>
          )}
        </section>
        <section aria-labelledby="deficits-heading">
          <h2 id="deficits-heading">Frailty deficits (eFI)</h2>
          {p.deficitNames.length ? (
            <ul className="nhsuk-list nhsuk-list--bullet lantern-columns" data-deficits="true">
              {p.deficitNames.map((c) => (
                <li key={c}>{c}</li>
              ))}
            </ul>
          ) : (
            <p className="nhsuk-body">No deficit recorded.</p>
          )}
        </section>
      </div>
      <div className="lantern-grid">
        {/* each form starts again from what the server holds once it answers with what was saved */}
        <NamedGpForm
          key={`gp:${p.namedGp}`}
          code={code}
          patient={p}
          onStart={() => setSaved(null)}
          onSaved={done}
        />
        <CarePlanForm
          key={`plan:${p.carePlan.agreed}:${p.carePlan.reviewed}`}
          code={code}
          patient={p}
          onStart={() => setSaved(null)}
          onSaved={done}
        />
      </div>
      <section aria-labelledby="history-heading">
        <h2 id="history-heading">Care history</h2>
        {shown.history.length === 0 ? (
          <p className="nhsuk-body">Nothing recorded yet.</p>
        ) : (
          <ScrollTable className="nhsuk-table nhsuk-body-s" data-history="true">
            <caption className="nhsuk-u-visually-hidden">What the practice recorded, oldest first</caption>
            <thead className="nhsuk-table__head">
              <tr>
                <th scope="col">What</th>
                <th scope="col">Value or date</th>
                <th scope="col">Recorded by</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {shown.history.map((h, i) => (
                <tr key={`${h.at}-${i}`}>
                  <td>{CARE_LABEL[h.kind] ?? h.kind}</td>
                  <td>{h.kind === 'named_gp' ? h.value : dateGb(h.onDate)}</td>
                  <td>{h.actor}</td>
                  <td>
                    {new Date(h.at).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' })}
                  </td>
                </tr>
              ))}
            </tbody>
          </ScrollTable>
        )}
      </section>
    </>
  );
}
