/** The reports API's contract: which report, for what and in which format. */
import { z } from 'zod';
import { IsoDate, OrgCode } from '../api/params.js';

const Format = z.enum(['html', 'pdf', 'json']).default('html');

export const QsgQuery = z.object({
  area: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{3,9}$/, 'must be an ODS code')
    .optional(),
  from: IsoDate.optional(),
  to: IsoDate.optional(),
  format: z.enum(['html', 'pdf', 'json']).default('html'),
});

export const PracticeReportQuery = z.object({ format: Format });

export const CommitteeParams = z.object({ icb: OrgCode.shape.code });

export const CommitteeQuery = z.object({ from: IsoDate.optional(), to: IsoDate.optional(), format: Format });
