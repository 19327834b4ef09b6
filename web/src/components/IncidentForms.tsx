/**
 * On a trust's scorecard, for commissioners who record serious incidents: record one (choosing the 2015 framework or
 * PSIRF, or the provider's setting for the area), and move each incident their area recorded on (status, the date
 * it was reported, the duty-of-candour date). The server decides; its refusal is shown as it says it.
 */
import { useState, type FormEvent } from 'react';
import { send } from '../api';
import type { Answer } from '../api/client';
import { DateInput } from './DateInput';
import { SelectField, TextField } from './Field';
import { useFormErrors } from './useFormErrors';
import { useSession } from '../session';
import { HARM_GRADES } from '../../../src/concerns/taxonomy';

export type Incident = Answer<'/api/providers/{code}/scorecard', 'get'>['incidents'] extends Array<
  infer I
> | null
  ? I
  : never;
/** The parts of a scorecard's incident these forms read (regime and status read as plain words, so a list typed
 * more loosely may be passed too). */
type IncidentSummary = Pick<Incident, 'id' | 'title' | 'areaCode' | 'reportedOn' | 'dutyOfCandourOn'> & {
  regime: string;
  status: string;
};

export const INCIDENT_STATUS_LABEL: Record<string, string> = {
  reported: 'Reported',
  investigating: 'Investigating',
  report_received: 'Investigation report received',
  closed: 'Closed',
};

const REGIMES = [
  ['', 'The provider’s setting for your area'],
  [
    'sif2015',
    'Serious Incident Framework 2015 (report 2, initial review 3, investigation report 60 working days)',
  ],
  ['psirf', 'PSIRF patient-safety incident response (no fixed clock)'],
] as const;

/** Drop empty fields: the API takes a field left out as "not given". */
const given = (o: Record<string, FormDataEntryValue | null>) =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== ''));

export function IncidentForms({
  provider,
  incidents,
  onChange,
}: {
  provider: string;
  incidents: IncidentSummary[];
  onChange: () => void;
}) {
  const { can, session } = useSession();
  const errors = useFormErrors();
  // a recorded incident clears the form, its date input too (which keeps its own three fields)
  const [recorded, setRecorded] = useState(0);
  if (!can('incidents.record')) return null;
  const areas = session?.permissions?.['incidents.record'];
  const soleArea = areas?.length === 1;
  const act = async (e: FormEvent<HTMLFormElement>, method: 'POST', url: string, body: object) => {
    e.preventDefault();
    const form = e.currentTarget;
    if (!errors.check(form)) return;
    try {
      await send(method, url, body);
      errors.clear();
      form.reset();
      if (url === '/api/incidents') setRecorded((n) => n + 1);
      onChange();
    } catch (err) {
      errors.fail(err, form);
    }
  };
  const record = (e: FormEvent<HTMLFormElement>) => {
    const f = new FormData(e.currentTarget);
    return act(
      e,
      'POST',
      '/api/incidents',
      given({
        provider,
        area: f.get('area'),
        title: f.get('title'),
        description: f.get('description'),
        identifiedOn: f.get('identifiedOn'),
        harm: f.get('harm'),
        regime: f.get('regime'),
      }),
    );
  };
  const mine = incidents.filter((i) => can('incidents.record', i.areaCode));
  return (
    <>
      {errors.summary}
      {mine.map((i) => (
        <form
          key={i.id}
          aria-labelledby={`incident-${i.id}-heading`}
          onSubmit={(e) => {
            const f = new FormData(e.currentTarget);
            void act(
              e,
              'POST',
              `/api/incidents/${i.id}`,
              given({
                status: f.get('status'),
                reportedOn: f.get('reportedOn'),
                dutyOfCandourOn: f.get('dutyOfCandourOn'),
              }),
            );
          }}
        >
          <h4 id={`incident-${i.id}-heading`}>Update: {i.title}</h4>
          <SelectField
            id={`incident-${i.id}-status`}
            name="status"
            label="Status"
            options={INCIDENT_STATUS_LABEL}
            defaultValue={i.status}
          />
          {i.regime === 'sif2015' && !i.reportedOn && (
            <DateInput
              id={`incident-${i.id}-reported`}
              name="reportedOn"
              legend="Reported on StEIS on"
              error={errors.of('reportedOn')}
            />
          )}
          {!i.dutyOfCandourOn && (
            <DateInput
              id={`incident-${i.id}-candour`}
              name="dutyOfCandourOn"
              legend="Duty of candour met on"
              error={errors.of('dutyOfCandourOn')}
            />
          )}
          <button className="nhsuk-button nhsuk-button--secondary" type="submit">
            Update the incident
          </button>
        </form>
      ))}
      <form
        key={recorded}
        onSubmit={(e) => void record(e)}
        aria-labelledby="record-incident-heading"
        noValidate
      >
        <h4 id="record-incident-heading">Record a serious incident</h4>
        {!soleArea && (
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="incident-area">
              For the commissioning area (ICB or sub-ICB code)
            </label>
            <input className="nhsuk-input nhsuk-input--width-10" id="incident-area" name="area" required />
          </div>
        )}
        <TextField id="incident-title" name="title" label="Title" minLength={3} error={errors.of('title')} />
        <TextField
          id="incident-description"
          name="description"
          label="What happened (no patient identifiers)"
          multiline
          minLength={3}
          error={errors.of('description')}
        />
        <DateInput
          id="incident-identified"
          name="identifiedOn"
          legend="Identified on"
          required
          error={errors.of('identifiedOn')}
        />
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="incident-harm">
            Harm (optional)
          </label>
          <select className="nhsuk-select" id="incident-harm" name="harm" defaultValue="">
            <option value="">Not yet known</option>
            {HARM_GRADES.map((h) => (
              <option key={h.id} value={h.id}>
                {h.label}
              </option>
            ))}
          </select>
        </div>
        <div className="nhsuk-form-group">
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Regime</legend>
            <div className="nhsuk-radios">
              {REGIMES.map(([v, l]) => (
                <div className="nhsuk-radios__item" key={v || 'setting'}>
                  <input
                    className="nhsuk-radios__input"
                    id={`incident-regime-${v || 'setting'}`}
                    name="regime"
                    type="radio"
                    value={v}
                    defaultChecked={v === ''}
                  />
                  <label
                    className="nhsuk-label nhsuk-radios__label"
                    htmlFor={`incident-regime-${v || 'setting'}`}
                  >
                    {l}
                  </label>
                </div>
              ))}
            </div>
          </fieldset>
        </div>
        <button className="nhsuk-button" type="submit">
          Record the incident
        </button>
      </form>
    </>
  );
}
