/** Recording a patient's named accountable GP. */
import { useState, type FormEvent } from 'react';
import { send } from '../../api';
import { TextField } from '../../components/Field';
import { ErrorSummary } from '../../components/ErrorSummary';
import type { PatientSummary } from './patientAnswers';
import { type FormProblem, problemOf, summaryErrors } from './formProblem';

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
