/** What every upload of figures shares (the CSV route and FHIR MeasureReports): the size limit, the grant check and the audit entry. */
import type { Database } from '../db/connect.js';
import type { Viewer } from '../api/access.js';
import { forbidden } from '../api/errors.js';

export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

/** Refuse, before anything is written, local figures for organisations the uploader's grants do not cover. */
export const uploadGrantCheck =
  (viewer: Viewer, what: string) =>
  async (parsed: { values: Array<{ org: string }> }): Promise<void> => {
    const orgs = [...new Set(parsed.values.map((v) => v.org))];
    const outside = await viewer.permissions.notCovered('loads.upload', orgs);
    if (outside.length)
      throw forbidden(
        `Your grants do not cover ${outside.length} organisation(s) in ${what}: ${outside.slice(0, 10).join(', ')}${outside.length > 10 ? ', …' : ''}. Nothing was loaded.`,
      );
  };

/** The audit entry of an accepted upload (a new load, or the same content found already loaded). */
export const auditUpload = (
  db: Database,
  viewer: Viewer,
  ip: string,
  report: { loadId: number | null; file: string; values: unknown; alreadyLoadedAs: number | null },
) =>
  viewer.audit(
    db,
    {
      action: 'data.upload',
      target: report.loadId ? `load:${report.loadId}` : null,
      outcome: 'success',
      details: { file: report.file, values: report.values, alreadyLoadedAs: report.alreadyLoadedAs },
    },
    ip,
  );
