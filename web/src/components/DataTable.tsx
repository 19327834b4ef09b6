/**
 * A long table a person can use: a filter box, sorting by column (buttons in the headings, `aria-sort` on the
 * sorted one), and pages of 25, 50 or 100 rows. The state is kept in the address (`?<prefix>q=…&<prefix>sort=…`), so
 * a filtered, sorted page can be shared and survives a reload; the table scrolls sideways inside its own box.
 */
import { useMemo, useState, type ReactNode } from 'react';
import { ScrollTable } from './ScrollTable';

export interface Column<T> {
  key: string;
  header: ReactNode;
  /** what the heading says, in words (for the sort button's name when the heading is not plain text) */
  label: string;
  cell: (row: T) => ReactNode;
  /** present: the column sorts on this (nulls last) */
  sortValue?: (row: T) => string | number | null;
  cellClass?: (row: T) => string | undefined;
  /** the cell names its row (a `th scope="row"`) */
  rowHeader?: boolean;
}

export const PAGE_SIZES = [25, 50, 100] as const;

interface State {
  q: string;
  sort: string | null;
  desc: boolean;
  page: number;
  per: number;
}

function readState(prefix: string, defaultSort: string | null): State {
  const p = new URLSearchParams(window.location.search);
  const sort = p.get(`${prefix}sort`);
  const per = Number(p.get(`${prefix}per`));
  const page = Number(p.get(`${prefix}page`));
  return {
    q: p.get(`${prefix}q`) ?? '',
    sort: sort ? sort.replace(/^-/, '') : defaultSort,
    desc: sort ? sort.startsWith('-') : false,
    page: Number.isInteger(page) && page > 1 ? page : 1,
    per: (PAGE_SIZES as readonly number[]).includes(per) ? per : PAGE_SIZES[0],
  };
}

/** Keep the state in the address without a new history entry (Back leaves the page, as a person expects). */
function writeState(prefix: string, s: State, defaultSort: string | null) {
  const url = new URL(window.location.href);
  const set = (k: string, v: string | null) =>
    v === null ? url.searchParams.delete(`${prefix}${k}`) : url.searchParams.set(`${prefix}${k}`, v);
  set('q', s.q ? s.q : null);
  set('sort', s.sort && (s.sort !== defaultSort || s.desc) ? `${s.desc ? '-' : ''}${s.sort}` : null);
  set('page', s.page > 1 ? String(s.page) : null);
  set('per', s.per !== PAGE_SIZES[0] ? String(s.per) : null);
  window.history.replaceState(window.history.state, '', url);
}

function compare(a: string | number | null, b: string | number | null): number {
  if (a === null || b === null) return a === b ? 0 : a === null ? 1 : -1;
  return typeof a === 'number' && typeof b === 'number'
    ? a - b
    : String(a).localeCompare(String(b), 'en-GB', { numeric: true });
}

