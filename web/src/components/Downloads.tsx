/**
 * The download pair beside a table: CSV and Excel, from the table's export route with the page's current filters.
 * Each link's accessible name says what is downloaded (and starts with its visible words, WCAG 2.5.3).
 */
export function Downloads({ href, what }: { href: string; what: string }) {
  const sep = href.includes('?') ? '&' : '?';
  return (
    <p className="nhsuk-body-s lantern-downloads">
      <a href={`${href}${sep}format=csv`} download aria-label={`Download CSV: ${what}`}>
        Download CSV
      </a>
      {' · '}
      <a
        href={`${href}${sep}format=xlsx`}
        download
        aria-label={`Download Excel spreadsheet (.xlsx): ${what}`}
      >
        Download Excel spreadsheet (.xlsx)
      </a>
    </p>
  );
}
