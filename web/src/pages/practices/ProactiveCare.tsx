/** A practice's patient lists for proactive care (/practices/:code/proactive-care). */
import { useState } from 'react';
import { useApi } from '../../api';
import { Link } from '../../components/Link';
import { Panel } from '../../components/Panel';
import type { PatientList } from './patientAnswers';
import type { ListAnswer } from './patientAnswers';
import { proactiveCareHref, dateGb, whole, pct, listTitle } from './patientWords';
import { useTitle } from './useTitle';
import { type Purpose, usePurpose } from './usePurpose';
import { PurposeForm, PurposeLine } from './PurposeForm';
import { Gate, SyntheticCallout, Breadcrumb, usePracticeName } from './ProactiveCareParts';
import { PatientTable } from './PatientTable';
import { FrailtyBands } from './FrailtyBands';
import { Pagination } from './Pagination';

export function ProactiveCare({ code, list, page }: { code: string; list: PatientList; page: number }) {
  const name = usePracticeName(code);
  useTitle(`Proactive care – ${name}`);
  return (
    <>
      <Breadcrumb code={code} name={name} />
      <span className="nhsuk-caption-l">
        {name} · {code}
      </span>
      <h1>Proactive care</h1>
      <p className="nhsuk-body">
        The practice’s patients aged 75 and over and its adults at highest predicted risk of an emergency
        admission, with their frailty, a named accountable GP and a care plan agreed and reviewed with each of
        them.
      </p>
      <Gate code={code}>
        <ListWithPurpose code={code} list={list} page={page} />
      </Gate>
    </>
  );
}

function ListWithPurpose({ code, list, page }: { code: string; list: PatientList; page: number }) {
  const [purpose, setPurpose] = usePurpose();
  const [changing, setChanging] = useState(false);
  if (!purpose || changing)
    return (
      <PurposeForm
        current={purpose}
        onChoose={(p) => {
          setPurpose(p);
          setChanging(false);
        }}
      />
    );
  return (
    <>
      <PurposeLine purpose={purpose} onChange={() => setChanging(true)} />
      <PatientLists code={code} list={list} page={page} purpose={purpose} />
    </>
  );
}

function PatientLists({
  code,
  list,
  page,
  purpose,
}: {
  code: string;
  list: PatientList;
  page: number;
  purpose: Purpose;
}) {
  const data = useApi<ListAnswer>(
    `/api/practices/${encodeURIComponent(code)}/patients?list=${list}&purpose=${purpose}&page=${page}`,
  );
  return (
    <Panel
      data={data}
      isEmpty={(d) => d.extract === null}
      empty={
        <>
          <p>
            There is no patient list for this practice yet. One is made, then scored for frailty and
            emergency-admission risk, by either of:
          </p>
          <ul>
            <li>
              a SYNTHETIC list from the practice’s published age/sex list sizes and QOF registers:{' '}
              <code>lantern population generate --practice {code}</code>
            </li>
            <li>
              a real pseudonymised extract from the practice’s clinical system:{' '}
              <code>lantern population import FILE</code>
            </li>
          </ul>
        </>
      }
    >
      {(d) => <ListView d={d} />}
    </Panel>
  );
}

function ListView({ d }: { d: ListAnswer }) {
  const code = d.practice.code;
  const s = d.summary!;
  const pages = Math.max(1, Math.ceil(d.total / d.pageSize));
  const first = (d.page - 1) * d.pageSize;
  const title = listTitle(d.list, d.highRiskShare);
  return (
    <>
      {d.extract!.synthetic && <SyntheticCallout />}
      <section aria-labelledby="headline-heading">
        <h2 id="headline-heading">The practice’s list</h2>
        <p className="nhsuk-body-s">
          As at {dateGb(d.extract!.asAt)}: {d.extract!.source}.
        </p>
        <div className="lantern-grid">
          <dl className="nhsuk-summary-list lantern-headline" data-headline="true">
            {(
              [
                ['Registered patients', whole(s.patients)],
                ['Aged 75 and over', whole(s.over75)],
                [
                  'Aged 75 and over with a named GP',
                  `${whole(s.over75NamedGp)} (${pct(s.over75NamedGp, s.over75)})`,
                ],
                ['Aged 65 and over', whole(s.aged65)],
              ] as const
            ).map(([k, v]) => (
              <div className="nhsuk-summary-list__row" key={k}>
                <dt className="nhsuk-summary-list__key">{k}</dt>
                <dd className="nhsuk-summary-list__value">{v}</dd>
              </div>
            ))}
          </dl>
          <FrailtyBands s={s} />
        </div>
      </section>
      <section aria-labelledby="list-heading">
        <h2 id="list-heading" className="nhsuk-u-visually-hidden">
          Patient lists
        </h2>
        <nav className="lantern-tabs" aria-label="Patient lists">
          <ul>
            {(['over75', 'high_risk'] as const).map((l) => (
              <li key={l} className={l === d.list ? 'lantern-tabs__selected' : undefined}>
                <Link href={proactiveCareHref(code, l)} className="lantern-tabs__link" current={l === d.list}>
                  {listTitle(l, d.highRiskShare)}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <p className="nhsuk-body-s" data-model="true">
          {d.model
            ? `Risk from ${d.model.version}: ${d.model.source}${d.model.auc !== null ? ` (AUC ${d.model.auc.toFixed(2)})` : ''}.`
            : 'No risk model has been fitted yet, so no patient has a predicted risk.'}{' '}
          Ordered by predicted risk of an emergency admission in the next 12 months, highest first.
        </p>
        {d.patients.length === 0 ? (
          <div className="nhsuk-inset-text">
            <span className="nhsuk-u-visually-hidden">Information: </span>
            <p>
              {d.total === 0
                ? `No patient is on this list.`
                : `No patient on page ${d.page}: the list has ${pages} page${pages === 1 ? '' : 's'}.`}
            </p>
          </div>
        ) : (
          <PatientTable d={d} title={title} />
        )}
        {d.total > 0 && (
          <p className="nhsuk-body-s" aria-live="polite">
            Showing {whole(Math.min(first + 1, d.total))}–
            {whole(Math.min(first + d.patients.length, d.total))} of {whole(d.total)} patients.
          </p>
        )}
        {pages > 1 && <Pagination code={code} list={d.list} page={d.page} pages={pages} />}
      </section>
    </>
  );
}
