/** Pieces shared by the proactive-care pages: the gate, the callout, the breadcrumb, a patient's frailty, GP and care plan. */
import type { ReactNode } from 'react';
import { useApi } from '../../api';
import type { Answer } from '../../api/client';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Link, orgHref } from '../../components/Link';
import { useSession } from '../../session';
import type { PatientSummary } from './patientAnswers';
import { BAND_LABEL, BAND_TAG, proactiveCareHref, dateGb } from './patientWords';

/**
 * Who may see the patients here: the practice's clinicians only. Anyone else is told so, and no patient row is asked
 * for (the server would answer 404 in any case).
 */
export function Gate({ code, children }: { code: string; children: ReactNode }) {
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
export function SyntheticCallout() {
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

export function Breadcrumb({ code, name, list }: { code: string; name: string; list?: boolean }) {
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
export function usePracticeName(code: string): string {
  const org = useApi<Answer<'/api/organisations/{code}', 'get'>>(
    `/api/organisations/${encodeURIComponent(code)}`,
  );
  return org.state === 'ready' ? org.data.organisation.name : code;
}

/** The eFI band as a tag and the score; in a table (short) the band's first word only, the column says frailty. */
export const Frailty = ({ p, short = false }: { p: PatientSummary; short?: boolean }) => (
  <span className="lantern-nowrap">
    <strong className={`nhsuk-tag ${BAND_TAG[p.frailty.band]}`}>
      {short ? BAND_LABEL[p.frailty.band].split(' ')[0] : BAND_LABEL[p.frailty.band]}
    </strong>{' '}
    {p.frailty.score.toFixed(2)}
  </span>
);

export const NamedGp = ({ value }: { value: string | null }) =>
  value ? (
    <>{value}</>
  ) : (
    <strong className="nhsuk-tag nhsuk-tag--orange lantern-nowrap">None recorded</strong>
  );

export function CarePlan({ plan }: { plan: PatientSummary['carePlan'] }) {
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