export function DataTable<T>({
  id,
  rows,
  columns,
  rowKey,
  caption,
  noun,
  filterText,
  filterLabel,
  defaultSort = null,
  prefix = '',
  className = '',
}: {
  /** prefix of the filter box's and the caption's ids */
  id: string;
  rows: T[];
  columns: Array<Column<T>>;
  rowKey: (row: T) => string;
  caption: string;
  /** what a row is, plural ("practices") */
  noun: string;
  /** the text the filter box searches (e.g. name and code) */
  filterText: (row: T) => string;
  filterLabel: string;
  defaultSort?: string | null;
  /** prefix of the address parameters, where a page has more than one such table */
  prefix?: string;
  className?: string;
}) {
  const [state, setState] = useState<State>(() => readState(prefix, defaultSort));
  const update = (change: Partial<State>) => {
    const next = { ...state, ...change };
    setState(next);
    writeState(prefix, next, defaultSort);
  };
  const shown = useMemo(() => {
    const words = state.q.trim().toLowerCase().split(/\s+/).filter(Boolean);
    const kept = words.length
      ? rows.filter((r) => {
          const text = filterText(r).toLowerCase();
          return words.every((w) => text.includes(w));
        })
      : rows;
    const col = columns.find((c) => c.key === state.sort && c.sortValue);
    if (!col) return kept;
    const sorted = [...kept].sort((a, b) => compare(col.sortValue!(a), col.sortValue!(b)));
    if (state.desc) {
      // descending, but rows without a value still last
      const withValue = sorted.filter((r) => col.sortValue!(r) !== null).reverse();
      return [...withValue, ...sorted.filter((r) => col.sortValue!(r) === null)];
    }
    return sorted;
  }, [rows, columns, filterText, state.q, state.sort, state.desc]);
  const sortBy = (key: string, sorted: boolean) =>
    update({ sort: key, desc: sorted ? !state.desc : false, page: 1 });
  const arrow = (sorted: boolean) => (sorted ? (state.desc ? ' ▼' : ' ▲') : ' ⇅');
  const pages = Math.max(1, Math.ceil(shown.length / state.per));
  const page = Math.min(state.page, pages);
  const first = (page - 1) * state.per;
  const pageRows = shown.slice(first, first + state.per);
  return (
    <div className="lantern-datatable">
      <div className="lantern-filters">
        <div className="nhsuk-form-group nhsuk-u-margin-bottom-2">
          <label className="nhsuk-label" htmlFor={`${id}-filter`}>
            {filterLabel}
          </label>
          <input
            className="nhsuk-input nhsuk-input--width-20"
            id={`${id}-filter`}
            type="search"
            autoComplete="off"
            value={state.q}
            onChange={(e) => update({ q: e.target.value, page: 1 })}
          />
        </div>
        <div className="nhsuk-form-group nhsuk-u-margin-bottom-2">
          <label className="nhsuk-label" htmlFor={`${id}-per`}>
            Rows per page
          </label>
          <select
            className="nhsuk-select"
            id={`${id}-per`}
            value={state.per}
            onChange={(e) => update({ per: Number(e.target.value), page: 1 })}
          >
            {PAGE_SIZES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p className="nhsuk-body-s nhsuk-u-margin-bottom-2" aria-live="polite" id={`${id}-count`}>
        {shown.length === 0
          ? `No ${noun} match “${state.q.trim()}”.`
          : `Showing ${first + 1}–${first + pageRows.length} of ${shown.length} ${noun}${
              shown.length < rows.length ? ` (filtered from ${rows.length})` : ''
            }.`}
      </p>
      <ScrollTable className={`nhsuk-table nhsuk-body-s lantern-compact ${className}`}>
        <caption className="nhsuk-u-visually-hidden">{caption}</caption>
        <thead className="nhsuk-table__head">
          <tr>
            {columns.map((c) => {
              const sorted = state.sort === c.key;
              return (
                <th
                  scope="col"
                  key={c.key}
                  aria-sort={sorted ? (state.desc ? 'descending' : 'ascending') : undefined}
                >
                  {c.sortValue && typeof c.header === 'string' ? (
                    <button
                      type="button"
                      className="lantern-sort"
                      aria-label={`${c.label}: sort ${sorted && !state.desc ? 'descending' : 'ascending'}`}
                      onClick={() => sortBy(c.key, sorted)}
                    >
                      {c.header}
                      <span aria-hidden="true">{arrow(sorted)}</span>
                    </button>
                  ) : (
                    <>
                      {c.header}
                      {/* a heading that is itself a link gets its own sort button beside it (no control inside another) */}
                      {c.sortValue && (
                        <button
                          type="button"
                          className="lantern-sort"
                          aria-label={`${c.label}: sort ${sorted && !state.desc ? 'descending' : 'ascending'}`}
                          onClick={() => sortBy(c.key, sorted)}
                        >
                          <span aria-hidden="true">{arrow(sorted)}</span>
                        </button>
                      )}
                    </>
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody>
          {pageRows.map((r) => (
            <tr key={rowKey(r)}>
              {columns.map((c) =>
                c.rowHeader ? (
                  <th scope="row" key={c.key} className={c.cellClass?.(r)}>
                    {c.cell(r)}
                  </th>
                ) : (
                  <td key={c.key} className={c.cellClass?.(r)}>
                    {c.cell(r)}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      {pages > 1 && (
        <nav className="lantern-pager" aria-label={`Pages of ${noun}`}>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
            disabled={page <= 1}
            onClick={() => update({ page: page - 1 })}
          >
            Previous<span className="nhsuk-u-visually-hidden"> page</span>
          </button>
          <span className="nhsuk-body-s">
            Page {page} of {pages}
          </span>
          <button
            type="button"
            className="nhsuk-button nhsuk-button--secondary nhsuk-button--small nhsuk-u-margin-bottom-0"
            disabled={page >= pages}
            onClick={() => update({ page: page + 1 })}
          >
            Next<span className="nhsuk-u-visually-hidden"> page</span>
          </button>
        </nav>
      )}
    </div>
  );
}
