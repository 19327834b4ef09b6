/** The data-load log, and uploads of local indicators (the generic indicator CSV) by the commissioner team. */
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from '../db/connect.js';
import { listLoads } from '../db/repos/loads.js';
import { ingestFile } from '../ingest/ingest-file.js';
import { LoadRejected } from '../ingest/errors.js';
import { allow } from '../api/access.js';
import { AppError } from '../api/errors.js';
import { route } from '../api/route.js';
import { auditFailure } from '../api/failure-audit.js';
import { auditUpload, uploadGrantCheck } from './upload.js';
import { LoadListQuery, loadList, loadReport, UploadQuery } from './contract.js';

export function loadRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/loads',
    summary: 'Recent data loads with their counts and warnings',
    tags: ['data'],
    access: allow('loads.read'),
    query: LoadListQuery,
    responses: { 200: loadList },
    handler: async ({ query }) => listLoads(db, query.limit),
  });
  route(app, db, {
    method: 'POST',
    url: '/api/loads',
    summary:
      'Upload a local indicator file (the generic indicator CSV, Content-Type text/csv); all of it loads or none',
    tags: ['data'],
    access: allow('loads.upload'),
    query: UploadQuery,
    body: 'csv',
    // 201: a new load; 200: the same content was loaded before (alreadyLoadedAs names the load)
    responses: { 200: loadReport, 201: loadReport },
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
        reply.code(report.alreadyLoadedAs ? 200 : 201);
        return report;
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
