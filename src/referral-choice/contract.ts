/** The referral-choice API's contract. */
import { z } from 'zod';

export const ReferralQuery = z.object({
  service: z
    .string()
    .regex(/^\d{3}$/, 'must be a treatment function code')
    .optional(),
  providers: z
    .string()
    .regex(/^[A-Za-z0-9]{3,9}(,[A-Za-z0-9]{3,9}){0,19}$/, 'must be up to 20 ODS codes separated by commas')
    .optional(),
});
