/** Documents and meeting records of an area: the requests and answers of their routes (docs/documents.md). */
import { z } from 'zod';
import { timestamp } from '../api/route.js';
import { idField, idParam, withoutNhsNumber } from '../api/params.js';

export const areaParams = z.object({
  code: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2,10}$/, 'must be an ODS code'),
});
export const VISIBILITY = ['members', 'commissioners', 'practice'] as const;
const text = (max: number) =>
  withoutNhsNumber(z.string().trim().max(max, `must be at most ${max} characters`));
const required = (max: number) =>
  withoutNhsNumber(
    z.string().trim().min(1, 'must not be empty').max(max, `must be at most ${max} characters`),
  );
const practiceCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]\d{5}$/, 'must be a practice code like A81001');
const isoDate = z
  .string()
  .regex(/^(19|20)\d{2}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD (1900–2099)')
  // a calendar date: 2026-02-30 is refused here rather than by the database
  .refine((d) => {
    // (zod runs this after a failed pattern too: anything that is no date at all is simply not a real date)
    const t = new Date(`${d}T00:00:00Z`);
    return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d);
  }, 'must be a real date');

/**
 * A client's file name is only a label (the stored name is the checksum): one plain name, no folders, no control
 * characters, at most 120 characters.
 */
const fileName = z
  .string()
  .max(120, 'must be at most 120 characters')
  .regex(
    /^[\w][\w .()'&,+-]*$/,
    "must be a plain file name (letters, digits, spaces and . _ - ( ) ' & , +; no folders)",
  )
  .refine((n) => !n.includes('..'), 'must not contain ".."');

export const uploadQuery = z.object({
  name: fileName,
  title: required(200),
  summary: text(2000).default(''),
  visibility: z.enum(VISIBILITY).default('members'),
  practice: practiceCode.optional(),
});
export const versionQuery = z.object({
  name: fileName,
  title: required(200).optional(),
  summary: text(2000).optional(),
  visibility: z.enum(VISIBILITY).optional(),
  practice: practiceCode.optional(),
});

export const LINK_KINDS = ['practice', 'indicator', 'tier_rules', 'improvement_case'] as const;
export const linkBody = z.object({ kind: z.enum(LINK_KINDS), target: z.string().trim().min(1).max(100) });

const actionInput = z.object({
  description: required(1000),
  ownerOrg: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{2,10}$/, 'must be an ODS code'),
  ownerRole: required(100),
  ownerUserId: idField('a user number').optional(),
  dueOn: isoDate,
});

export const meetingBody = z.object({
  title: required(200),
  heldOn: isoDate,
  attendees: z.array(required(100)).min(1, 'must name at least one role').max(50),
  agenda: text(10_000).default(''),
  minutes: text(50_000).default(''),
  decisions: z.array(required(2000)).max(100).default([]),
  visibility: z.enum(VISIBILITY).default('members'),
  practice: practiceCode.optional(),
  actions: z.array(actionInput).max(100).default([]),
  links: z.array(linkBody).max(50).default([]),
});

export const searchQuery = z.object({ q: text(200).optional() });

export type MeetingBody = z.infer<typeof meetingBody>;
export const documentIdParams = z.object({ id: idParam('a document number') });
export const meetingIdParams = z.object({ id: idParam('a meeting number') });
export const fileParams = z.object({
  id: idParam('a document number'),
  version: idParam('a version number'),
});
export const linkParams = (subject: 'document' | 'meeting') =>
  z.object({ id: idParam(`a ${subject} number`) });
export const actionIdParams = z.object({ id: idParam('an action number') });
export const ACTION_STATUSES = ['open', 'done', 'cancelled'] as const;
export const actionStatusBody = z.object({ status: z.enum(ACTION_STATUSES), note: text(2000).default('') });

// ---- answers

const visibility = z.enum(VISIBILITY);

export const documentVersion = z.object({
  documentId: z.number().int(),
  areaCode: z.string(),
  version: z.number().int(),
  title: z.string(),
  summary: z.string(),
  visibility,
  /** the practice that may see it, with visibility=practice */
  visiblePractice: z.string().nullable(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
  contentType: z.string(),
  extension: z.string(),
  createdAt: timestamp(),
  createdRole: z.string().nullable(),
});

const links = z.array(z.object({ kind: z.enum(LINK_KINDS), target: z.string() }));

export const areaDocuments = z.object({
  area: z.string(),
  canWrite: z.boolean(),
  commissioner: z.boolean(),
  practices: z.array(z.string()),
  /** the largest file accepted, in bytes */
  maxBytes: z.number().int(),
  documents: z.array(documentVersion.extend({ versions: z.number().int() })),
});

export const documentPage = z.object({
  document: documentVersion,
  versions: z.array(documentVersion),
  links,
  canWrite: z.boolean(),
  maxBytes: z.number().int(),
});

export const storedVersion = z.object({
  documentId: z.number().int(),
  version: z.number().int(),
  sha256: z.string(),
  sizeBytes: z.number().int(),
});

export const fileCheck = z.object({
  checked: z.number().int(),
  problems: z.array(
    z.object({
      sha256: z.string(),
      problem: z.enum(['missing', 'altered']),
      versions: z.array(z.object({ documentId: z.number().int(), version: z.number().int() })),
    }),
  ),
  /** temporary files left in the storage folder */
  leftovers: z.array(z.string()),
});

export const linkList = z.object({ links });

export const meetingVersion = z.object({
  meetingId: z.number().int(),
  areaCode: z.string(),
  version: z.number().int(),
  title: z.string(),
  heldOn: z.string(),
  attendees: z.array(z.string()),
  agenda: z.string(),
  minutes: z.string(),
  decisions: z.array(z.string()),
  visibility,
  visiblePractice: z.string().nullable(),
  createdAt: timestamp(),
  createdRole: z.string().nullable(),
});

export const areaMeetings = z.object({
  area: z.string(),
  canWrite: z.boolean(),
  meetings: z.array(meetingVersion.extend({ openActions: z.number().int() })),
});

const actionStatus = z.enum(ACTION_STATUSES);
export const meetingAction = z.object({
  id: z.number().int(),
  meetingId: z.number().int(),
  description: z.string(),
  ownerOrg: z.string(),
  ownerRole: z.string(),
  ownerUserId: z.number().int().nullable(),
  dueOn: z.string(),
  status: actionStatus,
  history: z.array(
    z.object({ status: actionStatus, note: z.string(), at: timestamp(), role: z.string().nullable() }),
  ),
});

export const meetingPage = z.object({
  meeting: meetingVersion,
  versions: z.array(meetingVersion),
  actions: z.array(meetingAction),
  links,
  canWrite: z.boolean(),
});

export const savedMeeting = z.object({ meetingId: z.number().int(), version: z.number().int() });
