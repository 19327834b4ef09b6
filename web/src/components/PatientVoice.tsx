/**
 * Patient voice on a practice page and a provider's scorecard: the last 12 months' feedback by theme and sentiment
 * (suppressed for viewers outside the area, as concern counts are), the records the viewer may read, and the form
 * for those who may record (a practice its own PPG's feedback; the commissioner team any source). The form warns
 * against personal details; the server refuses an NHS number in any free text and names the field.
 */
import { useState, type FormEvent } from 'react';
import { invalidateApi, send, useApi } from '../api';
import type { Answer } from '../api/client';
import { DateInput } from './DateInput';
import { SelectField, TextField } from './Field';
import { useFormErrors } from './useFormErrors';
import { Panel } from './Panel';
import { ScrollTable } from './ScrollTable';
import { Link } from './Link';
import { useSession } from '../session';

/** A practice's feedback page; a provider's adds the areas the viewer may record for. */
type VoicePage = Answer<'/api/practices/{code}/patient-voice', 'get'> &
  Partial<Pick<Answer<'/api/providers/{code}/patient-voice', 'get'>, 'areas'>>;
type Sentiment = VoicePage['items'][number]['themes'][number]['sentiment'];

const SENTIMENT_LABEL: Record<Sentiment, string> = {
  positive: 'Positive',
  mixed: 'Mixed',
  negative: 'Negative',
};
const shown = (n: number | null) => (n === null ? '*' : String(n));

/** The form's input for a member of the request it sends under another name (the themes are one select each). */
const inputOf = (member: string) => {
  const top = member.split('.')[0]!;
  return top === 'themes' ? 'theme-access' : top === 'org' ? 'source' : top;
};

export function PatientVoice({
  kind,
  code,
  showCounts = true,
}: {
  kind: 'practice' | 'provider';
  code: string;
  showCounts?: boolean;
}) {
  // said here, not in the form: the page reloads (and the form is drawn afresh) once feedback is recorded
  const [recorded, setRecorded] = useState(false);
  const { session } = useSession();
  const signedIn = Boolean(session?.user);
  const page = useApi<VoicePage>(
    signedIn ? `/api/${kind === 'practice' ? 'practices' : 'providers'}/${code}/patient-voice` : null,
  );
  return (
    <section aria-labelledby="patient-voice-heading">
      <h2 id="patient-voice-heading">Patient voice</h2>
      {!signedIn ? (
        <p className="nhsuk-body">
          <Link href={`/sign-in?returnTo=/organisations/${code}`}>Sign in</Link> to see feedback from patient
          participation groups and Healthwatch.
        </p>
      ) : (
        <Panel data={page} empty="">
          {(d) => (
            <>
              {showCounts && <VoiceCounts counts={d.counts} />}
              <h3>Feedback recorded</h3>
              {d.items.length === 0 ? (
                <p className="nhsuk-body">No feedback that you can read has been recorded.</p>
              ) : (
                <ul className="nhsuk-list nhsuk-list--border">
                  {d.items.map((i) => (
                    <li key={i.id}>
                      <p className="nhsuk-body-s">
                        <strong>{i.sourceLabel}</strong>
                        {i.sourceDetail ? ` (${i.sourceDetail})` : ''}: received {i.receivedOn}, covering{' '}
                        {i.periodFrom} to {i.periodTo}
                      </p>
                      <p className="nhsuk-body-s">
                        Themes:{' '}
                        {i.themes
                          .map((t) => `${t.label} (${SENTIMENT_LABEL[t.sentiment].toLowerCase()})`)
                          .join(', ')}
                      </p>
                      <p className="nhsuk-body">{i.summary}</p>
                    </li>
                  ))}
                </ul>
              )}
              {d.mayRecord && (
                <VoiceForm
                  kind={kind}
                  code={code}
                  page={d}
                  recorded={recorded}
                  onStart={() => setRecorded(false)}
                  onSaved={() => {
                    setRecorded(true);
                    void invalidateApi(
                      `/api/${kind === 'practice' ? 'practices' : 'providers'}/${code}/patient-voice`,
                    );
                  }}
                />
              )}
            </>
          )}
        </Panel>
      )}
    </section>
  );
}

/** The counts by theme and sentiment over the last 12 months, as the server sent them (suppressed or not). */
export type VoiceCountsView = VoicePage['counts'];

export function VoiceCounts({ counts }: { counts: VoiceCountsView }) {
  const raised = counts.byTheme.filter((t) => t.positive !== 0 || t.mixed !== 0 || t.negative !== 0);
  return (
    <>
      <p className="nhsuk-body">
        {shown(counts.total)} pieces of feedback received from {counts.from} to {counts.to}.
      </p>
      <p className="nhsuk-body-s">{counts.covers}</p>
      {counts.note && <p className="nhsuk-body-s">{counts.note}</p>}
      {raised.length > 0 && (
        <ScrollTable className="nhsuk-table">
          <caption className="nhsuk-table__caption">Feedback by theme and sentiment, last 12 months</caption>
          <thead>
            <tr>
              <th scope="col">Theme</th>
              <th scope="col">Positive</th>
              <th scope="col">Mixed</th>
              <th scope="col">Negative</th>
            </tr>
          </thead>
          <tbody>
            {raised.map((t) => (
              <tr key={t.theme}>
                <th scope="row">{t.label}</th>
                <td>{shown(t.positive)}</td>
                <td>{shown(t.mixed)}</td>
                <td>{shown(t.negative)}</td>
              </tr>
            ))}
          </tbody>
        </ScrollTable>
      )}
    </>
  );
}

