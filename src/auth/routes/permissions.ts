/**
 * What the viewer may do over one organisation. The session names the organisations of the viewer's grants, not
 * what lies below them, so a page could not tell whether a section of an ICB's page was the viewer's (a PCN's peer
 * group lead holds "see practice groups" at the PCN, not at its ICB): it asked, was refused and hid the section, the
 * refusal left in the browser's console and the audit trail. Pages ask this instead, once per organisation.
 */
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/connect.js';
import { PUBLIC } from '../../api/access.js';
import { route } from '../../api/route.js';
import { requireOrganisation } from '../../organisations/lookup.js';
import type { Action } from '../policy.js';
import { permissionsAt, permissionsAtQuery } from '../contract.js';

export function permissionRoutes(app: FastifyInstance, db: Database): void {
  route(app, db, {
    method: 'GET',
    url: '/api/auth/session/permissions',
    summary:
      "The actions the signed-in user may take over one organisation (the policy's own decision, the hierarchy included); none when not signed in",
    tags: ['auth'],
    access: PUBLIC,
    query: permissionsAtQuery,
    responses: { 200: permissionsAt },
    handler: async ({ query, viewer, reply }) => {
      void reply.header('cache-control', 'no-store');
      const org = await requireOrganisation(db, query.org);
      const held = Object.keys(viewer.permissions.summary()) as Action[];
      // the same decision a route makes of the organisation it is asked about (one read of its ancestors)
      const allowed = await Promise.all(held.map((a) => viewer.can(a, { org: org.code })));
      return { org: org.code, actions: held.filter((_, i) => allowed[i]) };
    },
  });
}
