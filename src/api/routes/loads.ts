/** The data-load log, and uploads of local indicators (the generic indicator CSV) by the commissioner team. */
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { z } from 'zod';
import type { Database } from '../../db/connect.js';
import { listLoads } from '../../db/repos/loads.js';
import { ingestFile } from '../../ingest/ingest-file.js';
import { LoadRejected } from '../../ingest/errors.js';
import { allow, type Viewer } from '../access.js';
import { AppError, forbidden } from '../errors.js';
import { route } from '../route.js';
import { auditFailure } from '../failure-audit.js';

export const UPLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

export function loadRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/loads',
    summary: 'Recent data loads with their counts and warnings',
    tags: ['data'],
    access: allow('loads.read'),
    query: z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) }),
    handler: async ({ query }) => listLoads(db, query.limit),
  });
  route(app, db, {
    method: 'POST',
    url: '/api/loads',
    summary:
      'Upload a local indicator file (the generic indicator CSV, Content-Type text/csv); all of it loads or none',
    tags: ['data'],
    access: allow('loads.upload'),
    query: z.object({
      name: z
        .string()
        .max(120)
        .regex(/^[\w .()-]+\.csv$/i, 'must be a file name ending .csv (letters, digits, spaces, . _ - ( ))')
        .default('upload.csv'),
    }),
    body: 'csv',
    rateLimit: { max: 30, timeWindow: '1 minute' },
    handler: async ({ query, body, viewer, request, reply }) => {
      // the upload is written under a fresh private folder with a fixed name; the client's name is only a label
      const dir = mkdtempSync(join(tmpdir(), 'lantern-upload-'));
      const path = join(dir, 'upload.csv');
      try {
        writeFileSync(path, body as Buffer, { mode: 0o600 });
        const report = await ingestFile(db, path, {
          source: 'generic-indicator',
          displayName: `upload/${query.name}`,
          check: uploadGrantCheck(viewer, 'this file'),
        });
        await auditUpload(db, viewer, request.ip, report);
        return reply.status(report.alreadyLoadedAs ? 200 : 201).send(report);
      } catch (e) {
        // a refused file is recorded too: who tried to load what, and where it first went wrong (not the values)
        const refused = e instanceof LoadRejected || (e instanceof AppError && e.status < 500);
        if (refused)
          await auditFailure(
            db,
            request,
            {
              action: 'data.upload',
              target: null,
              outcome: 'refused',
              details: {
                file: `upload/${query.name}`,
                status: e instanceof LoadRejected ? 400 : (e as AppError).status,
                ...(e instanceof LoadRejected
                  ? {
                      problems: e.problems.length + e.more,
                      first: { line: e.problems[0]?.line ?? null, column: e.problems[0]?.column ?? null },
                    }
                  : { reason: (e as AppError).code }),
              },
            },
            viewer.role,
          );
        if (e instanceof LoadRejected) throw new AppError(400, 'bad_request', e.message, e.problems);
        throw e;
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  });
}

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
