/** Reporting a concern about a provider (/concerns/new). */
import { ErrorSummary } from '../../components/ErrorSummary';
import { useState, type FormEvent } from 'react';
import { getJson, send, useApi, type ApiError } from '../../api';
import { Panel } from '../../components/Panel';
import { Link } from '../../components/Link';
import { navigate } from '../../router';
import { useSession } from '../../session';
import type { Taxonomy } from './answers';

export function NewConcern() {
  const { session } = useSession();
  const taxonomy = useApi<Taxonomy>('/api/concerns/taxonomy');
  const [providerQuery, setProviderQuery] = useState('');
  const [providers, setProviders] = useState<Array<{ code: string; name: string }>>([]);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const findProviders = async (q: string) => {
    setProviderQuery(q);
    if (q.trim().length < 2) return setProviders([]);
    const r = await getJson<{ results: Array<{ code: string; name: string; type: string }> }>(
      `/api/organisations?q=${encodeURIComponent(q)}&type=trust`,
    ).catch(() => ({ results: [] }));
    setProviders(r.results.filter((o) => o.type === 'trust' || o.type === 'provider').slice(0, 10));
  };
  const submit = async (e: FormEvent<HTMLFormElement>, draft: boolean) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget.closest('form')!);
    const get = (k: string) => (f.get(k) as string | null)?.trim() || undefined;
    setBusy(true);
    setError(null);
    try {
      const made = await send<{ id: number }>('POST', '/api/concerns', {
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
      setError((err as ApiError).message);
    } finally {
      setBusy(false);
    }
  };
  if (!session?.user)
    return (
      <>
        <h1>Report a concern about a provider</h1>
        <p className="nhsuk-body">
          Concerns are reported by GP practice staff.{' '}
          <Link href="/sign-in?returnTo=/concerns/new">Sign in</Link> with your practice account to report
          one.
        </p>
      </>
    );
  return (
    <>
      <h1>Report a concern about a provider</h1>
      <div className="nhsuk-inset-text">
        <p>
          Not for formal complaints: the patient can contact the provider’s PALS or complaints team directly.
          Submitting a concern does not transfer clinical responsibility; urgent clinical issues stay with the
          practice.
        </p>
        <p>
          Do not include the patient’s name or other identifying details in the description. If the concern is
          about one patient, give their NHS number in its own field: it is kept encrypted and never shown to
          the provider.
        </p>
      </div>
      <ErrorSummary message={error} />
      <Panel data={taxonomy} empty="">
        {(t) => (
          <form onSubmit={(e) => submit(e, false)} noValidate>
            <div className="nhsuk-form-group">
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
              <select className="nhsuk-select" id="provider" name="provider" required>
                {providers.length === 0 && <option value="">Search above first</option>}
                {providers.map((p) => (
                  <option key={p.code} value={p.code}>
                    {p.name} ({p.code})
                  </option>
                ))}
              </select>
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="service">
                Service (optional)
              </label>
              <select className="nhsuk-select" id="service" name="service" defaultValue="">
                <option value="">Not specific to a service</option>
                {t.services.map((s) => (
                  <option key={s.code} value={s.code}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="category">
                What kind of concern
              </label>
              <select className="nhsuk-select" id="category" name="category" required>
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
              </select>
            </div>
            <fieldset className="nhsuk-fieldset nhsuk-form-group">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                Harm to the patient
              </legend>
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
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="eventDate">
                Date it happened
              </label>
              <input
                className="nhsuk-input nhsuk-input--width-10"
                id="eventDate"
                name="eventDate"
                type="date"
                required
              />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="description">
                What happened
              </label>
              <textarea className="nhsuk-textarea" id="description" name="description" rows={5} required />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="contractStandard">
                Contract standard breached (optional)
              </label>
              <select className="nhsuk-select" id="contractStandard" name="contractStandard" defaultValue="">
                <option value="">None, or as the category implies</option>
                {t.contractStandards.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.label}
                  </option>
                ))}
              </select>
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="nationalReference">
                National patient-safety reference (if you also reported it nationally)
              </label>
              <input
                className="nhsuk-input nhsuk-input--width-20"
                id="nationalReference"
                name="nationalReference"
              />
            </div>
            <div className="nhsuk-form-group">
              <label className="nhsuk-label" htmlFor="nhsNumber">
                Patient’s NHS number (optional)
              </label>
              <div className="nhsuk-hint" id="nhs-hint">
                Checked, kept encrypted and used only to link concerns about the same patient. Never shown to
                the provider.
              </div>
              <input
                className="nhsuk-input nhsuk-input--width-10"
                id="nhsNumber"
                name="nhsNumber"
                inputMode="numeric"
                autoComplete="off"
                aria-describedby="nhs-hint"
              />
            </div>
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
              onClick={(e) => void submit(e as unknown as FormEvent<HTMLFormElement>, true)}
            >
              Save as a draft
            </button>
          </form>
        )}
      </Panel>
    </>
  );
}
