/** Who may read a commissioner's note on a concern: its marking, and the choice of it. */
import { NOTE_VISIBILITY_LABEL, type NoteVisibility } from '../../../../src/concerns/workflow';

/** The marking of a commissioner's note, beside it: who besides the commissioner team can read it. */
export function NoteMarking({ visibility }: { visibility: NoteVisibility }) {
  return (
    <strong
      className={`nhsuk-tag nhsuk-tag--${visibility === 'internal' ? 'grey' : 'blue'} nhsuk-u-margin-left-2`}
      data-visibility={visibility}
    >
      {visibility === 'internal' ? 'Internal' : 'Shared'}
      <span className="nhsuk-u-visually-hidden">: {NOTE_VISIBILITY_LABEL[visibility]}</span>
    </strong>
  );
}

/**
 * Who can read the commissioner's note on this step. Internal by default (triage and review notes); a note that
 * goes to the provider (sending it, asking for more, recording its response) starts as shared.
 */
export function NoteVisibilityChoice({ to }: { to: string }) {
  const initial: NoteVisibility = ['with_provider', 'info_requested', 'provider_responded'].includes(to)
    ? 'shared'
    : 'internal';
  return (
    <div className="nhsuk-form-group">
      <fieldset className="nhsuk-fieldset" aria-describedby="visibility-hint">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Who can read this note</legend>
        <div className="nhsuk-hint" id="visibility-hint">
          The practice and the provider see every step; they see your note only if you share it.
        </div>
        <div className="nhsuk-radios">
          {(['internal', 'shared'] as const).map((v) => (
            <div className="nhsuk-radios__item" key={v}>
              <input
                className="nhsuk-radios__input"
                id={`visibility-${v}`}
                name="visibility"
                type="radio"
                value={v}
                defaultChecked={v === initial}
              />
              <label className="nhsuk-label nhsuk-radios__label" htmlFor={`visibility-${v}`}>
                {NOTE_VISIBILITY_LABEL[v]}
              </label>
            </div>
          ))}
        </div>
      </fieldset>
    </div>
  );
}