function VoiceForm({
  kind,
  code,
  page,
  recorded,
  onStart,
  onSaved,
}: {
  kind: 'practice' | 'provider';
  code: string;
  page: VoicePage;
  recorded: boolean;
  onStart: () => void;
  onSaved: () => void;
}) {
  const errors = useFormErrors();
  const sources = page.ppgOnly ? page.lists.sources.filter((s) => s.id === 'ppg') : page.lists.sources;
  const askArea = kind === 'provider' && page.areas?.length !== 1;
  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const themes = page.lists.themes
      .map((t) => ({ theme: t.id, sentiment: String(f.get(`theme-${t.id}`) ?? '') }))
      .filter((t) => t.sentiment !== '');
    onStart();
    if (
      !errors.check(form, [
        themes.length === 0 && {
          name: 'theme-access',
          text: 'Themes: choose a sentiment for at least one theme',
        },
      ])
    )
      return;
    try {
      await send('POST', '/api/patient-voice', {
        subject: kind,
        org: code,
        ...(f.get('area') ? { area: f.get('area') } : {}),
        source: f.get('source'),
        sourceDetail: f.get('sourceDetail') || null,
        receivedOn: f.get('receivedOn'),
        periodFrom: f.get('periodFrom'),
        periodTo: f.get('periodTo'),
        themes,
        summary: f.get('summary'),
      });
      errors.clear();
      form.reset();
      onSaved();
    } catch (err) {
      errors.fail(err, form, { rename: inputOf, fallback: 'summary' });
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} aria-labelledby="voice-form-heading" noValidate>
      <h3 id="voice-form-heading">
        {page.ppgOnly ? 'Record your patient participation group’s feedback' : 'Record patient feedback'}
      </h3>
      {errors.summary}
      {recorded && (
        <div className="nhsuk-inset-text" role="status">
          <span className="nhsuk-u-visually-hidden">Information: </span>
          The feedback has been recorded.
        </div>
      )}
      <div className="nhsuk-warning-callout">
        <h4 className="nhsuk-warning-callout__label">
          <span role="text">
            <span className="nhsuk-u-visually-hidden">Important: </span>
            No personal details
          </span>
        </h4>
        <p>{page.lists.warning}</p>
      </div>
      {askArea && (
        <TextField
          id="voice-area"
          name="area"
          label="For the commissioning area (ICB or sub-ICB code)"
          maxLength={9}
          error={errors.of('area')}
        />
      )}
      <SelectField
        id="voice-source"
        name="source"
        label="Source"
        options={Object.fromEntries(sources.map((s) => [s.id, s.label]))}
        required
        error={errors.of('source')}
      />
      <TextField
        id="voice-source-detail"
        name="sourceDetail"
        label="Source detail (optional)"
        hint="For example: quarterly PPG meeting, Healthwatch enter-and-view visit. Not people’s names."
        required={false}
        maxLength={page.lists.sourceDetailMax}
        autoComplete="off"
        error={errors.of('sourceDetail')}
      />
      <DateInput
        id="voice-received"
        name="receivedOn"
        legend="Date received"
        required
        error={errors.of('receivedOn')}
      />
      <DateInput
        id="voice-period-from"
        name="periodFrom"
        legend="Period covered: from"
        required
        error={errors.of('periodFrom')}
      />
      <DateInput
        id="voice-period-to"
        name="periodTo"
        legend="Period covered: to"
        required
        error={errors.of('periodTo')}
      />
      <fieldset className="nhsuk-fieldset" aria-describedby="voice-themes-hint">
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Themes</legend>
        <div className="nhsuk-hint" id="voice-themes-hint">
          For each theme the feedback speaks to, its overall sentiment. Leave the others as not raised.
        </div>
        {page.lists.themes.map((t) => (
          <SelectField
            key={t.id}
            id={`voice-theme-${t.id}`}
            name={`theme-${t.id}`}
            label={t.label}
            options={{ '': 'Not raised', positive: 'Positive', mixed: 'Mixed', negative: 'Negative' }}
            error={errors.of(`theme-${t.id}`)}
          />
        ))}
      </fieldset>
      <TextField
        id="voice-summary"
        name="summary"
        label="Summary"
        hint={`What was said, as themes, in at most ${page.lists.summaryMax.toLocaleString('en-GB')} characters. No names or personal details.`}
        multiline
        rows={5}
        maxLength={page.lists.summaryMax}
        error={errors.of('summary')}
      />
      <button className="nhsuk-button" type="submit">
        Record the feedback
      </button>
    </form>
  );
}
