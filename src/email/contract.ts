/** Your choice of email about your inbox (GET and PUT /api/alerts/email). */
import { z } from 'zod';
import { EMAIL_MODES } from '../db/repos/email.js';

export const emailPreferenceBody = z.object({ mode: z.enum(EMAIL_MODES) }).strict();

export const emailPreferenceView = z.object({
  mode: z.enum(EMAIL_MODES),
  /** whether this server sends email (an SMTP relay is configured); the choice is kept either way */
  enabled: z.boolean(),
});
export type EmailPreferenceView = z.infer<typeof emailPreferenceView>;
