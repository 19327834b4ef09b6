/** The loads API's contract: the load log, and an upload's report. */
import { z } from 'zod';
import { timestamp } from '../api/route.js';

/** One data load: its file, counts and warnings. */
export const loadRow = z.object({
  id: z.number().int(),
  source: z.string(),
  fileName: z.string(),
  checksum: z.string(),
  rowsRead: z.number().int(),
  rowsAccepted: z.number().int(),
  rowsUnchanged: z.number().int(),
  rowsSuperseded: z.number().int(),
  warnings: z.array(z.string()),
  startedAt: timestamp(),
  finishedAt: timestamp().nullable(),
});

export const loadList = z.array(loadRow);

/** What a load did: the organisations, links, populations and values it wrote (or the load it repeats). */
export const loadReport = z.object({
  loadId: z.number().int().nullable(),
  source: z.string(),
  file: z.string(),
  /** the load that already holds this very file (nothing was written), or null */
  alreadyLoadedAs: z.number().int().nullable(),
  rowsRead: z.number().int(),
  rowsSkipped: z.number().int(),
  organisations: z.object({
    added: z.number().int(),
    updated: z.number().int(),
    unverified: z.number().int(),
  }),
  links: z.object({ changed: z.number().int() }),
  populations: z.object({
    inserted: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
  }),
  values: z.object({
    inserted: z.number().int(),
    superseded: z.number().int(),
    unchanged: z.number().int(),
    flagged: z.number().int(),
  }),
  warnings: z.array(z.string()),
});

export const UploadQuery = z.object({
  name: z
    .string()
    .max(120)
    .regex(/^[\w .()-]+\.csv$/i, 'must be a file name ending .csv (letters, digits, spaces, . _ - ( ))')
    .default('upload.csv'),
});

export const LoadListQuery = z.object({ limit: z.coerce.number().int().min(1).max(1000).default(200) });
