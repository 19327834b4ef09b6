/** One document with its versions (/documents/:id). */
import { ApiError, invalidateApi, useApi } from '../../api';
import { ErrorSummary } from '../../components/ErrorSummary';
import { Link } from '../../components/Link';
import { ScrollTable } from '../../components/ScrollTable';
import type { Answer } from '../../api/client';
import { ROLE_LABEL, type Role } from '../../../../src/domain/roles';
import { dateGb, size, visibilityText, fileHref } from './documentWords';
import { UploadForm } from './UploadForm';
import { Links } from './Links';

type DocumentView = Answer<'/api/documents/{id}', 'get'>;

export function DocumentPage({ id }: { id: number }) {
  const d = useApi<DocumentView>(`/api/documents/${id}`);
  if (d.state === 'loading') return <p className="nhsuk-body">Loading…</p>;
  if (d.state === 'error')
    return (
      <>
        <h1>Document</h1>
        <ErrorSummary
          message={d.error.message}
          signIn={d.error instanceof ApiError && d.error.status === 401}
        />
      </>
    );
  const { document: doc, versions, links, canWrite } = d.data;
  return (
    <>
      <p className="nhsuk-body">
        <Link href={`/areas/${doc.areaCode}/documents`}>Documents and meetings of {doc.areaCode}</Link>
      </p>
      <h1>{doc.title}</h1>
      {doc.summary && <p className="nhsuk-body">{doc.summary}</p>}
      <p className="nhsuk-body">Who may see it: {visibilityText(doc)}</p>
      <h2 id="versions-heading">Versions</h2>
      <ScrollTable className="nhsuk-table nhsuk-body-s" aria-labelledby="versions-heading">
        <thead className="nhsuk-table__head">
          <tr>
            <th scope="col">Version</th>
            <th scope="col">Added</th>
            <th scope="col">By</th>
            <th scope="col">Summary</th>
            <th scope="col">SHA-256</th>
            <th scope="col">Download</th>
          </tr>
        </thead>
        <tbody>
          {[...versions].reverse().map((v) => (
            <tr key={v.version}>
              <td>{v.version}</td>
              <td>{dateGb(v.createdAt)}</td>
              <td>{v.createdRole ? (ROLE_LABEL[v.createdRole as Role] ?? v.createdRole) : ''}</td>
              <td>{v.summary}</td>
              <td>
                <code>{v.sha256.slice(0, 12)}…</code>
              </td>
              <td>
                <a href={fileHref(doc.documentId, v.version)} download>
                  Version {v.version} ({v.extension.toUpperCase()}, {size(v.sizeBytes)})
                </a>
              </td>
            </tr>
          ))}
        </tbody>
      </ScrollTable>
      <Links links={links} />
      {canWrite && (
        <UploadForm
          url={`/api/documents/${doc.documentId}/versions`}
          maxBytes={d.data.maxBytes}
          commissioner={false}
          practices={[]}
          newVersion
          onDone={() => invalidateApi(`/api/documents/${id}`, '/api/areas/')}
        />
      )}
    </>
  );
}
