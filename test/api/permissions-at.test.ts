/**
 * What the viewer may do over one organisation (GET /api/auth/session/permissions), on both databases: the policy's
 * own decision, the hierarchy included, so that a page asks only for the sections the viewer may see. A PCN's peer
 * group lead may see practice groups at its PCN but not at its CCG or ICB (whose page asked, was refused with a 403
 * and hid the section), and GET /api/groups for them is still refused; for every role, each section of an area's,
 * a practice's and a trust's page that the answer offers is answered by its own route, and each it withholds is
 * refused there.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { Database } from '../../src/db/connect.js';
import { buildServer } from '../../src/api/server.js';
import { ingestFolder } from '../../src/ingest/ingest-file.js';
import { writeSyntheticArea } from '../../src/demo/synthetic.js';
import { ROLES, type Role } from '../../src/domain/roles.js';
import type { Action } from '../../src/auth/policy.js';
import { describeEachDatabase } from '../db/databases.js';
import { ANON, call, createRoleUser, FIXTURES, signIn, type TestSession } from './sessions.js';

/** The synthetic area: ICB QZZ, CCGs 9Z1 and 9Z2, PCN U90000 (Z10001–Z10009, in 9Z1), trusts RZ1 and RZ2. */
const ICB = 'QZZ';
const IN_PCN = 'Z10004';
const OTHER_CCG_PRACTICE = 'Z10030';

/** Sections of the pages, each the route it asks and the action the policy decides it by. */
const SECTIONS: Array<{ action: Action; orgs: string[]; url: (org: string) => string }> = [
  { action: 'groups.read', orgs: ['9Z1', '9Z2', ICB], url: (o) => `/api/groups?area=${o}` },
  { action: 'tiers.read_area', orgs: ['9Z1', '9Z2', ICB], url: (o) => `/api/tiers?area=${o}` },
  { action: 'tiers.read', orgs: [IN_PCN, OTHER_CCG_PRACTICE], url: (o) => `/api/practices/${o}/tier` },
  {
    action: 'annotations.read',
    orgs: [IN_PCN, OTHER_CCG_PRACTICE],
    url: (o) => `/api/practices/${o}/annotations`,
  },
  { action: 'providers.signals', orgs: ['RZ1', 'RZ2'], url: (o) => `/api/providers/${o}/signals` },
];

describeEachDatabase('what the viewer may do over an organisation', (t) => {
  let db: Database;
  let app: FastifyInstance;
  const as = new Map<Role, TestSession>();
  beforeAll(async () => {
    db = await t.open();
    await ingestFolder(db, writeSyntheticArea());
    app = await buildServer(db, { rateLimit: false });
    for (const role of ROLES) {
      await createRoleUser(db, role);
      as.set(role, await signIn(app, `${role}@test.lantern.invalid`, role));
    }
  }, 300_000);
  afterAll(async () => {
    await app?.close();
    if (db) await t.dispose(db);
  });

  const actionsAt = async (s: TestSession, org: string) => {
    const r = await call(app, s, { method: 'GET', url: `/api/auth/session/permissions?org=${org}` });
    expect(r.statusCode, `${s.role} at ${org}`).toBe(200);
    expect(r.headers['cache-control']).toBe('no-store');
    const body = r.json() as { org: string; actions: Action[] };
    expect(body.org).toBe(org);
    return body.actions;
  };

  it("a PCN's peer group lead may see practice groups at its PCN, not at its CCG or ICB, whose groups stay refused", async () => {
    const peers = as.get('peer_group_lead')!;
    expect(FIXTURES.peer_group_lead.grant).toBe('U90000');
    expect(await actionsAt(peers, 'U90000')).toContain('groups.read');
    for (const area of [ICB, '9Z1']) {
      const here = await actionsAt(peers, area);
      expect(here, area).not.toContain('groups.read');
      expect(here, area).not.toContain('figures.raw');
      const groups = await call(app, peers, { method: 'GET', url: `/api/groups?area=${area}` });
      expect(groups.statusCode, area).toBe(403);
      expect(groups.json().detail).toMatch(/your account covers other organisations/);
    }
    // its own practices' tiers and context notes, not another CCG's practices'
    expect(await actionsAt(peers, IN_PCN)).toEqual(
      expect.arrayContaining(['tiers.read', 'annotations.read']),
    );
    expect(await actionsAt(peers, OTHER_CCG_PRACTICE)).not.toContain('tiers.read');
  });

  it("a CCG's quality lead may see and make groups, and see every tier, in its CCG; none of that at the other CCG or at the ICB above it", async () => {
    const lead = as.get('commissioner_lead')!;
    expect(await actionsAt(lead, '9Z1')).toEqual(
      expect.arrayContaining(['groups.read', 'groups.manage', 'tiers.read_area', 'figures.raw']),
    );
    for (const elsewhere of ['9Z2', ICB]) {
      const here = await actionsAt(lead, elsewhere);
      for (const a of ['groups.read', 'groups.manage', 'tiers.read_area', 'figures.raw'] as const)
        expect(here, `${a} at ${elsewhere}`).not.toContain(a);
    }
  });

  it('for every role, each section the answer offers is answered by its route and each it withholds is refused', async () => {
    const seen: string[] = [];
    for (const [role, s] of as)
      for (const section of SECTIONS)
        for (const org of section.orgs) {
          const offered = (await actionsAt(s, org)).includes(section.action);
          const r = await call(app, s, { method: 'GET', url: section.url(org) });
          const where = `${role}: ${section.url(org)} (${r.statusCode})`;
          if (offered) expect(r.statusCode, where).toBe(200);
          // a refusal: 403, or 404 where the route hides whether there is anything (a trust's signals)
          else expect([403, 404], where).toContain(r.statusCode);
          seen.push(`${offered ? '+' : '-'}${role} ${section.action}@${org}`);
        }
    // both kinds occur for every section
    for (const section of SECTIONS) {
      expect(seen.some((x) => x.startsWith('+') && x.includes(` ${section.action}@`))).toBe(true);
      expect(seen.some((x) => x.startsWith('-') && x.includes(` ${section.action}@`))).toBe(true);
    }
  });

  it('a visitor not signed in may do nothing there, and an unknown code is 404', async () => {
    expect(await actionsAt(ANON, ICB)).toEqual([]);
    const r = await call(app, as.get('admin')!, {
      method: 'GET',
      url: '/api/auth/session/permissions?org=ZZZ999',
    });
    expect(r.statusCode).toBe(404);
  });
});
