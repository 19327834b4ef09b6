/** The form to report a concern about a provider: the provider, what kind, harm, when and what happened. */
import type { Answer } from '../../api/client';
import { useState, type FormEvent } from 'react';
import { getJson, send } from '../../api';
import { ErrorMessage, SelectField, TextField, describedBy } from '../../components/Field';
import { DateInput } from '../../components/DateInput';
import { useFormErrors } from '../../components/useFormErrors';
import { navigate } from '../../router';
import type { Taxonomy } from './answers';

export function ConcernForm({ taxonomy: t }: { taxonomy: Taxonomy }) {
  const errors = useFormErrors();
  const [providerQuery, setProviderQuery] = useState('');
  const [providers, setProviders] = useState<Array<{ code: string; name: string }>>([]);
  const [busy, setBusy] = useState(false);
  const findProviders = async (q: string) => {
    setProviderQuery(q);
    if (q.trim().length < 2) return setProviders([]);
    const r = await getJson<Answer<'/api/organisations', 'get'>>(
      `/api/organisations?q=${encodeURIComponent(q)}&type=trust`,
    ).catch(() => ({ results: [] }));
    setProviders(r.results.filter((o) => o.type === 'trust' || o.type === 'provider').slice(0, 10));
  };
  const submit = async (form: HTMLFormElement, draft: boolean) => {
    const f = new FormData(form);
    const get = (k: string) => (f.get(k) as string | null)?.trim() || undefined;
    const ok = errors.check(form, [
      !get('provider') && {
        name: 'provider',
        text: 'Choose the provider: search by its name or ODS code first',
      },
      !get('description') && { name: 'description', text: 'Say what happened' },
    ]);
    if (!ok) return;
    setBusy(true);
    try {
      const made = await send<Answer<'/api/concerns', 'post'>>('POST', '/api/concerns', {
        provider: get('provider'),
        service: get('service'),
        category: get('category'),
        harm: get('harm'),
        eventDate: get('eventDate'),
        description: get('description'),
        contractStandard: get('contractStandard'),
        nationalReference: get('nationalReference'),
        nhsNumber: get('nhsNumber'),
        urgent: f.get('urgent') === 'on',
        shareReporterWithProvider: f.get('share') === 'on',
        draft,
      });
      navigate(`/concerns/${made.id}`);
    } catch (err) {
      errors.fail(err, form);
    } finally {
      setBusy(false);
    }
  };
  const providerError = errors.of('provider');
  const harmError = errors.of('harm');
  return (
    <form
      onSubmit={(e: FormEvent<HTMLFormElement>) => {
        e.preventDefault();
        void submit(e.currentTarget, false);
      }}
      noValidate
    >
      {errors.summary}
      <div className={`nhsuk-form-group${providerError ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label" htmlFor="provider-search">
          Provider (search by name or ODS code)
        </label>
        <input
          className="nhsuk-input"
          id="provider-search"
          value={providerQuery}
          onChange={(e) => void findProviders(e.target.value)}
          autoComplete="off"
        />
        <label className="nhsuk-label nhsuk-u-margin-top-2" htmlFor="provider">
          Choose the provider
        </label>
        <ErrorMessage id="provider" error={providerError} />
        <select
          className={`nhsuk-select${providerError ? ' nhsuk-select--error' : ''}`}
          id="provider"
          name="provider"
          required
          aria-describedby={describedBy('provider', { error: providerError })}
        >
          {providers.length === 0 && <option value="">Search above first</option>}
          {providers.map((p) => (
            <option key={p.code} value={p.code}>
              {p.name} ({p.code})
            </option>
          ))}
        </select>
      </div>
      <SelectField
        id="service"
        name="service"
        label="Service (optional)"
        defaultValue=""
        options={{ '': 'Not specific to a service' }}
        error={errors.of('service')}
      >
        {t.services.map((s) => (
          <option key={s.code} value={s.code}>
            {s.label}
          </option>
        ))}
      </SelectField>
      <SelectField
        id="category"
        name="category"
        label="What kind of concern"
        required
        error={errors.of('category')}
      >
        {t.categories
          .filter((c) => !c.retired)
          .map((c) => (
            <optgroup key={c.id} label={c.label}>
              {c.items
                .filter((i) => !i.retired)
                .map((i) => (
                  <option key={i.id} value={i.id}>
                    {i.label}
                  </option>
                ))}
            </optgroup>
          ))}
      </SelectField>
      <div className={`nhsuk-form-group${harmError ? ' nhsuk-form-group--error' : ''}`}>
        <fieldset className="nhsuk-fieldset" aria-describedby={harmError ? 'harm-error' : undefined}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Harm to the patient</legend>
          <ErrorMessage id="harm" error={harmError} />
          <div className="nhsuk-radios">
            {t.harmGrades.map((h, i) => (
              <div className="nhsuk-radios__item" key={h.id}>
                <input
                  className="nhsuk-radios__input"
                  id={`harm-${h.id}`}
                  name="harm"
                  type="radio"
                  value={h.id}
                  defaultChecked={i === 0}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`harm-${h.id}`}>
                  {h.label}
                  <span className="nhsuk-hint nhsuk-u-margin-bottom-0"> {h.description}</span>
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      <DateInput
        id="eventDate"
        name="eventDate"
        legend="Date it happened"
        required
        error={errors.of('eventDate')}
      />
      <TextField
        id="description"
        name="description"
        label="What happened"
        multiline
        rows={5}
        error={errors.of('description')}
      />
      <SelectField
        id="contractStandard"
        name="contractStandard"
        label="Contract standard breached (optional)"
        defaultValue=""
        options={{ '': 'None, or as the category implies' }}
        error={errors.of('contractStandard')}
      >
        {t.contractStandards.map((s) => (
          <option key={s.id} value={s.id}>
            {s.label}
          </option>
        ))}
      </SelectField>
      <TextField
        id="nationalReference"
        name="nationalReference"
        label="National patient-safety reference (if you also reported it nationally)"
        required={false}
        error={errors.of('nationalReference')}
      />
      <TextField
        id="nhsNumber"
        name="nhsNumber"
        label="Patient’s NHS number (optional)"
        hint="Checked, kept encrypted and used only to link concerns about the same patient. Never shown to the provider."
        required={false}
        autoComplete="off"
        inputMode="numeric"
        error={errors.of('nhsNumber')}
      />
      <div className="nhsuk-checkboxes nhsuk-form-group">
        <div className="nhsuk-checkboxes__item">
          <input className="nhsuk-checkboxes__input" id="urgent" name="urgent" type="checkbox" />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="urgent">
            Urgent patient-safety concern
          </label>
        </div>
        <div className="nhsuk-checkboxes__item">
          <input className="nhsuk-checkboxes__input" id="share" name="share" type="checkbox" />
          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="share">
            Let the provider see which practice reported this (hidden by default)
          </label>
        </div>
      </div>
      <button className="nhsuk-button" type="submit" disabled={busy}>
        Submit the concern
      </button>{' '}
      <button
        className="nhsuk-button nhsuk-button--secondary"
        type="button"
        disabled={busy}
        onClick={(e) => void submit(e.currentTarget.form!, true)}
      >
        Save as a draft
      </button>
    </form>
  );
}
