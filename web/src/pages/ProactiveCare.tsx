/**
 * Proactive care, for a practice's own clinicians: its patients aged 75 and over and its adults at highest predicted
 * risk of an emergency admission, each with frailty (eFI), risk, named accountable GP and care plan; one patient's
 * conditions, deficits and care history, with forms to record a named GP and a care plan. Before any patient row is
 * fetched the clinician gives the purpose, which the server records with every view; nobody else is sent a row
 * (the server decides, answering 404; this page only says so without asking).
 */
import { useEffect, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import * as Plot from '@observablehq/plot';
import { ApiError, send, useApi, type CatalogueEntry, type OrganisationPage } from '../api';
import { DateField, TextField } from '../components/Field';
import { ErrorSummary, type FieldError } from '../components/ErrorSummary';
import { Link, orgHref } from '../components/Link';
import { Panel } from '../components/Panel';
import { ScrollTable } from '../components/ScrollTable';
import { PlotFigure } from '../charts/PlotFigure';
import { useSession } from '../session';
import type { PURPOSES as SERVER_PURPOSES } from '../../../src/population/contract';
import { FRAILTY_BANDS, type FrailtyBand } from '../../../src/population/efi';
import type { CareEvent, CareKind, frailtyBandCounts, PatientList } from '../../../src/db/repos/population';

/** Why the clinician opens patient-level data: the route's purposes, word for word (the compiler checks). */
const PURPOSES: typeof SERVER_PURPOSES = {
  direct_care: 'direct care of the patients listed',
  care_planning: 'proactive care planning',
  case_finding: 'case finding for those most at risk',
};
type Purpose = keyof typeof PURPOSES;

type Band = FrailtyBand;
const BAND_LABEL = Object.fromEntries(FRAILTY_BANDS.map((b) => [b.band, b.label])) as Record<Band, string>;
const BAND_TAG: Record<Band, string> = {
  fit: 'nhsuk-tag--green',
  mild: 'nhsuk-tag--yellow',
  moderate: 'nhsuk-tag--orange',
  severe: 'nhsuk-tag--red',
};
const CARE_LABEL: Record<CareKind, string> = {
  named_gp: 'Named GP',
  care_plan_agreed: 'Care plan agreed',
  care_plan_reviewed: 'Care plan reviewed',
};
const SEX_LABEL: Record<string, string> = { male: 'Male', female: 'Female' };

/** A patient as the route sends them. */
interface PatientSummary {
  id: number;
  nhsNumber: string | null;
  patientRef: string;
  age: number;
  sex: 'male' | 'female';
  conditions: string[];
  frailty: { deficits: number; score: number; band: Band };
  risk: number | null;
  namedGp: string | null;
  carePlan: { agreed: string | null; reviewed: string | null; current: boolean };
}
interface ListAnswer {
  practice: { code: string; name: string };
  list: PatientList;
  purpose: Purpose;
  highRiskShare: number;
  model: { version: string; source: string; auc: number | null; n: number | null } | null;
  page: number;
  pageSize: number;
  extract: { synthetic: boolean; asAt: string; source: string; patients: number } | null;
  summary: Awaited<ReturnType<typeof frailtyBandCounts>> | null;
  total: number;
  patients: PatientSummary[];
}
interface PatientAnswer {
  practice: { code: string; name: string };
  synthetic: boolean;
  asAt: string;
  patient: PatientSummary & {
    admissionsPrior: number;
    appointmentsPrior: number;
    conditionNames: string[];
    deficitNames: string[];
  };
  history: CareEvent[];
}

export const proactiveCareHref = (code: string, list?: PatientList, page?: number) => {
  const qs = new URLSearchParams();
  if (list && list !== 'over75') qs.set('list', list);
  if (page && page > 1) qs.set('page', String(page));
  return `/practices/${encodeURIComponent(code)}/proactive-care${qs.size ? `?${qs}` : ''}`;
};
const patientHref = (code: string, id: number) =>
  `/practices/${encodeURIComponent(code)}/proactive-care/${id}`;

const dateGb = (d: string | null) =>
  d ? new Date(`${d.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { dateStyle: 'medium' }) : '';
const whole = (n: number) => n.toLocaleString('en-GB');
const pct = (part: number, of: number) => (of > 0 ? `${((100 * part) / of).toFixed(1)}%` : '–');
/** An NHS number as it is written: 3, 3 and 4 digits. */
const nhsNumber = (p: Pick<PatientSummary, 'nhsNumber' | 'patientRef'>) =>
  p.nhsNumber ? p.nhsNumber.replace(/^(\d{3})(\d{3})(\d{4})$/, '$1 $2 $3') : `Ref ${p.patientRef}`;
const riskText = (r: number | null) => (r === null ? 'Not scored' : `${(r * 100).toFixed(1)}%`);
const listTitle = (list: PatientList, share: number) =>
  list === 'over75' ? 'Aged 75 and over' : `Highest risk (top ${Math.round(share * 100)}% of adults)`;

/** The page's title in the browser (its tab and history), put back when the page goes. */
function useTitle(title: string) {
  useEffect(() => {
    const before = document.title;
    document.title = `${title} – Lantern`;
    return () => {
      document.title = before;
    };
  }, [title]);
}

const PURPOSE_KEY = 'lantern.proactive-care.purpose';
const isPurpose = (v: unknown): v is Purpose => typeof v === 'string' && v in PURPOSES;

/** The purpose given in this browser tab's session (sessionStorage: gone when the tab closes). */
function usePurpose(): [Purpose | null, (p: Purpose | null) => void] {
  const [purpose, setPurpose] = useState<Purpose | null>(() => {
    try {
      const v = sessionStorage.getItem(PURPOSE_KEY);
      return isPurpose(v) ? v : null;
    } catch {
      return null;
    }
  });
  const set = (p: Purpose | null) => {
    try {
      if (p) sessionStorage.setItem(PURPOSE_KEY, p);
      else sessionStorage.removeItem(PURPOSE_KEY);
    } catch {
      // storage refused (a private window): the purpose lasts as long as the page
    }
    setPurpose(p);
  };
  return [purpose, set];
}

const AUDIT_NOTE =
  'Every list and patient you open is recorded in the audit trail with the purpose you give, and who you are.';

/** The choice of purpose, asked before any patient row is fetched. */
function PurposeForm({ current, onChoose }: { current: Purpose | null; onChoose: (p: Purpose) => void }) {
  const [error, setError] = useState<string | null>(null);
  const [attempt, setAttempt] = useState(0);
  const submit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = new FormData(e.currentTarget).get('purpose');
    if (!isPurpose(v)) {
      setError('Choose why you are opening these patients’ records.');
      setAttempt((n) => n + 1);
      return;
    }
    onChoose(v);
  };
  return (
    <form onSubmit={submit} noValidate aria-labelledby="purpose-heading">
      <h2 id="purpose-heading">Why are you opening these patients’ records?</h2>
      <ErrorSummary
        key={attempt}
        message={error}
        errors={error ? [{ field: 'purpose-direct_care', text: error }] : []}
        autoFocus
      />
      <div className={`nhsuk-form-group${error ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby="purpose-hint">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Purpose</legend>
          <div className="nhsuk-hint" id="purpose-hint">
            {AUDIT_NOTE} It is remembered until you close this tab.
          </div>
          {error && (
            <span className="nhsuk-error-message" id="purpose-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {error}
            </span>
          )}
          <div className="nhsuk-radios">
            {(Object.entries(PURPOSES) as Array<[Purpose, string]>).map(([value, label]) => (
              <div className="nhsuk-radios__item" key={value}>
                <input
                  className="nhsuk-radios__input"
                  id={`purpose-${value}`}
                  name="purpose"
                  type="radio"
                  value={value}
                  defaultChecked={value === current}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`purpose-${value}`}>
                  {label[0]!.toUpperCase() + label.slice(1)}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <button className="nhsuk-button" type="submit">
        Continue
      </button>
    </form>
  );
}

/** The purpose in force, and a way to change it. */
function PurposeLine({ purpose, onChange }: { purpose: Purpose; onChange: () => void }) {
  return (
    <p className="nhsuk-body" data-purpose={purpose}>
      Purpose: <strong>{PURPOSES[purpose]}</strong>{' '}
      <button type="button" className="lantern-link-button" onClick={onChange}>
        Change<span className="nhsuk-u-visually-hidden"> the purpose</span>
      </button>
      <br />
      <span className="nhsuk-body-s">{AUDIT_NOTE}</span>
    </p>
  );
}

/**
 * Who may see the patients here: the practice's clinicians only. Anyone else is told so, and no patient row is asked
 * for (the server would answer 404 in any case).
 */
function Gate({ code, children }: { code: string; children: ReactNode }) {
  const { session, can } = useSession();
  if (!session)
    return (
      <p className="nhsuk-body" role="status" aria-live="polite">
        Loading…
      </p>
    );
  if (!session.user) return <ErrorSummary message="Sign in to see the practice’s patients." signIn />;
  if (!can('population.patients', code))
    return (
      <div className="nhsuk-inset-text" data-refused="true">
        <span className="nhsuk-u-visually-hidden">Information: </span>
        <p>
          You cannot see this practice’s patients. Patient lists are for the practice’s own clinicians only
          (the practice clinician role, granted on this practice), and no patient row is sent to anyone else.
        </p>
        <p>
          The practice’s figures made from them, such as the share of its patients aged 75 and over with a
          named GP, are on <Link href={orgHref(code)}>the practice’s page</Link> and in the indicators.
        </p>
      </div>
    );
  return <>{children}</>;
}

/** The clear label of a synthetic list. */
function SyntheticCallout() {
  return (
    <div className="nhsuk-card nhsuk-card--warning" data-synthetic="true">
      <div className="nhsuk-card__content">
        <h2 className="nhsuk-card__heading">
          <span className="nhsuk-u-visually-hidden">Important: </span>SYNTHETIC patients
        </h2>
        <p className="nhsuk-card__description">
          These patients are synthetic: generated from the practice’s published age/sex list sizes and QOF
          registers; no real patient is shown.
        </p>
      </div>
    </div>
  );
}

function Breadcrumb({ code, name, list }: { code: string; name: string; list?: boolean }) {
  return (
    <nav className="nhsuk-breadcrumb" aria-label="Breadcrumb">
      <ol className="nhsuk-breadcrumb__list">
        <li className="nhsuk-breadcrumb__list-item">
          <Link className="nhsuk-breadcrumb__link" href="/">
            Home
          </Link>
        </li>
        <li className="nhsuk-breadcrumb__list-item">
          <Link className="nhsuk-breadcrumb__link" href={orgHref(code)}>
            {name}
          </Link>
        </li>
        {list && (
          <li className="nhsuk-breadcrumb__list-item">
            <Link className="nhsuk-breadcrumb__link" href={proactiveCareHref(code)}>
              Proactive care
            </Link>
          </li>
        )}
      </ol>
    </nav>
  );
}

/** The practice's name, from its public page (for the heading before any patient is fetched). */
function usePracticeName(code: string): string {
  const org = useApi<OrganisationPage>(`/api/organisations/${encodeURIComponent(code)}`);
  return org.state === 'ready' ? org.data.organisation.name : code;
}

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

function PatientTable({ d, title }: { d: ListAnswer; title: string }) {
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

/** The eFI band as a tag and the score; in a table (short) the band's first word only, the column says frailty. */
const Frailty = ({ p, short = false }: { p: PatientSummary; short?: boolean }) => (
  <span className="lantern-nowrap">
    <strong className={`nhsuk-tag ${BAND_TAG[p.frailty.band]}`}>
      {short ? BAND_LABEL[p.frailty.band].split(' ')[0] : BAND_LABEL[p.frailty.band]}
    </strong>{' '}
    {p.frailty.score.toFixed(2)}
  </span>
);

const NamedGp = ({ value }: { value: string | null }) =>
  value ? (
    <>{value}</>
  ) : (
    <strong className="nhsuk-tag nhsuk-tag--orange lantern-nowrap">None recorded</strong>
  );

function CarePlan({ plan }: { plan: PatientSummary['carePlan'] }) {
  const dates = [
    plan.agreed ? `agreed ${dateGb(plan.agreed)}` : null,
    plan.reviewed ? `last reviewed ${dateGb(plan.reviewed)}` : null,
  ].filter(Boolean);
  return (
    <>
      {plan.current ? (
        <strong className="nhsuk-tag nhsuk-tag--green">Current</strong>
      ) : (
        <strong className="nhsuk-tag nhsuk-tag--orange">Due</strong>
      )}
      {dates.length > 0 ? ` ${dates.join('; ')}` : ' no plan agreed'}
    </>
  );
}

/** The 65-and-overs by eFI band: a bar chart, and the same counts as a table. */
function FrailtyBands({ s }: { s: NonNullable<ListAnswer['summary']> }) {
  const rows = useMemo(() => FRAILTY_BANDS.map((b) => ({ band: b.label, n: s[b.band] })), [s]);
  const options = useMemo<Plot.PlotOptions>(
    () => ({
      width: 460,
      height: 170,
      marginLeft: 120,
      marginRight: 56,
      x: { label: 'Patients aged 65 and over →', grid: true },
      y: { label: null, domain: rows.map((r) => r.band) },
      ariaLabel: `Patients aged 65 and over by frailty: ${rows.map((r) => `${r.band} ${r.n}`).join(', ')}`,
      marks: [
        Plot.barX(rows, { x: 'n', y: 'band', fill: '#005eb8' }),
        Plot.text(rows, {
          x: 'n',
          y: 'band',
          text: (r: (typeof rows)[number]) => whole(r.n),
          dx: 4,
          textAnchor: 'start',
        }),
        Plot.ruleX([0]),
      ],
    }),
    [rows],
  );
  return (
    <div>
      <h3 className="nhsuk-heading-s">Frailty of patients aged 65 and over (eFI)</h3>
      <PlotFigure
        options={options}
        caption={`${FRAILTY_BANDS.map((b) => `${b.label}: eFI ${b.score}`).join('; ')} (Clegg et al., Age Ageing 2016).`}
      />
      <ScrollTable className="nhsuk-table nhsuk-body-s lantern-compact" data-frailty="true">
        <caption className="nhsuk-u-visually-hidden">Patients aged 65 and over by frailty band</caption>
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Band</th>
            <th scope="col">Patients</th>
            <th scope="col">Share</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.band}>
              <th scope="row">{r.band}</th>
              <td>{whole(r.n)}</td>
              <td>{pct(r.n, s.aged65)}</td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
    </div>
  );
}

/** NHS.UK pagination: previous and next pages, each saying which page it is. */
function Pagination({
  code,
  list,
  page,
  pages,
}: {
  code: string;
  list: PatientList;
  page: number;
  pages: number;
}) {
  return (
    <nav className="nhsuk-pagination" role="navigation" aria-label="Pages of patients">
      <ul className="nhsuk-list nhsuk-pagination__list">
        {page > 1 && (
          <li className="nhsuk-pagination-item--previous">
            <Link
              className="nhsuk-pagination__link nhsuk-pagination__link--prev"
              href={proactiveCareHref(code, list, page - 1)}
            >
              <span className="nhsuk-pagination__title">
                Previous<span className="nhsuk-u-visually-hidden"> page</span>
              </span>
              <span className="nhsuk-u-visually-hidden">:</span>
              <span className="nhsuk-pagination__page">
                Page {page - 1} of {pages}
              </span>
            </Link>
          </li>
        )}
        {page < pages && (
          <li className="nhsuk-pagination-item--next">
            <Link
              className="nhsuk-pagination__link nhsuk-pagination__link--next"
              href={proactiveCareHref(code, list, page + 1)}
            >
              <span className="nhsuk-pagination__title">
                Next<span className="nhsuk-u-visually-hidden"> page</span>
              </span>
              <span className="nhsuk-u-visually-hidden">:</span>
              <span className="nhsuk-pagination__page">
                Page {page + 1} of {pages}
              </span>
            </Link>
          </li>
        )}
      </ul>
    </nav>
  );
}

/* ---------------------------------------------------------------------------------------------------------------
 * One patient
 * ------------------------------------------------------------------------------------------------------------- */

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
  const [version, setVersion] = useState(0);
  const [saved, setSaved] = useState<string | null>(null);
  const data = useApi<PatientAnswer>(
    `/api/practices/${encodeURIComponent(code)}/patients/${id}?purpose=${purpose}&v=${version}`,
  );
  // the page keeps what it shows while it fetches again after a save (the forms keep their place)
  const [last, setLast] = useState<PatientAnswer | null>(null);
  useEffect(() => {
    if (data.state === 'ready') setLast(data.data);
  }, [data]);
  const shown = data.state === 'ready' ? data.data : last;
  const done = (what: string) => {
    setSaved(what);
    setVersion((v) => v + 1);
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

/** What went wrong with a form sent: the server's message, and each field it names (by the field's id here). */
interface FormProblem {
  message: string;
  fields: Record<string, string>;
}

function problemOf(err: unknown, fieldIds: Record<string, string>): FormProblem {
  const message = err instanceof Error ? err.message : String(err);
  const listed = err instanceof ApiError ? err.problem?.errors : undefined;
  const fields: Record<string, string> = {};
  if (Array.isArray(listed))
    for (const e of listed as Array<{ name?: unknown; message?: unknown }>) {
      const id = fieldIds[String(e.name)];
      if (id && typeof e.message === 'string') fields[id] = e.message;
    }
  return { message, fields };
}

/** The summary's links, one per field in error, each saying which field. */
const summaryErrors = (p: FormProblem | null, labels: Record<string, string>): FieldError[] =>
  p
    ? Object.entries(p.fields).map(([field, text]) => ({ field, text: `${labels[field] ?? field}: ${text}` }))
    : [];

function NamedGpForm({
  code,
  patient,
  onStart,
  onSaved,
}: {
  code: string;
  patient: PatientSummary;
  /** a new attempt: what was said of the last one goes */
  onStart: () => void;
  onSaved: (what: string) => void;
}) {
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const namedGp = String(new FormData(e.currentTarget).get('namedGp') ?? '');
    setBusy(true);
    onStart();
    try {
      await send('POST', `/api/practices/${encodeURIComponent(code)}/patients/${patient.id}/named-gp`, {
        namedGp,
      });
      setProblem(null);
      onSaved(`Named GP recorded: ${namedGp.trim()}.`);
    } catch (err) {
      setProblem(problemOf(err, { namedGp: 'named-gp' }));
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="named-gp-heading">
      <h2 id="named-gp-heading">Record named GP</h2>
      <ErrorSummary
        key={attempt}
        message={problem?.message ?? null}
        errors={summaryErrors(problem, { 'named-gp': 'Named accountable GP' })}
        autoFocus
      />
      <TextField
        id="named-gp"
        name="namedGp"
        label="Named accountable GP"
        hint="As the practice knows them: a name or a staff label. Never an NHS number."
        defaultValue={patient.namedGp ?? ''}
        maxLength={80}
        autoComplete="off"
        error={problem?.fields['named-gp']}
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
        Record named GP
      </button>
    </form>
  );
}

function CarePlanForm({
  code,
  patient,
  onStart,
  onSaved,
}: {
  code: string;
  patient: PatientSummary;
  /** a new attempt: what was said of the last one goes */
  onStart: () => void;
  onSaved: (what: string) => void;
}) {
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const [busy, setBusy] = useState(false);
  const today = new Date().toISOString().slice(0, 10);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const event = String(f.get('event') ?? '');
    const date = String(f.get('date') ?? '');
    setBusy(true);
    onStart();
    try {
      await send('POST', `/api/practices/${encodeURIComponent(code)}/patients/${patient.id}/care-plan`, {
        event,
        date,
      });
      setProblem(null);
      onSaved(`Care plan ${event === 'agreed' ? 'agreed' : 'reviewed'} on ${dateGb(date)} recorded.`);
    } catch (err) {
      setProblem(problemOf(err, { event: 'care-plan-agreed', date: 'care-plan-date' }));
      setAttempt((n) => n + 1);
    } finally {
      setBusy(false);
    }
  };
  const eventError = problem?.fields['care-plan-agreed'];
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="care-plan-heading">
      <h2 id="care-plan-heading">Record care plan</h2>
      <ErrorSummary
        key={attempt}
        message={problem?.message ?? null}
        errors={summaryErrors(problem, { 'care-plan-agreed': 'What was done', 'care-plan-date': 'Date' })}
        autoFocus
      />
      <div className={`nhsuk-form-group${eventError ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset
          className="nhsuk-fieldset"
          aria-describedby={`care-plan-hint${eventError ? ' care-plan-event-error' : ''}`}
        >
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">What was done</legend>
          <div className="nhsuk-hint" id="care-plan-hint">
            {patient.carePlan.agreed
              ? `The plan was agreed on ${dateGb(patient.carePlan.agreed)}; a review must be on or after that day.`
              : 'There is no agreed plan yet: record its agreement first.'}
          </div>
          {eventError && (
            <span className="nhsuk-error-message" id="care-plan-event-error">
              <span className="nhsuk-u-visually-hidden">Error:</span> {eventError}
            </span>
          )}
          <div className="nhsuk-radios">
            {(
              [
                ['agreed', 'Care plan agreed'],
                ['reviewed', 'Care plan reviewed'],
              ] as const
            ).map(([value, label]) => (
              <div className="nhsuk-radios__item" key={value}>
                <input
                  className="nhsuk-radios__input"
                  id={`care-plan-${value}`}
                  name="event"
                  type="radio"
                  value={value}
                  defaultChecked={value === (patient.carePlan.agreed ? 'reviewed' : 'agreed')}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`care-plan-${value}`}>
                  {label}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <DateField
        id="care-plan-date"
        name="date"
        label="Date"
        hint="The day it was agreed or reviewed with the patient; not in the future."
        max={today}
        error={problem?.fields['care-plan-date']}
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
        Record care plan
      </button>
    </form>
  );
}

/** On a practice's page, for its clinicians: the way to its patient lists. */
export function ProactiveCareLink({ code }: { code: string }) {
  const { can } = useSession();
  if (!can('population.patients', code)) return null;
  return (
    <section aria-labelledby="proactive-care-heading">
      <h2 id="proactive-care-heading">Proactive care</h2>
      <p className="nhsuk-body">
        <Link href={proactiveCareHref(code)}>
          Patients aged 75 and over and those at highest risk of an emergency admission
        </Link>
        : frailty, predicted risk, named GP and care plans, for the practice’s own clinicians. Every view is
        recorded in the audit trail with its purpose.
      </p>
    </section>
  );
}

/**
 * On an area's page, for the area's members: the practices' proactive-care aggregates (counts only, never a patient),
 * each a link to its funnel over the area's practices.
 */
export function AreaProactiveCare({ code }: { code: string }) {
  const { can } = useSession();
  const catalogue = useApi<{ indicators: CatalogueEntry[] }>('/api/indicators');
  if (!can('figures.raw', code) || catalogue.state !== 'ready') return null;
  const aggregates = catalogue.data.indicators.filter((i) => i.code.startsWith('pop_'));
  if (aggregates.length === 0) return null;
  const synthetic = aggregates.some((i) => /SYNTHETIC/.test(i.source));
  return (
    <section aria-labelledby="area-proactive-care-heading">
      <h2 id="area-proactive-care-heading">Proactive care across the practices</h2>
      <p className="nhsuk-body">
        Each practice’s figures from its patient list{synthetic ? ' (SYNTHETIC patients in this demo)' : ''},
        compared across the practices of {code}. Counts only: the patients themselves are seen by their own
        practice’s clinicians alone.
      </p>
      <ul className="nhsuk-list nhsuk-list--bullet">
        {aggregates.map((i) => (
          <li key={i.code}>
            <Link href={`/indicators/${encodeURIComponent(i.code)}?area=${encodeURIComponent(code)}`}>
              {i.title}
            </Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
