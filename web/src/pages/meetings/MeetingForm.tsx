/** Recording a meeting. */
import type { Answer } from '../../api/client';
import type { FormEvent } from 'react';
import { send } from '../../api';
import { TextField } from '../../components/Field';
import { DateInput } from '../../components/DateInput';
import { useFormErrors } from '../../components/useFormErrors';

/** The input a member of the body is sent from (the one action's members, and the lists sent line by line). */
const ACTION_INPUT: Record<string, string> = {
  description: 'action',
  ownerOrg: 'ownerOrg',
  ownerRole: 'ownerRole',
  dueOn: 'dueOn',
};
const inputOf = (member: string) => {
  const action = /^actions\.\d+\.(\w+)/.exec(member);
  return action
    ? (ACTION_INPUT[action[1]!] ?? 'action')
    : member.replace(/^(attendees|decisions)\.\d+$/, '$1');
};

export function MeetingForm({ code, onDone }: { code: string; onDone: (id: number) => void }) {
  const errors = useFormErrors();
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    if (!errors.check(form)) return;
    const f = new FormData(form);
    const get = (k: string) => String(f.get(k) ?? '').trim();
    const lines = (k: string) =>
      get(k)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    const action = get('action');
    try {
      const r = await send<Answer<'/api/areas/{code}/meetings', 'post'>>(
        'POST',
        `/api/areas/${encodeURIComponent(code)}/meetings`,
        {
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
        },
      );
      errors.clear();
      onDone(r.meetingId);
    } catch (err) {
      errors.fail(err, form, { rename: inputOf, fallback: 'title' });
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="meeting-form-heading">
      <h2 id="meeting-form-heading">Record a meeting</h2>
      {errors.summary}
      <TextField id="m-title" name="title" label="Meeting" maxLength={200} error={errors.of('title')} />
      <DateInput id="m-date" name="heldOn" legend="Held on" required error={errors.of('heldOn')} />
      <TextField
        id="m-attendees"
        name="attendees"
        label="Attendees by role"
        multiline
        hint="One role a line (for example Practice manager); no names."
        error={errors.of('attendees')}
      />
      <TextField
        id="m-agenda"
        name="agenda"
        label="Agenda"
        multiline
        required={false}
        error={errors.of('agenda')}
      />
      <TextField
        id="m-minutes"
        name="minutes"
        label="Minutes"
        multiline
        rows={6}
        required={false}
        hint="No patient details or NHS numbers."
        error={errors.of('minutes')}
      />
      <TextField
        id="m-decisions"
        name="decisions"
        label="Decisions"
        multiline
        required={false}
        hint="One decision a line."
        error={errors.of('decisions')}
      />
      <fieldset className="nhsuk-fieldset">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">An action (optional)</legend>
        <TextField
          id="m-action"
          name="action"
          label="What is to be done"
          required={false}
          error={errors.of('action')}
        />
        <TextField
          id="m-owner-org"
          name="ownerOrg"
          label="Owner’s organisation (ODS code)"
          required={false}
          defaultValue={code}
          maxLength={10}
          error={errors.of('ownerOrg')}
        />
        <TextField
          id="m-owner-role"
          name="ownerRole"
          label="Owner’s role"
          required={false}
          maxLength={100}
          error={errors.of('ownerRole')}
        />
        <DateInput id="m-due" name="dueOn" legend="Due by" error={errors.of('dueOn')} />
      </fieldset>
      <button className="nhsuk-button" type="submit">
        Record the meeting
      </button>
    </form>
  );
}
