/** Practice groups (localities, federations, PCNs as they work together): /api/groups. */
import { z } from 'zod';
import { timestamp } from '../api/route.js';
import { withoutNhsNumber } from '../api/params.js';
import { OrgCode } from '../api/params.js';
import { GROUP_KINDS } from '../variation/groups.js';

const code = OrgCode.shape.code;

export const groupsQuery = z.object({ area: code });

export const groupBody = z.object({
  name: withoutNhsNumber(z.string().trim().min(2).max(200)),
  kind: z.enum(GROUP_KINDS),
  area: code,
  practices: z.array(code).min(1).max(2000),
});
export type GroupBody = z.infer<typeof groupBody>;

export const practiceGroup = z.object({
  id: z.number().int(),
  name: z.string(),
  kind: z.string(),
  areaCode: z.string(),
  createdBy: z.string(),
  updatedAt: timestamp(),
  members: z.array(z.object({ code: z.string(), name: z.string() })),
});

export const areaGroups = z.object({
  area: z.object({ code: z.string(), name: z.string() }),
  kinds: z.array(z.enum(GROUP_KINDS)),
  groups: z.array(practiceGroup),
});
