/** NHS.UK pagination for the patient lists. */
import { Link } from '../../components/Link';
import type { PatientList } from './patientAnswers';
import { proactiveCareHref } from './patientWords';

/** NHS.UK pagination: previous and next pages, each saying which page it is. */
export function Pagination({
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
