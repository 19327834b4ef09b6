/** The alerts inbox's requests and answers (GET /api/alerts, POST /api/alerts/read). */
import { z } from 'zod';
import { timestamp } from '../api/route.js';
import { idField, idParam } from '../api/params.js';
import { ALERT_KINDS } from './kinds.js';

export const inboxQuery = z.object({
  kind: z.enum(ALERT_KINDS).optional(),
  practice: z.string().trim().toUpperCase().min(1).max(12).optional(),
  indicator: z.string().trim().min(1).max(100).optional(),
  status: z.enum(['unread', 'read']).optional(),
  page: idParam('a page number').default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

export const inboxAlert = z.object({
  id: z.number().int(),
  kind: z.string(),
  practiceCode: z.string(),
  indicatorCode: z.string().nullable(),
  periodStart: z.string().nullable(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
  createdAt: timestamp(),
  read: z.boolean(),
});

const counted = <T extends z.ZodRawShape>(shape: T) => z.object({ ...shape, count: z.number().int() });

export const inboxAnswer = z.object({
  /** every alert in this user's inbox, and how many of them are unread (whatever the filter) */
  all: z.number().int(),
  unread: z.number().int(),
  /** the alerts the filter keeps, and how many of those are unread */
  matching: z.number().int(),
  matchingUnread: z.number().int(),
  page: z.number().int(),
  pageSize: z.number().int(),
  alerts: z.array(inboxAlert),
  /** what the filter can choose from, with counts */
  choices: z.object({
    kinds: z.array(counted({ kind: z.enum(ALERT_KINDS), label: z.string() })),
    practices: z.array(counted({ code: z.string(), name: z.string().nullable() })),
    indicators: z.array(counted({ code: z.string(), title: z.string().nullable() })),
  }),
});

export const markReadBody = z.object({ ids: z.array(idField('an alert number')).min(1).max(500) });
export const markedRead = z.object({ marked: z.number().int() });
