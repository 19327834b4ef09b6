/** Uploading a document, or a new version of one. */
import { useState, type FormEvent } from 'react';
import { send } from '../../api';
import { ErrorSummary, type FieldError } from '../../components/ErrorSummary';
import { SelectField, TextField } from '../../components/Field';
import { VISIBILITY_LABEL, size, fieldErrors } from './documentWords';

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
  const [error, setError] = useState<{ message: string; errors: FieldError[] } | null>(null);
  const [busy, setBusy] = useState(false);
  const visibility: Record<string, string> = {
    members: VISIBILITY_LABEL.members!,
    ...(commissioner ? { commissioners: VISIBILITY_LABEL.commissioners! } : {}),
    ...(commissioner || practices.length ? { practice: VISIBILITY_LABEL.practice! } : {}),
  };
  const ids = {
    name: 'doc-file',
    body: 'doc-file',
    title: 'doc-title',
    summary: 'doc-summary',
    visibility: 'doc-visibility',
    practice: 'doc-practice',
  };
  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const file = f.get('file');
    if (!(file instanceof File) || file.size === 0) {
      setError({
        message: 'Choose a file to upload',
        errors: [{ field: 'doc-file', text: 'Choose a file to upload' }],
      });
      return;
    }
    if (file.size > maxBytes) {
      const text = `The file is ${size(file.size)}; the limit is ${size(maxBytes)}`;
      setError({ message: text, errors: [{ field: 'doc-file', text }] });
      return;
    }
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
      const r = await send<{ documentId: number }>('POST', `${url}?${q}`, file, 'application/octet-stream');
      setError(null);
      onDone(r.documentId);
    } catch (err) {
      setError(fieldErrors(err, ids, 'doc-file'));
    } finally {
      setBusy(false);
    }
  }
  return (
    <form onSubmit={submit} noValidate aria-labelledby="upload-heading">
      <h2 id="upload-heading">{newVersion ? 'Upload a new version' : 'Share a document'}</h2>
      <ErrorSummary message={error?.message ?? null} errors={error?.errors} autoFocus />
      <div
        className={`nhsuk-form-group${error?.errors.some((x) => x.field === 'doc-file') ? ' nhsuk-form-group--error' : ''}`}
      >
        <label className="nhsuk-label" htmlFor="doc-file">
          File
        </label>
        <div className="nhsuk-hint" id="doc-file-hint">
          PDF, Word, Excel, PowerPoint, PNG, JPEG or GIF, up to {size(maxBytes)}. The type is checked from the
          file’s content.
        </div>
        <input
          className="nhsuk-input"
          id="doc-file"
          name="file"
          type="file"
          aria-describedby="doc-file-hint"
        />
      </div>
      <TextField
        id="doc-title"
        name="title"
        label="Title"
        maxLength={200}
        required={!newVersion}
        hint={newVersion ? 'Leave empty to keep the title' : undefined}
      />
      <TextField
        id="doc-summary"
        name="summary"
        label="Summary"
        multiline
        maxLength={2000}
        required={false}
        hint="No patient details or NHS numbers."
      />
      {!newVersion && (
        <>
          <SelectField
            id="doc-visibility"
            name="visibility"
            label="Who may see it"
            options={visibility}
            defaultValue="members"
          />
          {(commissioner || practices.length > 0) && (
            <TextField
              id="doc-practice"
              name="practice"
              label="Practice code (when one practice may see it)"
              required={false}
              maxLength={6}
              defaultValue={commissioner ? '' : practices[0]}
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
