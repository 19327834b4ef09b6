import { useEffect, useState } from 'react';

/**
 * An NHS.UK search form: a labelled search box with its hint and a Search button. The box starts from (and follows)
 * the query in the address; submitting hands the trimmed text to `onSearch`, which sets the address.
 */
export function SearchForm(props: {
  id: string;
  label: string;
  hint: string;
  query: string;
  onSearch: (text: string) => void;
  /** a larger label where the search is the page's main question */
  large?: boolean;
}) {
  const { id, label, hint, query, onSearch, large } = props;
  const [text, setText] = useState(query);
  useEffect(() => setText(query), [query]);
  return (
    <form
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(text.trim());
      }}
    >
      <div className="nhsuk-form-group">
        <label className={large ? 'nhsuk-label nhsuk-label--m' : 'nhsuk-label'} htmlFor={id}>
          {label}
        </label>
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
        <input
          className="nhsuk-input nhsuk-u-width-two-thirds"
          id={id}
          name="q"
          type="search"
          aria-describedby={`${id}-hint`}
          value={text}
          onChange={(e) => setText(e.target.value)}
          autoComplete="off"
        />{' '}
        <button className="nhsuk-button nhsuk-u-margin-bottom-0" type="submit">
          Search
        </button>
      </div>
    </form>
  );
}
