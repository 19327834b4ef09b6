/** Recording a patient's named accountable GP. */
import { useState, type FormEvent } from 'react';
import { send } from '../../api';
import { TextField } from '../../components/Field';
import { useFormErrors } from '../../components/useFormErrors';
import type { PatientSummary } from './patientAnswers';

export function NamedGpForm({
  code,
  patient,
  onStart,
  onSaved,
}: {
  code: string;
  patient: PatientSummary;
  /** a new attempt: what was said of the last one goes */
  onStart: () => void;
  /** resolves once the page shows what was saved; the button stays busy until then */
  onSaved: (what: string) => Promise<void>;
}) {
  const errors = useFormErrors();
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const namedGp = String(new FormData(form).get('namedGp') ?? '');
    setBusy(true);
    onStart();
    try {
      await send('POST', `/api/practices/${encodeURIComponent(code)}/patients/${patient.id}/named-gp`, {
        namedGp,
      });
      errors.clear();
      await onSaved(`Named GP recorded: ${namedGp.trim()}.`);
    } catch (err) {
      errors.fail(err, form);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate aria-labelledby="named-gp-heading">
      <h2 id="named-gp-heading">Record named GP</h2>
      {errors.summary}
      <TextField
        id="named-gp"
        name="namedGp"
        label="Named accountable GP"
        hint="As the practice knows them: a name or a staff label. Never an NHS number."
        defaultValue={patient.namedGp ?? ''}
        maxLength={80}
        autoComplete="off"
        error={errors.of('namedGp')}
      />
      <button className="nhsuk-button nhsuk-button--secondary" type="submit" disabled={busy}>
        Record named GP
      </button>
    </form>
  );
}
