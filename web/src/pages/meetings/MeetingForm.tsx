/** Recording a meeting. */
import { useState, type FormEvent } from 'react';
import { send } from '../../api';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { DateField, TextField } from '../../components/Field';
import { fieldErrors } from '../documents/documentWords';

export function MeetingForm({ code, onDone }: { code: string; onDone: (id: number) => void }) {
  const [error, setError] = useState<{ message: string; errors: FieldError[] } | null>(null);
  const ids = {
    title: 'm-title',
    heldOn: 'm-date',
    attendees: 'm-attendees',
    agenda: 'm-agenda',
    minutes: 'm-minutes',
    decisions: 'm-decisions',
    actions: 'm-action',
  };
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    const lines = (k: string) =>
      get(k)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    const action = get('action');
    try {
      const r = await send<{ meetingId: number }>('POST', `/api/areas/${encodeURIComponent(code)}/meetings`, {
        title: get('title'),
        heldOn: get('heldOn'),
        attendees: lines('attendees'),
        agenda: get('agenda'),
        minutes: get('minutes'),
        decisions: lines('decisions'),
        actions: action
          ? [
              {
                description: action,
                ownerOrg: get('ownerOrg').toUpperCase(),
                ownerRole: get('ownerRole'),
                dueOn: get('dueOn'),
              },
            ]
          : [],
      });
      setError(null);
      onDone(r.meetingId);
    } catch (err) {
      setError(fieldErrors(err, ids, 'm-title'));
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="meeting-form-heading">
      <h2 id="meeting-form-heading">Record a meeting</h2>
      <ErrorSummary message={error?.message ?? null} errors={error?.errors} autoFocus />
      <TextField id="m-title" name="title" label="Meeting" maxLength={200} />
      <DateField id="m-date" name="heldOn" label="Held on" required />
      <TextField
        id="m-attendees"
        name="attendees"
        label="Attendees by role"
        multiline
        hint="One role a line (for example Practice manager); no names."
      />
      <TextField id="m-agenda" name="agenda" label="Agenda" multiline required={false} />
      <TextField
        id="m-minutes"
        name="minutes"
        label="Minutes"
        multiline
        rows={6}
        required={false}
        hint="No patient details or NHS numbers."
      />
      <TextField
        id="m-decisions"
        name="decisions"
        label="Decisions"
        multiline
        required={false}
        hint="One decision a line."
      />
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">An action (optional)</legend>
        <TextField id="m-action" name="action" label="What is to be done" required={false} />
        <TextField
          id="m-owner-org"
          name="ownerOrg"
          label="Owner’s organisation (ODS code)"
          required={false}
          defaultValue={code}
          maxLength={10}
        />
        <TextField id="m-owner-role" name="ownerRole" label="Owner’s role" required={false} maxLength={100} />
        <DateField id="m-due" name="dueOn" label="Due by" />
      </fieldset>
      <button className="nhsuk-button" type="submit">
        Record the meeting
      </button>
    </form>
  );
}
