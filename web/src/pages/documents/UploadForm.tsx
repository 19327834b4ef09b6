/** Uploading a document, or a new version of one. */
import type { Answer } from '../../api/client';
import { useState, type FormEvent } from 'react';
import { send } from '../../api';
import { ErrorMessage, SelectField, TextField, describedBy } from '../../components/Field';
import { useFormErrors } from '../../components/useFormErrors';
import { VISIBILITY_LABEL, size } from './documentWords';

/** Upload a new document (or, with `documentId`, a new version of one). */
export function UploadForm({
  url,
  maxBytes,
  commissioner,
  practices,
  onDone,
  newVersion = false,
}: {
  url: string;
  maxBytes: number;
  commissioner: boolean;
  practices: string[];
  onDone: (documentId: number) => void;
  newVersion?: boolean;
}) {
  const errors = useFormErrors();
  const [busy, setBusy] = useState(false);
  const visibility: Record<string, string> = {
    members: VISIBILITY_LABEL.members!,
    ...(commissioner ? { commissioners: VISIBILITY_LABEL.commissioners! } : {}),
    ...(commissioner || practices.length ? { practice: VISIBILITY_LABEL.practice! } : {}),
  };
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const file = f.get('file');
    const ok = errors.check(form, [
      (!(file instanceof File) || file.size === 0) && { name: 'file', text: 'Choose a file to upload' },
      file instanceof File &&
        file.size > maxBytes && {
          name: 'file',
          text: `The file is ${size(file.size)}; the limit is ${size(maxBytes)}`,
        },
    ]);
    if (!ok || !(file instanceof File)) return;
    const q = new URLSearchParams({
      name:
        file.name
          .replace(/[^\w .()'&,+-]/g, '_')
          .replace(/^[^\w]+/, '')
          .slice(-120) || 'file',
    });
    for (const k of ['title', 'summary', 'visibility', 'practice']) {
      const v = String(f.get(k) ?? '').trim();
      if (v && !(k === 'practice' && f.get('visibility') !== 'practice')) q.set(k, v);
    }
    setBusy(true);
    try {
      const r = await send<
        Answer<'/api/areas/{code}/documents', 'post'> | Answer<'/api/documents/{id}/versions', 'post'>
      >('POST', `${url}?${q}`, file, 'application/octet-stream');
      errors.clear();
      onDone(r.documentId);
    } catch (err) {
      // the file travels as the body, its name in the query
      errors.fail(err, form, {
        rename: (m) => (m === 'name' || m === 'body' ? 'file' : m),
        fallback: 'file',
      });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="upload-heading">
      <h2 id="upload-heading">{newVersion ? 'Upload a new version' : 'Share a document'}</h2>
      {errors.summary}
      <div className={`nhsuk-form-group${errors.of('file') ? ' nhsuk-form-group--error' : ''}`}>
        <label className="nhsuk-label" htmlFor="doc-file">
          File
        </label>
        <div className="nhsuk-hint" id="doc-file-hint">
          PDF, Word, Excel, PowerPoint, PNG, JPEG or GIF, up to {size(maxBytes)}. The type is checked from the
          file’s content.
        </div>
        <ErrorMessage id="doc-file" error={errors.of('file')} />
        <input
          className={`nhsuk-input${errors.of('file') ? ' nhsuk-input--error' : ''}`}
          id="doc-file"
          name="file"
          type="file"
          aria-describedby={describedBy('doc-file', { hint: true, error: errors.of('file') })}
        />
      </div>
      <TextField
        id="doc-title"
        name="title"
        label="Title"
        maxLength={200}
        required={!newVersion}
        hint={newVersion ? 'Leave empty to keep the title' : undefined}
        error={errors.of('title')}
      />
      <TextField
        id="doc-summary"
        name="summary"
        label="Summary"
        multiline
        maxLength={2000}
        required={false}
        hint="No patient details or NHS numbers."
        error={errors.of('summary')}
      />
      {!newVersion && (
        <>
          <SelectField
            id="doc-visibility"
            name="visibility"
            label="Who may see it"
            options={visibility}
            defaultValue="members"
            error={errors.of('visibility')}
          />
          {(commissioner || practices.length > 0) && (
            <TextField
              id="doc-practice"
              name="practice"
              label="Practice code (when one practice may see it)"
              required={false}
              maxLength={6}
              defaultValue={commissioner ? '' : practices[0]}
              error={errors.of('practice')}
            />
          )}
        </>
      )}
      <button className="nhsuk-button" type="submit" disabled={busy}>
        {newVersion ? 'Upload the new version' : 'Share the document'}
      </button>
    </form>
  );
}
